// The optional export of findings to AWS Security Hub (ASFF), apart from '@credential-tracker/core/aws'
// so that only the function that exports bundles the Security Hub client.
export * from './asff.js';
export * from './export.js';
