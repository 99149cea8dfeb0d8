import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

// The child times only the import: Node's own start-up is what every function pays anyway, the
// bundle's parse and top-level evaluation is what we control. Warnings (the SDK's Node-version
// notice on Node 20) would land in stderr and are not part of the measure.
const TIMER = `const started = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - started));`;

/** Milliseconds one fresh Node process takes to import the module at `file`. */
export async function importMilliseconds(file: string): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    ['--no-warnings', '--input-type=module', '--eval', TIMER, pathToFileURL(file).href],
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
