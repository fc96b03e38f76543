// The backend's one retry policy: backoff with full jitter for one AWS call, and one bound on a job
// item's whole time (waits for updates in progress, throttling, re-plans), never a second budget.
import { RetryPolicy, type RetrySettings } from '../../../src/backend/retryPolicy';

const settings: RetrySettings = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxRevisionRetries: 2, itemTimeoutMs: 10_000, pollIntervalMs: 50 };
const atCeiling = () => 0.999999;

describe('backoff', () => {
  it('doubles the ceiling with every retry', () => {
    const policy = new RetryPolicy(settings, atCeiling);
    expect([1, 2, 3].map(n => policy.backoff(n))).toEqual([199, 399, 799]);
  });

  it('never exceeds the maximum delay', () => {
    expect(new RetryPolicy(settings, atCeiling).backoff(20)).toBeLessThan(1_000);
  });

  it('spreads callers out with jitter down to zero', () => {
    expect(new RetryPolicy(settings, () => 0).backoff(3)).toBe(0);
  });
});

describe('one AWS call', () => {
  const policy = new RetryPolicy(settings, () => 0.5);

  it('retries throttling and missing answers with backoff', () => {
    expect(policy.nextCallAttempt('throttled', 1)).toBe(100);
    expect(policy.nextCallAttempt('unavailable', 2)).toBe(200);
  });

  it('gives up after maxAttempts', () => {
    expect(policy.nextCallAttempt('throttled', 4)).toBeUndefined();
  });

  it('does not retry what another attempt cannot fix', () => {
    for (const kind of ['access-denied', 'invalid', 'not-found', 'revision-mismatch', 'update-in-progress'] as const) {
      expect(policy.nextCallAttempt(kind, 1)).toBeUndefined();
    }
  });

  it('retries only throttling for a call that may have been applied when its answer is lost', () => {
    expect(policy.nextCallAttempt('throttled', 1, true)).toBe(100);
    expect(policy.nextCallAttempt('unavailable', 1, true)).toBeUndefined();
  });
});

describe('one job item', () => {
  it('re-plans at once after a revision mismatch, up to maxRevisionRetries', () => {
    const item = new RetryPolicy(settings).item(0);
    expect([item.next('revision-mismatch', 0), item.next('revision-mismatch', 0), item.next('revision-mismatch', 0)]).toEqual([0, 0, undefined]);
    expect(item.retries.revision).toBe(3);
  });

  it('waits out an update in progress and retries transient failures, but never past its deadline', () => {
    const item = new RetryPolicy(settings, () => 0.5).item(0);
    expect(item.next('update-in-progress', 0)).toBe(50);
    expect(item.next('unavailable', 1_000)).toBe(100);
    expect(item.next('throttled', 9_990)).toBeUndefined();
    expect(item.poll(9_990)).toBeUndefined();
    expect(item.remainingMs(4_000)).toBe(6_000);
  });

  it('gives up at once on a refusal', () => {
    expect(new RetryPolicy(settings).item(0).next('invalid', 0)).toBeUndefined();
  });
});
