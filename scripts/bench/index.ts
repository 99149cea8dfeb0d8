/**
 * `npm run bench`: runs the registered benchmarks, prints each one's markdown and keeps it in
 * bench-results/<name>.md (gitignored). A later benchmark (bundle size, cold start) is one more
 * entry in BENCHMARKS.
 *
 *   npm run bench [-- --only scan[,other]] [benchmark options, e.g. --sizes 10k,100k]
 *   npm run bench -- --list
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BenchmarkUsageError, type Benchmark } from './benchmark.js';
import { bundlesBenchmark } from './bundles/bundles-benchmark.js';
import { pipelineBenchmark } from './pipeline/pipeline-benchmark.js';
import { scanPhasesBenchmark } from './scan/phases-benchmark.js';
import { scanBenchmark } from './scan/scan-benchmark.js';

// Every benchmark, in the order they run. scan-phases is a profile: it runs only when named with --only.
const BENCHMARKS: readonly Benchmark[] = [
  scanBenchmark,
  scanPhasesBenchmark,
  pipelineBenchmark,
  bundlesBenchmark,
];
const DEFAULT_BENCHMARKS = ['scan', 'pipeline', 'bundles'];

const RESULTS_DIRECTORY = fileURLToPath(new URL('../../bench-results/', import.meta.url));

function parseCommandLine(): { selected: Benchmark[]; values: Record<string, string | boolean | undefined> } {
  const options: NonNullable<ParseArgsConfig['options']> = {
    only: { type: 'string' },
    list: { type: 'boolean' },
  };
  for (const benchmark of BENCHMARKS) {
    for (const [name, option] of Object.entries(benchmark.options)) options[name] = { type: option.type };
  }
  const { values } = parseArgs({ options, strict: true, allowPositionals: false });
  const names = typeof values.only === 'string' ? values.only.split(',') : DEFAULT_BENCHMARKS;
  const selected = names.map((name) => {
    const benchmark = BENCHMARKS.find((candidate) => candidate.name === name.trim());
    if (benchmark === undefined) {
      throw new BenchmarkUsageError(
        `--only: no benchmark ${JSON.stringify(name)}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`,
      );
    }
    return benchmark;
  });
  return { selected, values: values as Record<string, string | boolean | undefined> };
}

function listBenchmarks(): void {
  for (const benchmark of BENCHMARKS) {
    const when = DEFAULT_BENCHMARKS.includes(benchmark.name) ? 'runs by default' : `--only ${benchmark.name}`;
    console.log(`${benchmark.name} (${when}): ${benchmark.summary}`);
    for (const [name, option] of Object.entries(benchmark.options)) {
      console.log(`  --${name}${option.type === 'string' ? ' VALUE' : ''}  ${option.description}`);
    }
  }
}

async function main(): Promise<void> {
  const { selected, values } = parseCommandLine();
  if (values.list === true) {
    listBenchmarks();
    return;
  }
  await mkdir(RESULTS_DIRECTORY, { recursive: true });
  for (const benchmark of selected) {
    const markdown = await benchmark.run(values);
    const file = join(RESULTS_DIRECTORY, `${benchmark.name}.md`);
    await writeFile(file, markdown);
    console.log(markdown);
    console.error(`(kept in ${file})`);
  }
}

try {
  await main();
} catch (error) {
  const usage =
    error instanceof BenchmarkUsageError ||
    (error instanceof Error && String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS'));
  if (!usage) throw error;
  console.error(`bench: ${error.message}`);
  process.exitCode = 2;
}
