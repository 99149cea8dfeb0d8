export * from './columns.js';
export * from './errors.js';
export * from './values.js';
export * from './report-row.js';
export * from './parse-report.js';
export * from './format-report.js';
export * from './report-builder.js';
export * from './config.js';
