// A token bucket per account-region and API, so a scan of many regions never exceeds Lambda's
// control-plane quotas (15/s for most calls, 100/s for GetFunction) in any one of them.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
};

/** Who waits for a call: a person (a job item) or nobody in particular (a background pass). */
export type Lane = 'foreground' | 'background';

export class TokenBucket {
  private tokens: number;
  private last: number;

  /** @param ratePerSecond sustained rate; the bucket holds at most one second's worth (the burst). */
  constructor(
    private readonly ratePerSecond: number,
    private readonly clock: Clock = systemClock,
  ) {
    if (!(ratePerSecond > 0)) {
      throw new Error(`A rate limit must be a positive number of requests per second, got ${ratePerSecond}`);
    }
    this.tokens = ratePerSecond;
    this.last = clock.now();
  }

  /**
   * Waits until the caller may send one request.
   *
   * Foreground callers (a job item a person waits for) queue in arrival order: a token is reserved
   * at once (the balance may go negative) and the wait pays that debt back. Background callers (the
   * policy pass after a scan) only take a whole token that is already there and never borrow, so no
   * foreground caller ever queues behind them: they get what the foreground leaves of the rate.
   */
  async acquire(lane: Lane = 'foreground'): Promise<void> {
    this.refill();
    if (lane === 'foreground') {
      this.tokens -= 1;
      if (this.tokens < 0) await this.clock.sleep((-this.tokens / this.ratePerSecond) * 1000);
      return;
    }
    while (this.tokens < 1) {
      await this.clock.sleep(((1 - this.tokens) / this.ratePerSecond) * 1000);
      this.refill();
    }
    this.tokens -= 1;
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.ratePerSecond, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }
}

/** One bucket per key (e.g. "111111111111/us-east-1/control"), created on first use. */
export class RateLimiters {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly clock: Clock = systemClock) {}

  acquire(key: string, ratePerSecond: number, lane: Lane = 'foreground'): Promise<void> {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(ratePerSecond, this.clock);
      this.buckets.set(key, bucket);
    }
    return bucket.acquire(lane);
  }
}
