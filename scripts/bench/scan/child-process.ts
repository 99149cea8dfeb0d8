import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCount } from '../markdown.js';
import { writeSyntheticOrganization } from './synthetic-organization.js';

/** The as-of time of every synthetic Organization, the same as the sample's. */
export const BENCH_AS_OF = new Date('2026-11-23T00:15:00Z');
export const USERS_PER_ACCOUNT = 1_000;

/**
 * Generates an Organization of `users` users in a temporary directory, hands it to `measure`, and
 * removes it afterwards: a million users take about 350 MB of CSV.
 */
export async function withSyntheticOrganization<T>(
  users: number,
  measure: (directory: string) => Promise<T>,
): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), 'ct-bench-scan-'));
  try {
    const started = Date.now();
    process.stderr.write(`${formatCount(users)} users: generating reports in ${directory} ... `);
    await writeSyntheticOrganization(directory, {
      users,
      usersPerAccount: USERS_PER_ACCOUNT,
      asOf: BENCH_AS_OF,
    });
    process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1)} s; measuring ... `);
    const result = await measure(directory);
    process.stderr.write('done\n');
    return result;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/**
 * Runs a TypeScript worker in a fresh Node process and resolves with the one message it sends: each
 * measurement starts from an empty heap, and its maxRSS is its own.
 */
export function runWorker<T>(workerFile: string, args: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(workerFile, args, {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let message: T | undefined;
    child.on('message', (received) => {
      message = received as T;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (message !== undefined && code === 0) resolve(message);
      else reject(new Error(`${workerFile} ${args.join(' ')} ended with ${signal ?? `exit code ${code}`}`));
    });
  });
}
