export * from './records.js';
export * from './policy-document.js';
export * from './from-authorization-details.js';
export * from './schemas.js';
export * from './json-lines.js';
export * from './columns.js';
export * from './directory.js';
