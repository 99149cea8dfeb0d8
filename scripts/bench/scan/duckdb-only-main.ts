/**
 * The DuckDB-only path as a program of its own, bundled and started like the CLI so that the two
 * are timed alike (see scan-benchmark.ts).
 *
 *   node duckdb-only.mjs <reports-dir> <as-of ISO> <output-prefix> <catalog-dir>
 */
import { findReportFiles } from '@credential-tracker/findings/local';
import { duckDbOnlyScan } from './duckdb-only.js';

const [directory, asOfText, outputPrefix, catalogDirectory] = process.argv.slice(2);
if (!directory || !asOfText || !outputPrefix || !catalogDirectory) {
  throw new Error('usage: duckdb-only <reports-dir> <as-of ISO> <output-prefix> <catalog-dir>');
}
await duckDbOnlyScan(await findReportFiles([directory]), new Date(asOfText), outputPrefix, catalogDirectory);
