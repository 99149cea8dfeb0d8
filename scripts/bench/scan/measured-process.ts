import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE_REPORTER = fileURLToPath(new URL('./usage-reporter.mjs', import.meta.url));

export interface ProcessMeasurement {
  /** User and system CPU of the whole process, every thread. */
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  readonly peakRssBytes: number;
}

/** A failed measured run: its command and what it wrote on stderr. */
export class MeasuredProcessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MeasuredProcessError';
  }
}

/**
 * Runs `node <script> ...args` in a fresh process, stdout discarded, and returns its CPU, wall time
 * and peak RSS as the process itself reported them at exit (usage-reporter.mjs).
 */
export async function measureNodeProcess(
  script: string,
  args: readonly string[],
): Promise<ProcessMeasurement> {
  const directory = await mkdtemp(join(tmpdir(), 'ct-bench-usage-'));
  const usageFile = join(directory, 'usage.json');
  try {
    const started = process.hrtime.bigint();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', USAGE_REPORTER, script, ...args], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, CT_BENCH_USAGE_FILE: usageFile },
      });
      let text = '';
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('error', reject);
      child.on('close', (exitCode) => resolve({ code: exitCode, stderr: text }));
    });
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (code !== 0) {
      throw new MeasuredProcessError(
        `node ${script} ${args.join(' ')} ended with exit code ${code}: ${stderr}`,
      );
    }
    const usage = JSON.parse(await readFile(usageFile, 'utf8')) as {
      cpuSeconds: number;
      peakRssBytes: number;
    };
    return { ...usage, wallSeconds };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
