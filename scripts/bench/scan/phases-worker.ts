/**
 * Times each step of a scan separately over one synthetic Organization, to show where the time of
 * `scanReportFiles` goes. It repeats the steps scanReportFiles takes with the same public pieces, and
 * times the CSV parser and the row reader on their own as well (they also run inside validation).
 * Started by the scan-phases benchmark with an IPC channel; sends back a PhaseMeasurement.
 *
 *   node --import tsx scripts/bench/scan/phases-worker.ts <reports-dir> <as-of ISO>
 */
import { readFile } from 'node:fs/promises';
// papaparse is what @credential-tracker/core falls back to for quoted reports (quote-free ones are
// cut by split); timed alone here as a reference beside the row validator.
import Papa from 'papaparse';
import {
  compareText,
  DEFAULT_CONFIG,
  reportRowProblem,
  validateCredentialReport,
} from '@credential-tracker/core';
import {
  DuckDbFindingEngine,
  findReportFiles,
  findingRowSchema,
  loadCatalog,
  severityRank,
  utcDate,
  type ScanFinding,
} from '@credential-tracker/findings/local';

export interface PhaseMeasurement {
  readonly users: number;
  readonly findings: number;
  /** Seconds per phase, in the order they run. */
  readonly phases: readonly (readonly [string, number])[];
  /** Seconds per finding query (engine.run: SQL, rows to JS objects, contract check). */
  readonly queries: readonly (readonly [string, number, number])[];
}

const [directory, asOfText] = process.argv.slice(2);
if (directory === undefined || asOfText === undefined || process.send === undefined) {
  throw new Error(
    'usage: started by the scan-phases benchmark with <reports-dir> <as-of ISO> and an IPC channel',
  );
}

const seconds = { read: 0, csv: 0, schema: 0, validate: 0, load: 0, queries: 0, contract: 0, sort: 0 };
const timed = async <T>(phase: keyof typeof seconds, step: () => T | Promise<T>): Promise<T> => {
  const started = process.hrtime.bigint();
  const result = await step();
  seconds[phase] += Number(process.hrtime.bigint() - started) / 1e9;
  return result;
};

const asOf = new Date(asOfText);
const reportDate = utcDate(asOf);
const catalog = loadCatalog();
const engine = await DuckDbFindingEngine.create();
let users = 0;
const files = await findReportFiles([directory]);
for (const file of files) {
  const bytes = await timed('read', () => readFile(file));
  const text = bytes.toString('utf8');
  const parsed = await timed('csv', () => Papa.parse<string[]>(text, { delimiter: ',', header: false }));
  await timed('schema', () => {
    for (const cells of parsed.data.slice(1)) reportRowProblem(cells);
  });
  const report = await timed('validate', () => validateCredentialReport(bytes, { source: file }));
  users += report.cells.length;
}
// As scanReportFiles does: DuckDB's read_csv loads every validated file at once.
await timed('load', () => engine.loadValidatedFiles(files, users, reportDate));

const findings: ScanFinding[] = [];
const queries: [string, number, number][] = [];
for (const finding of catalog) {
  const started = process.hrtime.bigint();
  const rows = await engine.run(finding, { asOf, reportDate, config: DEFAULT_CONFIG });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  seconds.queries += elapsed;
  queries.push([finding.id, rows.length, elapsed]);
  // engine.run checks every row against the contract; timing the check again shows its share.
  await timed('contract', () => rows.forEach((row) => findingRowSchema.parse(row)));
  for (const row of rows) findings.push({ finding: finding.id, severity: finding.severity, ...row });
}
// The order scanReportFiles sorts findings in: severity, then code-point order of the text columns.
await timed('sort', () =>
  findings.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      compareText(a.finding, b.finding) ||
      compareText(a.account_id, b.account_id) ||
      compareText(a.user_name, b.user_name) ||
      compareText(a.credential, b.credential),
  ),
);
engine.close();

const measurement: PhaseMeasurement = {
  users,
  findings: findings.length,
  phases: [
    ['read the files', seconds.read],
    ['validate: whole (CSV cutting + row validator + checks)', seconds.validate],
    ['  papaparse on the same text (timed alone, for reference)', seconds.csv],
    ['  of which the row validator (timed alone)', seconds.schema],
    ['load: DuckDB read_csv', seconds.load],
    ['queries: engine.run, whole catalog', seconds.queries],
    ['  of which finding-row contract (timed alone)', seconds.contract],
    ['sort the findings', seconds.sort],
  ],
  queries,
};
process.send(measurement);
