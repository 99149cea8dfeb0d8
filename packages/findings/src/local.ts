// The local twin of Athena: everything in the main entry plus the embedded DuckDB engine and the
// file scan. Kept apart because @duckdb/node-api is a native module no Lambda bundle should carry.
export * from './index.js';
export * from './duckdb-engine.js';
export * from './local-scan.js';
export * from './inventory-tables.js';
export * from './inventory-engine.js';
export * from './trino-compat.js';
