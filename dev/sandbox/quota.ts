// Request quotas per account-region, as token buckets refilled continuously: a burst of one second's
// worth, then the steady rate. Like Lambda's control-plane quotas, a caller over the rate is throttled.

export interface QuotaDecision {
  allowed: boolean;
  /** Whole seconds until a request would be allowed again (Retry-After). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class QuotaGate {
  private readonly buckets = new Map<string, Bucket>();
  /** Requests refused so far: the throttling callers met. */
  denied = 0;

  constructor(private readonly clock: () => number) {}

  /** Takes one request from the bucket `key`; a rate of 0 means unlimited. */
  take(key: string, perSecond: number): QuotaDecision {
    if (perSecond <= 0) return { allowed: true, retryAfterSeconds: 0 };
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: perSecond, updatedAt: now };
    const refilled = Math.min(perSecond, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond);
    if (refilled >= 1) {
      this.buckets.set(key, { tokens: refilled - 1, updatedAt: now });
      return { allowed: true, retryAfterSeconds: 0 };
    }
    this.buckets.set(key, { tokens: refilled, updatedAt: now });
    this.denied++;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - refilled) / perSecond)) };
  }

  reset(): void {
    this.buckets.clear();
  }
}
