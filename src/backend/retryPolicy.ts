// The one retry policy of the backend: which failures of an AWS call are worth another attempt, how
// long to pause before it (exponential backoff with full jitter, so many throttled callers spread
// out), and the wall-clock bound of one job item, waits and re-plans included. The gateway asks it
// about one call; the enablement pipeline asks it about a whole item and passes the item's deadline
// down to every call, so no layer adds a budget of its own.
import type { AwsErrorKind } from './aws/types';

export interface RetrySettings {
  /** Attempts of one AWS call that failed transiently (throttled, no answer), the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Re-plans of one job item after someone else changed the function between our read and write. */
  maxRevisionRetries: number;
  /** Wall-clock bound of one job item: reads, waits for AWS to finish updates, retries, re-plans. */
  itemTimeoutMs: number;
  /** Pause between reads of a function whose update is still in progress. */
  pollIntervalMs: number;
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
  maxAttempts: 6,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
  maxRevisionRetries: 3,
  itemTimeoutMs: 5 * 60_000,
  pollIntervalMs: 1_000,
};

/** Worth another attempt after a pause: the same request may well succeed. */
export function isTransient(kind: AwsErrorKind): boolean {
  return kind === 'throttled' || kind === 'unavailable';
}

/** Counts of what an item has retried so far, for the message when it gives up. */
export interface ItemRetries {
  revision: number;
  transient: number;
}

export class RetryPolicy {
  constructor(
    readonly settings: RetrySettings,
    private readonly random: () => number = Math.random,
  ) {}

  /** The pause before retry number `retry` (1 = the first): uniform in [0, min(max, base·2^retry)). */
  backoff(retry: number): number {
    const ceiling = Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** retry);
    return Math.floor(this.random() * ceiling);
  }

  /**
   * Milliseconds before attempt `attempt + 1` of one call, or undefined to give up. `throttledOnly`
   * for a call that must not be repeated once it may have reached AWS (an update whose answer was
   * lost): only a throttled request certainly did nothing.
   */
  nextCallAttempt(kind: AwsErrorKind, attempt: number, throttledOnly = false): number | undefined {
    if (attempt >= this.settings.maxAttempts) return undefined;
    if (throttledOnly ? kind !== 'throttled' : !isTransient(kind)) return undefined;
    return this.backoff(attempt);
  }

  /** The retry state of one job item, from now until its deadline. */
  item(now: number = Date.now()): ItemBudget {
    return new ItemBudget(this, now + this.settings.itemTimeoutMs);
  }
}

export class ItemBudget {
  readonly retries: ItemRetries = { revision: 0, transient: 0 };

  constructor(
    private readonly policy: RetryPolicy,
    readonly deadline: number,
  ) {}

  remainingMs(now: number = Date.now()): number {
    return Math.max(0, this.deadline - now);
  }

  /**
   * Milliseconds to wait before the item's next attempt after `kind`, or undefined to give up. Every
   * attempt re-reads the function and plans again, so retrying any of these is safe.
   */
  next(kind: AwsErrorKind, now: number = Date.now()): number | undefined {
    let wait: number;
    switch (kind) {
      case 'revision-mismatch':
        // Re-read and re-plan at once: the fresh read carries the other change, the new plan keeps it.
        if (++this.retries.revision > this.policy.settings.maxRevisionRetries) return undefined;
        wait = 0;
        break;
      case 'update-in-progress':
        wait = this.policy.settings.pollIntervalMs;
        break;
      case 'throttled':
      case 'unavailable':
        wait = Math.max(this.policy.settings.pollIntervalMs, this.policy.backoff(++this.retries.transient));
        break;
      default:
        return undefined;
    }
    return now + wait < this.deadline ? wait : undefined;
  }

  /** Pause while an update is in progress, or undefined once the deadline would pass. */
  poll(now: number = Date.now()): number | undefined {
    const wait = this.policy.settings.pollIntervalMs;
    return now + wait < this.deadline ? wait : undefined;
  }
}
