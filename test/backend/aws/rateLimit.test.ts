import { TokenBucket, type Clock } from '../../../src/backend/aws/rateLimit';

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

  it('queues concurrent callers one token apart', async () => {
    // All four arrive at the same instant: no time passes between their reservations.
    const { clock, sleeps } = fakeClock(false);
    const bucket = new TokenBucket(2, clock);
    const pending = [bucket.acquire(), bucket.acquire(), bucket.acquire(), bucket.acquire()];
    await Promise.all(pending);
    expect(sleeps).toEqual([500, 1000]);
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
    const { clock, sleeps } = fakeClock(false);
    const bucket = new TokenBucket(2, clock);
    await bucket.acquire('background');
    await bucket.acquire('background');
    // The burst is spent; the foreground caller reserves the next token and waits only for it.
    await bucket.acquire('foreground');
    expect(sleeps).toEqual([500]);
  });

  it('makes a background caller wait until foreground debt is paid and a whole token has come in', async () => {
    const { clock, sleeps } = fakeClock();
    const bucket = new TokenBucket(2, clock);
    // Three foreground callers: two from the burst, the third borrows a token and waits 0.5 s for it.
    for (let i = 0; i < 3; i++) await bucket.acquire();
    expect(sleeps).toEqual([500]);
    // At 0.5 s the balance is back to 0: a background caller never borrows, so it waits another 0.5 s.
    await bucket.acquire('background');
    expect(sleeps).toEqual([500, 500]);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new TokenBucket(0)).toThrow(/positive/);
  });
});
