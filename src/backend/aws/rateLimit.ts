// A token bucket per account-region and API, so a scan of many regions never exceeds Lambda's
// control-plane quotas (15/s for most calls, 100/s for GetFunction) in any one of them.
//
// The configured rate is a ceiling, not a promise: the quota is AWS's, per account (and region), and
// other tools in the account spend it too. When AWS throttles a call the bucket let through, the
// bucket slows down to what AWS actually grants and climbs back towards the ceiling while calls go
// through, so a queue of waiting calls is sent at the rate AWS accepts instead of half of it being
// throttled, backed off and sent again.

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

/** How the rate adapts to AWS's throttling (a cut to what AWS let through, then a slow climb). */
export const ADAPTIVE = {
  /**
   * A throttled call cuts the rate to this fraction of what it was, or lower, to the rate AWS let
   * calls through in the last window, but never below `deepestCut` of it in one go (a throttle after a
   * quiet second says little about the rate AWS grants).
   */
  cut: 0.8,
  deepestCut: 0.5,
  /** Never below this fraction of the configured rate: throttling is retried, not starved. */
  floor: 0.1,
  /**
   * Calls sent just before a cut come back throttled too; within this window they cut no further. It is
   * also the window over which the calls AWS let through are counted.
   */
  cutWindowMs: 1_000,
  /** While not throttled, the rate climbs back by this fraction of the configured rate per second. */
  recoveryPerSecond: 0.05,
};

export class TokenBucket {
  private tokens: number;
  private last: number;
  private rate: number;
  private lastCut = Number.NEGATIVE_INFINITY;
  /** When the calls AWS answered in the last window were answered. */
  private readonly answered: number[] = [];
  /** Callers waiting for a token, by lane, each in arrival order. */
  private readonly waiting: Record<Lane, Array<() => void>> = { foreground: [], background: [] };
  private pumping = false;

  /** @param ceilingPerSecond the configured rate; the bucket holds at most one second's worth (the burst). */
  constructor(
    private readonly ceilingPerSecond: number,
    private readonly clock: Clock = systemClock,
  ) {
    if (!(ceilingPerSecond > 0)) {
      throw new Error(`A rate limit must be a positive number of requests per second, got ${ceilingPerSecond}`);
    }
    this.rate = ceilingPerSecond;
    this.tokens = ceilingPerSecond;
    this.last = clock.now();
  }

  /** Requests per second the bucket sends at now: the configured rate, or less while AWS throttles. */
  get ratePerSecond(): number {
    this.refill();
    return this.rate;
  }

  /**
   * Waits until the caller may send one request.
   *
   * Waiting callers are released in arrival order, one token at a time at the rate of the moment (so a
   * cut slows down calls already waiting). Foreground callers (a job item a person waits for) go before
   * every background caller (the policy pass after a scan): a background caller only gets a token no
   * foreground caller is waiting for, so it takes what the foreground leaves.
   */
  acquire(lane: Lane = 'foreground'): Promise<void> {
    this.refill();
    const ahead = this.waiting.foreground.length + (lane === 'background' ? this.waiting.background.length : 0);
    if (ahead === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise(resolve => {
      this.waiting[lane].push(resolve);
      void this.pump();
    });
  }

  /** AWS answered a call this bucket let through (it was not throttled). */
  answeredCall(): void {
    const now = this.clock.now();
    this.answered.push(now);
    this.forgetAnswersBefore(now - ADAPTIVE.cutWindowMs);
  }

  /** AWS throttled a call this bucket let through: it grants less than the current rate. */
  throttled(): void {
    this.refill();
    const now = this.clock.now();
    if (now - this.lastCut < ADAPTIVE.cutWindowMs) return;
    this.lastCut = now;
    this.forgetAnswersBefore(now - ADAPTIVE.cutWindowMs);
    const granted = this.answered.length / (ADAPTIVE.cutWindowMs / 1000);
    const cut = Math.min(this.rate * ADAPTIVE.cut, Math.max(this.rate * ADAPTIVE.deepestCut, granted));
    this.rate = Math.max(this.ceilingPerSecond * ADAPTIVE.floor, cut);
    // The burst is spent: AWS has just said there is none left.
    this.tokens = Math.min(this.tokens, 0);
  }

  private forgetAnswersBefore(time: number): void {
    let stale = 0;
    while (stale < this.answered.length && this.answered[stale] < time) stale++;
    this.answered.splice(0, stale);
  }

  /** Releases waiting callers, one token at a time, until none is left waiting. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.foreground.length + this.waiting.background.length > 0) {
        this.refill();
        if (this.tokens >= 1) {
          this.tokens -= 1;
          (this.waiting.foreground.shift() ?? this.waiting.background.shift())!();
        } else {
          await this.clock.sleep(((1 - this.tokens) / this.rate) * 1000);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private refill(): void {
    const now = this.clock.now();
    const seconds = Math.max(0, now - this.last) / 1000;
    this.rate = Math.min(this.ceilingPerSecond, this.rate + seconds * this.ceilingPerSecond * ADAPTIVE.recoveryPerSecond);
    this.tokens = Math.min(this.rate, this.tokens + seconds * this.rate);
    this.last = now;
  }
}

/** One bucket per key (e.g. "111111111111/us-east-1/control"), created on first use. */
export class RateLimiters {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly clock: Clock = systemClock) {}

  /** The bucket `key`, created on first use: callers acquire through it and tell it how AWS answered. */
  bucket(key: string, ratePerSecond: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(ratePerSecond, this.clock);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
