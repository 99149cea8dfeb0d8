import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { buildFunctions, type BuiltFunction } from '../../build/build-functions.js';
import { BUNDLE_FILE } from '../../build/bundle.js';
import { BenchmarkUsageError, type Benchmark, type BenchmarkValues } from '../benchmark.js';
import { describeMachine } from '../machine.js';
import { formatCount, markdownTable } from '../markdown.js';
import { importMilliseconds, median } from './import-time.js';

/** The targets issue 4 sets for every function's zip. */
export const ZIP_TARGET_BYTES = 250 * 1024;
export const IMPORT_TARGET_MS = 100;
const DEFAULT_RUNS = 15;

const FUNCTIONS_DIRECTORY = fileURLToPath(new URL('../../../functions/', import.meta.url));

export interface BundleMeasure {
  readonly name: string;
  readonly zipBytes: number;
  readonly bundleBytes: number;
  readonly importMs: { readonly median: number; readonly min: number; readonly max: number };
}

function runsOf(values: BenchmarkValues): number {
  const text = values.runs;
  if (text === undefined) return DEFAULT_RUNS;
  const runs = Number(text);
  if (typeof text !== 'string' || !Number.isInteger(runs) || runs < 1 || runs > 1_000) {
    throw new BenchmarkUsageError(
      `--runs: a whole number of imports from 1 to 1000, not ${JSON.stringify(text)}`,
    );
  }
  return runs;
}

/** Unpacks a zip as Lambda does, into `directory`, and returns the path of its handler module. */
async function unpack(zipFile: string, directory: string): Promise<string> {
  for (const [name, content] of Object.entries(unzipSync(await readFile(zipFile)))) {
    if (name.endsWith('/')) continue;
    await mkdir(dirname(join(directory, name)), { recursive: true });
    await writeFile(join(directory, name), content);
  }
  return join(directory, BUNDLE_FILE);
}

/** The unpacked function and the import times taken of it so far. */
interface Sampled {
  readonly built: BuiltFunction;
  readonly handlerModule: string;
  readonly times: number[];
}

async function summarise(sampled: Sampled): Promise<BundleMeasure> {
  const { built, handlerModule, times } = sampled;
  return {
    name: built.name,
    zipBytes: built.bytes,
    bundleBytes: (await readFile(handlerModule)).byteLength,
    importMs: { median: median(times), min: Math.min(...times), max: Math.max(...times) },
  };
}

export async function measureBundles(
  runs: number,
  functionsDirectory = FUNCTIONS_DIRECTORY,
): Promise<BundleMeasure[]> {
  const workspace = await mkdtemp(join(tmpdir(), 'ct-bench-bundles-'));
  try {
    const built = await buildFunctions({ functionsDirectory, outputDirectory: join(workspace, 'dist') });
    const sampled: Sampled[] = [];
    for (const entry of built) {
      const handlerModule = await unpack(entry.zipFile, join(workspace, 'unpacked', entry.name));
      // One import first, not counted: it warms the file cache, as Lambda's own copy of the code is warm.
      await importMilliseconds(handlerModule);
      sampled.push({ built: entry, handlerModule, times: [] });
    }
    // The functions take turns, one import each a round: a burst of load from elsewhere on the machine
    // then slows every function alike instead of whichever one happened to be measured at the time.
    for (let run = 0; run < runs; run++) {
      process.stderr.write(
        `round ${run + 1} of ${runs}: one cold import of each of ${sampled.length} functions\n`,
      );
      for (const entry of sampled) entry.times.push(await importMilliseconds(entry.handlerModule));
    }
    return Promise.all(sampled.map(summarise));
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

export function bundlesMarkdown(measures: readonly BundleMeasure[], runs: number): string {
  const rows = measures.map((entry) => {
    const within = entry.zipBytes <= ZIP_TARGET_BYTES && entry.importMs.median <= IMPORT_TARGET_MS;
    return [
      entry.name,
      kib(entry.zipBytes),
      kib(entry.bundleBytes),
      entry.importMs.median.toFixed(1),
      `${entry.importMs.min.toFixed(1)}–${entry.importMs.max.toFixed(1)}`,
      within ? 'yes' : 'no',
    ];
  });
  return [
    '## Lambda bundles',
    '',
    `Each function as \`npm run build\` zips it: the zip, the unpacked index.mjs, and the time a fresh Node process takes to import it (parse and top-level code; Node's own start-up and the set-up of its ES module loader, which the Lambda runtime has done before, excluded), median of ${formatCount(runs)} imports after one warm-up, the functions taking turns. Targets: at most ${kib(ZIP_TARGET_BYTES)} zipped and ${IMPORT_TARGET_MS} ms.`,
    `Measured on ${describeMachine()}.`,
    '',
    markdownTable(
      ['function', 'zip', 'index.mjs', 'import ms (median)', 'import ms (range)', 'within targets'],
      rows,
      [false, true, true, true, true, false],
    ),
    '',
  ].join('\n');
}

export const bundlesBenchmark: Benchmark = {
  name: 'bundles',
  summary: "each Lambda function's zip size and the cold import time of its bundle over bare node",
  options: {
    runs: { type: 'string', description: `imports measured per function (default ${DEFAULT_RUNS})` },
  },
  async run(values) {
    const runs = runsOf(values);
    return bundlesMarkdown(await measureBundles(runs), runs);
  },
};
