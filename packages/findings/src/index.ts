export * from './contract.js';
export * from './catalog.js';
export * from './parameters.js';
export * from './duckdb-engine.js';
export * from './local-scan.js';
