import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOG_DIR } from '@credential-tracker/findings';
import { bundleNodeProgram, buildCli } from '../../build/build-cli.js';
import { BenchmarkUsageError, type Benchmark, type BenchmarkValues } from '../benchmark.js';
import { describeMachine } from '../machine.js';
import { formatCount, markdownTable } from '../markdown.js';
import { BENCH_AS_OF, USERS_PER_ACCOUNT, withSyntheticOrganization } from './child-process.js';
import { measureNodeProcess, median, type ProcessMeasurement } from './measured-process.js';
import { sizesOf } from './sizes.js';

const DEFAULT_SIZES = '10k,200k,1m';
const DEFAULT_ROUNDS = 3;
const STARTUP_ROUNDS = 7;
const DUCKDB_ONLY_ENTRY = fileURLToPath(new URL('./duckdb-only-main.ts', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../../examples/reports', import.meta.url));
// Beside the CLI's bundle (gitignored, and ignored by ESLint and Prettier as every dist/ is), so that
// it finds DuckDB's native binding in node_modules as the CLI does.
const DUCKDB_ONLY_BUNDLE = fileURLToPath(
  new URL('../../../packages/cli/dist/bench-duckdb-only.mjs', import.meta.url),
);
const MIB = 2 ** 20;

/**
 * The built CLI's `scan --format json --out FILE` beside DuckDB alone on the same generated files:
 * read_csv of every report (all text, strict), the eleven catalog queries with their parameters
 * bound, each written as JSON by COPY. Both are bundled the same way and run in fresh processes,
 * taking turns so that a burst of load elsewhere slows both alike; each figure is the median of the
 * rounds, CPU counting every thread (DuckDB's own included). Speed targets live here, not in tests.
 */
export const scanBenchmark: Benchmark = {
  name: 'scan',
  summary: `the built CLI's scan beside DuckDB alone on synthetic Organizations (${USERS_PER_ACCOUNT} users per account): CPU, ratio, wall, peak RSS, start-up`,
  options: {
    sizes: {
      type: 'string',
      description: `comma-separated Organization sizes in users (default ${DEFAULT_SIZES})`,
    },
    rounds: {
      type: 'string',
      description: `runs of each program per size, taking turns; medians are shown (default ${DEFAULT_ROUNDS})`,
    },
  },
  async run(values: BenchmarkValues): Promise<string> {
    const rounds = roundsOf(values);
    const scratch = await mkdtemp(join(tmpdir(), 'ct-bench-programs-'));
    try {
      const cli = await buildCli();
      const duckDbOnly = await bundleNodeProgram(DUCKDB_ONLY_ENTRY, DUCKDB_ONLY_BUNDLE);
      const asOf = BENCH_AS_OF.toISOString();

      const startup: number[] = [];
      for (let round = 0; round < STARTUP_ROUNDS; round += 1) {
        const run = await measureNodeProcess(cli, ['scan', SAMPLE, '--as-of', asOf, '--format', 'json']);
        startup.push(run.wallSeconds);
      }

      const rows: string[][] = [];
      for (const users of sizesOf(values, DEFAULT_SIZES)) {
        const measured = await withSyntheticOrganization(users, async (directory) => {
          const scans: ProcessMeasurement[] = [];
          const alone: ProcessMeasurement[] = [];
          for (let round = 0; round < rounds; round += 1) {
            const out = join(scratch, `round-${round}`);
            alone.push(await measureNodeProcess(duckDbOnly, [directory, asOf, `${out}-duckdb`, CATALOG_DIR]));
            scans.push(
              await measureNodeProcess(cli, [
                'scan',
                directory,
                '--as-of',
                asOf,
                '--format',
                'json',
                '--out',
                `${out}-scan.json`,
              ]),
            );
          }
          return { scans, alone };
        });
        const scanCpu = median(measured.scans.map((run) => run.cpuSeconds));
        const aloneCpu = median(measured.alone.map((run) => run.cpuSeconds));
        rows.push([
          formatCount(users),
          formatCount(Math.ceil(users / USERS_PER_ACCOUNT)),
          scanCpu.toFixed(2),
          aloneCpu.toFixed(2),
          `${(scanCpu / aloneCpu).toFixed(2)}×`,
          median(measured.scans.map((run) => run.wallSeconds)).toFixed(2),
          median(measured.alone.map((run) => run.wallSeconds)).toFixed(2),
          (Math.max(...measured.scans.map((run) => run.peakRssBytes)) / MIB).toFixed(0),
          (Math.max(...measured.alone.map((run) => run.peakRssBytes)) / MIB).toFixed(0),
        ]);
      }
      return [
        '## Scan beside DuckDB alone',
        '',
        '`credential-tracker scan --format json --out FILE` (the built CLI: validate every report, load it',
        'into DuckDB, run the catalog, write the findings) beside DuckDB alone on the same files (read_csv',
        'all text and strict, the eleven catalog queries with their parameters bound, COPY to JSON), over',
        `synthetic Organizations of ${formatCount(USERS_PER_ACCOUNT)} users per account at ${asOf}.`,
        `Fresh processes taking turns, ${rounds} rounds; medians; CPU is user + system of every thread.`,
        `Measured on ${describeMachine()}.`,
        '',
        markdownTable(
          [
            'users',
            'reports',
            'scan CPU s',
            'DuckDB alone CPU s',
            'ratio',
            'scan wall s',
            'DuckDB alone wall s',
            'scan peak RSS MiB',
            'DuckDB alone peak RSS MiB',
          ],
          rows,
          [true, true, true, true, true, true, true, true, true],
        ),
        '',
        `Start-up: the sample scan (\`scan examples/reports\`, 11 users) takes ${median(startup).toFixed(2)} s wall`,
        `(median of ${STARTUP_ROUNDS}).`,
        '',
      ].join('\n');
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  },
};

function roundsOf(values: BenchmarkValues): number {
  if (values.rounds === undefined) return DEFAULT_ROUNDS;
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new BenchmarkUsageError(
      `--rounds: ${JSON.stringify(values.rounds)} is not a whole number of rounds`,
    );
  }
  return rounds;
}
