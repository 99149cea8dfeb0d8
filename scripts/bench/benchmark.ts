/** An option a benchmark reads from the command line (`npm run bench -- --<name> <value>`). */
export interface BenchmarkOption {
  readonly type: 'string' | 'boolean';
  readonly description: string;
}

export type BenchmarkValues = Readonly<Record<string, string | boolean | undefined>>;

/**
 * One entry of `npm run bench`. It measures, prints progress on stderr, and returns its results as
 * markdown, which the runner prints and keeps in bench-results/<name>.md.
 */
export interface Benchmark {
  readonly name: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, BenchmarkOption>>;
  run(values: BenchmarkValues): Promise<string>;
}

/** A benchmark asked for something it cannot do (an unknown size, a bad option value). */
export class BenchmarkUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchmarkUsageError';
  }
}
