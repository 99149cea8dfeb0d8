import { BenchmarkUsageError, type BenchmarkValues } from '../benchmark.js';

/** "10k" → 10,000; "1m" → 1,000,000; "2500" → 2,500. */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  const multiplier = { '': 1, k: 1_000, m: 1_000_000 }[match?.[2]?.toLowerCase() ?? ''];
  const users = match && multiplier ? Number(match[1]) * multiplier : NaN;
  if (!Number.isInteger(users) || users < 1) {
    throw new BenchmarkUsageError(
      `--sizes: ${JSON.stringify(text)} is not a number of users such as 10k, 100k or 1m`,
    );
  }
  return users;
}

/** The sizes asked for with --sizes, or the benchmark's own. */
export function sizesOf(values: BenchmarkValues, fallback: string): number[] {
  return (typeof values.sizes === 'string' ? values.sizes : fallback).split(',').map(parseSize);
}
