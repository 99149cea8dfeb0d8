export * from './run-context.js';
export * from './s3-layout.js';
export * from './settings.js';
export * from './member-role.js';
