// What runs anywhere, a Lambda bundle included: the catalog, its contract and its parameters.
// The DuckDB engine (a native module) lives behind '@credential-tracker/findings/local'.
export * from './contract.js';
export * from './catalog.js';
export * from './parameters.js';
export * from './changes.js';
