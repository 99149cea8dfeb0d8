import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchmarkValues } from '../benchmark.js';
import { describeMachine } from '../machine.js';
import { formatCount, markdownTable } from '../markdown.js';
import { BENCH_AS_OF, runWorker, withSyntheticOrganization } from './child-process.js';
import { sizesOf } from './sizes.js';
import type { PhaseMeasurement } from './phases-worker.js';

const DEFAULT_SIZES = '1m';
const WORKER = fileURLToPath(new URL('./phases-worker.ts', import.meta.url));

export const scanPhasesBenchmark: Benchmark = {
  name: 'scan-phases',
  summary:
    'where the time of a scan goes: file reads, CSV cutting, the row validator, DuckDB read_csv, each query',
  options: {
    sizes: { type: 'string', description: `as for scan (default ${DEFAULT_SIZES})` },
  },
  async run(values: BenchmarkValues): Promise<string> {
    const sections = ['## Scan phases', '', `Measured on ${describeMachine()}.`, ''];
    for (const users of sizesOf(values, DEFAULT_SIZES)) {
      const measured = await withSyntheticOrganization(users, (directory) =>
        runWorker<PhaseMeasurement>(WORKER, [directory, BENCH_AS_OF.toISOString()]),
      );
      const total = measured.phases
        .filter(([phase]) => !phase.startsWith(' '))
        .reduce((sum, [, seconds]) => sum + seconds, 0);
      sections.push(
        `### ${formatCount(users)} users, ${formatCount(measured.findings)} findings`,
        '',
        markdownTable(
          ['phase', 'seconds', 'share'],
          measured.phases.map(([phase, seconds]) => [
            phase.replace(/^ +/, '… '),
            seconds.toFixed(2),
            `${((100 * seconds) / total).toFixed(0)} %`,
          ]),
          [false, true, true],
        ),
        '',
        markdownTable(
          ['query', 'findings', 'seconds'],
          measured.queries.map(([id, rows, seconds]) => [id, formatCount(rows), seconds.toFixed(2)]),
          [false, true, true],
        ),
        '',
      );
    }
    return sections.join('\n');
  },
};
