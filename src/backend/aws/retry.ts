// Bounded retries with exponential backoff and full jitter (the AWS-recommended scheme), so many
// callers throttled at once spread out instead of retrying in lockstep.
import { systemClock, type Clock } from './rateLimit';

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 5_000 };

/** The pause before retry number `retry` (1 = the first retry): uniform in [0, min(max, base·2^retry)). */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

export class RetriesExhausted extends Error {
  constructor(
    readonly lastError: unknown,
    readonly attempts: number,
  ) {
    super(`Gave up after ${attempts} attempt(s)`);
  }
}

/**
 * Runs `attempt` until it succeeds, fails with an error `shouldRetry` rejects, or the attempts run
 * out. Always rejects with RetriesExhausted wrapping the last error, so callers know how many
 * attempts were made.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  shouldRetry: (error: unknown) => boolean,
  policy: RetryPolicy,
  options: { clock?: Clock; random?: () => number; onRetry?: (error: unknown, attemptNumber: number, delayMs: number) => void } = {},
): Promise<T> {
  const clock = options.clock ?? systemClock;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= policy.maxAttempts || !shouldRetry(error)) {
        throw new RetriesExhausted(error, n);
      }
      const delay = backoffDelay(n, policy, options.random);
      options.onRetry?.(error, n, delay);
      await clock.sleep(delay);
    }
  }
}
