import { ADAPTIVE, TokenBucket, type Clock } from '../../../src/backend/aws/rateLimit';

/** A clock that only moves when told to (or, if sleepsAdvance, when someone sleeps), recording every sleep. */
function fakeClock(sleepsAdvance = true) {
  let now = 0;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async ms => {
      sleeps.push(ms);
      if (sleepsAdvance) now += ms;
    },
  };
  return { clock, sleeps, advance: (ms: number) => (now += ms) };
}

describe('TokenBucket', () => {
  it('lets a burst of one second worth of requests through without waiting', async () => {
    const { clock, sleeps } = fakeClock();
    const bucket = new TokenBucket(10, clock);
    for (let i = 0; i < 10; i++) await bucket.acquire();
    expect(sleeps).toEqual([]);
  });

  it('makes the request after the burst wait for the next token', async () => {
    const { clock, sleeps } = fakeClock();
    const bucket = new TokenBucket(10, clock);
    for (let i = 0; i < 11; i++) await bucket.acquire();
    expect(sleeps).toEqual([100]);
  });

  it('releases concurrent callers one token apart, in arrival order', async () => {
    const { clock, sleeps } = fakeClock();
    const bucket = new TokenBucket(2, clock);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map(i => bucket.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    // Two from the burst, then one every half second.
    expect(sleeps).toEqual([500, 500]);
  });

  it('refills over time, up to the burst size', async () => {
    const { clock, sleeps, advance } = fakeClock();
    const bucket = new TokenBucket(5, clock);
    for (let i = 0; i < 5; i++) await bucket.acquire();
    advance(60_000);
    for (let i = 0; i < 5; i++) await bucket.acquire();
    expect(sleeps).toEqual([]);
    await bucket.acquire();
    expect(sleeps).toEqual([200]);
  });

  it('lets a foreground caller go first: background callers never borrow ahead of it', async () => {
    const { clock, sleeps } = fakeClock();
    const bucket = new TokenBucket(2, clock);
    await bucket.acquire('background');
    await bucket.acquire('background');
    // The burst is spent; the foreground caller waits only for the next token.
    await bucket.acquire('foreground');
    expect(sleeps).toEqual([500]);
  });

  it('serves a waiting foreground caller before background callers that came first', async () => {
    // Time passes only once a sleep is over (not when it starts), so all three callers find the bucket empty.
    let now = 0;
    const clock: Clock = {
      now: () => now,
      sleep: async ms => {
        await Promise.resolve();
        now += ms;
      },
    };
    const bucket = new TokenBucket(1, clock);
    await bucket.acquire();
    const order: string[] = [];
    const background = [bucket.acquire('background').then(() => order.push('b1')), bucket.acquire('background').then(() => order.push('b2'))];
    const foreground = bucket.acquire('foreground').then(() => order.push('f'));
    await Promise.all([...background, foreground]);
    expect(order).toEqual(['f', 'b1', 'b2']);
  });

  it('makes a background caller wait until a whole token has come in', async () => {
    const { clock, sleeps } = fakeClock();
    const bucket = new TokenBucket(2, clock);
    // Three foreground callers: two from the burst, the third waits 0.5 s for its token.
    for (let i = 0; i < 3; i++) await bucket.acquire();
    expect(sleeps).toEqual([500]);
    // At 0.5 s the balance is back to 0: the background caller waits another 0.5 s.
    await bucket.acquire('background');
    expect(sleeps).toEqual([500, 500]);
  });

  describe('adapting to what AWS grants', () => {
    /** AWS answers `perSecond` calls a second for a second, as the bucket sends them. */
    function answeredFor(bucket: TokenBucket, perSecond: number, advance: (ms: number) => void) {
      for (let i = 0; i < perSecond; i++) {
        bucket.answeredCall();
        advance(1000 / perSecond);
      }
    }

    it('slows down when AWS throttles, and drops the burst', async () => {
      const { clock, sleeps, advance } = fakeClock();
      const bucket = new TokenBucket(10, clock);
      answeredFor(bucket, 10, advance);
      bucket.throttled();
      // AWS answered all ten: the cut is the usual fifth.
      expect(bucket.ratePerSecond).toBeCloseTo(10 * ADAPTIVE.cut);
      // No burst left: the next call waits a token at the lowered rate.
      await bucket.acquire();
      expect(sleeps).toEqual([1000 / (10 * ADAPTIVE.cut)]);
    });

    it('cuts to the rate AWS let calls through, but at most by half in one go', () => {
      const { clock, advance } = fakeClock();
      const bucket = new TokenBucket(10, clock);
      // AWS answered 6 calls in the last second, then throttled: it grants about 6/s.
      for (let i = 0; i < 6; i++) {
        bucket.answeredCall();
        advance(150);
      }
      bucket.throttled();
      expect(bucket.ratePerSecond).toBeCloseTo(6, 0);
      // A throttle after a nearly quiet second: half, not the one call answered.
      const quiet = new TokenBucket(10, clock);
      quiet.answeredCall();
      quiet.throttled();
      expect(quiet.ratePerSecond).toBeCloseTo(10 * ADAPTIVE.deepestCut);
    });

    it('cuts once for the calls of one moment, not once per throttled answer', () => {
      const { clock, advance } = fakeClock();
      const bucket = new TokenBucket(10, clock);
      answeredFor(bucket, 10, advance);
      for (let i = 0; i < 5; i++) bucket.throttled();
      expect(bucket.ratePerSecond).toBeCloseTo(10 * ADAPTIVE.cut);
      answeredFor(bucket, 8, advance);
      bucket.throttled();
      expect(bucket.ratePerSecond).toBeLessThan(10 * ADAPTIVE.cut);
    });

    it('slows down callers already waiting, not only later ones', async () => {
      const { clock } = fakeClock();
      const bucket = new TokenBucket(10, clock);
      for (let i = 0; i < 10; i++) await bucket.acquire();
      const waiting = Array.from({ length: 4 }, () => bucket.acquire());
      // (The fake clock has already slept the first waiter's 100 ms.)
      const cutAt = clock.now();
      bucket.throttled();
      await Promise.all(waiting);
      // At the ceiling all four would be through in 400 ms; after the cut, about one per 125 ms (less
      // as the rate climbs back).
      expect(clock.now() - cutAt).toBeGreaterThan(460);
    });

    it('never goes below its floor however often AWS throttles', () => {
      const { clock, advance } = fakeClock();
      const bucket = new TokenBucket(10, clock);
      for (let i = 0; i < 50; i++) {
        advance(ADAPTIVE.cutWindowMs);
        bucket.throttled();
      }
      // Read right after the last cut: any later read includes a moment's climb back.
      expect(bucket.ratePerSecond).toBeCloseTo(10 * ADAPTIVE.floor);
    });

    it('climbs back to the configured rate while AWS no longer throttles, and no higher', () => {
      const { clock, advance } = fakeClock();
      const bucket = new TokenBucket(10, clock);
      bucket.throttled();
      const cut = bucket.ratePerSecond;
      advance(1000);
      expect(bucket.ratePerSecond).toBeCloseTo(cut + 10 * ADAPTIVE.recoveryPerSecond);
      advance(60_000);
      expect(bucket.ratePerSecond).toBe(10);
    });
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new TokenBucket(0)).toThrow(/positive/);
  });
});
