/** Waits `ms` milliseconds; tests inject one that records the delays instead. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BackoffOptions {
  /** Calls in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: Sleep;
  /** In [0, 1): the jitter source. */
  readonly random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  sleep: realSleep,
  random: Math.random,
};

/** Thrown when every attempt was refused as retryable; carries the last refusal. */
export class RetriesExhaustedError extends Error {
  readonly attempts: number;

  constructor(attempts: number, cause: unknown) {
    super(`still refused after ${attempts} attempts`, { cause });
    this.name = 'RetriesExhaustedError';
    this.attempts = attempts;
  }
}

/**
 * Calls `operation` until it succeeds, retrying only errors `isRetryable` accepts, with exponential
 * backoff and full jitter (concurrent Map items then spread out instead of retrying in step).
 */
export async function withBackoff<T>(
  operation: () => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  options: BackoffOptions = DEFAULT_BACKOFF,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (attempt >= options.maxAttempts) throw new RetriesExhaustedError(attempt, error);
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      await options.sleep(Math.floor(options.random() * ceiling));
    }
  }
}
