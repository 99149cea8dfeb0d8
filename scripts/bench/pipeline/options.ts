import { BenchmarkUsageError, type BenchmarkValues } from '../benchmark.js';

function positiveIntegers(option: string, text: string): number[] {
  return text.split(',').map((item) => {
    const value = /^\d+$/.test(item.trim()) ? Number(item.trim()) : NaN;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new BenchmarkUsageError(`--${option}: ${JSON.stringify(item)} is not a positive whole number`);
    }
    return value;
  });
}

/** The Map's MaxConcurrency values asked for with --concurrency, or the benchmark's own. */
export function concurrenciesOf(values: BenchmarkValues, fallback: string): number[] {
  return positiveIntegers(
    'concurrency',
    typeof values.concurrency === 'string' ? values.concurrency : fallback,
  );
}

/** The Organization's size asked for with --accounts, or the benchmark's own. */
export function accountsOf(values: BenchmarkValues, fallback: number): number {
  if (typeof values.accounts !== 'string') return fallback;
  const [accounts, ...more] = positiveIntegers('accounts', values.accounts);
  if (accounts === undefined || more.length > 0) {
    throw new BenchmarkUsageError(
      `--accounts: one number of accounts, not ${JSON.stringify(values.accounts)}`,
    );
  }
  return accounts;
}
