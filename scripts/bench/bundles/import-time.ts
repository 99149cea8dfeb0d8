import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

// The child times only the import: Node's own start-up is what every function pays anyway, the
// bundle's parse and top-level evaluation is what we control. Before the clock starts it imports an
// empty module from a file: the first file import sets up Node's ES module loader (8 to 10 ms here),
// which the Lambda runtime has done before it loads the handler, its own entry being an ES module.
// Warnings (the SDK's Node-version notice on Node 20) would land in stderr and are not measured.
const TIMER = `await import(process.argv[2]); const started = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - started));`;

let loaderWarmUp: Promise<string> | undefined;

/** An empty ES module in a temporary folder, made once per process. */
function loaderWarmUpModule(): Promise<string> {
  loaderWarmUp ??= (async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'ct-import-time-')), 'loader-warm-up.mjs');
    await writeFile(file, 'export {};\n');
    return pathToFileURL(file).href;
  })();
  return loaderWarmUp;
}

/** Milliseconds one fresh Node process takes to import the module at `file`. */
export async function importMilliseconds(file: string): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    [
      '--no-warnings',
      '--input-type=module',
      '--eval',
      TIMER,
      pathToFileURL(file).href,
      await loaderWarmUpModule(),
    ],
    // A Lambda starts with a bare environment: no AWS settings, nothing our shell happens to hold.
    { env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1' } },
  );
  const milliseconds = Number(stdout);
  if (!Number.isFinite(milliseconds)) throw new Error(`importing ${file} printed ${JSON.stringify(stdout)}`);
  return milliseconds;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
