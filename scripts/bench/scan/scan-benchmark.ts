import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchmarkValues } from '../benchmark.js';
import { describeMachine } from '../machine.js';
import { formatCount, markdownTable } from '../markdown.js';
import { BENCH_AS_OF, USERS_PER_ACCOUNT, runWorker, withSyntheticOrganization } from './child-process.js';
import { sizesOf } from './sizes.js';
import type { ScanMeasurement } from './worker.js';

const DEFAULT_SIZES = '10k,100k,1m';
const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const MIB = 2 ** 20;

export const scanBenchmark: Benchmark = {
  name: 'scan',
  summary: `the scan of synthetic Organizations (${USERS_PER_ACCOUNT} users per account): users per second and peak RSS`,
  options: {
    sizes: {
      type: 'string',
      description: `comma-separated Organization sizes in users (default ${DEFAULT_SIZES})`,
    },
  },
  async run(values: BenchmarkValues): Promise<string> {
    const rows: string[][] = [];
    let baseline = 0;
    for (const users of sizesOf(values, DEFAULT_SIZES)) {
      const measured = await withSyntheticOrganization(users, (directory) =>
        runWorker<ScanMeasurement>(WORKER, [directory, BENCH_AS_OF.toISOString()]),
      );
      baseline = Math.max(baseline, measured.baselineRssBytes);
      rows.push([
        formatCount(users),
        formatCount(measured.files),
        formatCount(measured.users),
        formatCount(measured.findings),
        measured.seconds.toFixed(2),
        formatCount(measured.users / measured.seconds),
        (measured.peakRssBytes / MIB).toFixed(0),
      ]);
    }
    return [
      '## Scan throughput',
      '',
      '`scanReportFiles` (read and validate every report, load it into DuckDB, run the whole catalog)',
      `over synthetic Organizations of ${formatCount(USERS_PER_ACCOUNT)} users per account in the S3 layout,`,
      `at ${BENCH_AS_OF.toISOString()} with the default thresholds; each size in a fresh process.`,
      `Measured on ${describeMachine()}.`,
      '',
      markdownTable(['size', 'files', 'users', 'findings', 'seconds', 'users/s', 'peak RSS MiB'], rows, [
        true,
        true,
        true,
        true,
        true,
        true,
        true,
      ]),
      '',
      `Peak RSS is the process's high-water mark; about ${(baseline / MIB).toFixed(0)} MiB of it is Node, tsx and`,
      'the loaded modules before the scan starts.',
      '',
    ].join('\n');
  },
};
