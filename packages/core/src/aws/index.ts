export * from './run-context.js';
export * from './s3-layout.js';
export * from './settings.js';
export * from './member-role.js';
export * from './athena.js';
export * from './client-config.js';
export * from './member-iam.js';
export * from './account-task.js';
