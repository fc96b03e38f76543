import { backoffDelay, RetriesExhausted, withRetry, type RetryPolicy } from '../../../src/backend/aws/retry';
import type { Clock } from '../../../src/backend/aws/rateLimit';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };

function recordingClock() {
  const sleeps: number[] = [];
  const clock: Clock = { now: () => 0, sleep: async ms => void sleeps.push(ms) };
  return { clock, sleeps };
}

describe('backoffDelay', () => {
  it('doubles the ceiling with every retry', () => {
    const atCeiling = () => 0.999999;
    expect([1, 2, 3].map(n => backoffDelay(n, policy, atCeiling))).toEqual([199, 399, 799]);
  });

  it('never exceeds the maximum delay', () => {
    expect(backoffDelay(20, policy, () => 0.999999)).toBeLessThan(1_000);
  });

  it('spreads callers out with jitter down to zero', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });
});

describe('withRetry', () => {
  it('retries a transient failure and returns the eventual result', async () => {
    const { clock, sleeps } = recordingClock();
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new Error('throttled');
        return 'ok';
      },
      () => true,
      policy,
      { clock, random: () => 0.5 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('gives up after maxAttempts and says how many were made', async () => {
    const { clock } = recordingClock();
    const failure = new Error('still throttled');
    const outcome = withRetry(() => Promise.reject(failure), () => true, policy, { clock });
    await expect(outcome).rejects.toBeInstanceOf(RetriesExhausted);
    await expect(outcome).rejects.toMatchObject({ attempts: 4, lastError: failure });
  });

  it('does not retry an error the caller rejects', async () => {
    const { clock, sleeps } = recordingClock();
    let calls = 0;
    const outcome = withRetry(
      async () => {
        calls++;
        throw new Error('access denied');
      },
      () => false,
      policy,
      { clock },
    );
    await expect(outcome).rejects.toMatchObject({ attempts: 1 });
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });
});
