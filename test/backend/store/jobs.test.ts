import { describeOnEachDatabase } from './databases';
import { createStores } from '../../../src/backend/store';

const arn = (name: string) => `arn:aws:lambda:us-east-1:111111111111:function:${name}`;

describeOnEachDatabase('JobStore', ({ stores, database }) => {
  const jobs = () => stores().jobs;
  const enable = (names: string[]) =>
    jobs().create({ action: 'enable', solution: 'dd-trace', functionArns: names.map(arn), createdBy: 'user:default/ada' });

  it('creates a pending job with one pending item per distinct function', async () => {
    const job = await enable(['a', 'b', 'a']);
    expect(job).toMatchObject({ action: 'enable', solution: 'dd-trace', state: 'pending', createdBy: 'user:default/ada', finishedAt: null });
    expect(job.counts).toEqual({ total: 2, pending: 2, running: 0, succeeded: 0, failed: 0, cancelled: 0 });
    expect(job.items.map(i => [i.functionArn, i.state])).toEqual([
      [arn('a'), 'pending'],
      [arn('b'), 'pending'],
    ]);
    expect(await jobs().get(job.id)).toEqual(job);
  });

  it('refuses a job without functions', async () => {
    await expect(enable([])).rejects.toThrow(/at least one function/);
  });

  it('returns undefined for an unknown job', async () => {
    expect(await jobs().get('no-such-job')).toBeUndefined();
  });

  it('claims the oldest pending item first, with its job', async () => {
    const first = await enable(['a', 'b']);
    await jobs().create({ action: 'rollback', solution: null, functionArns: [arn('c')], createdBy: 'user:default/bob' });
    const claimed = await jobs().claimNext('worker-1');
    expect(claimed).toMatchObject({ jobId: first.id, functionArn: arn('a'), state: 'running', action: 'enable', solution: 'dd-trace', createdBy: 'user:default/ada' });
    expect((await jobs().get(first.id))?.state).toBe('running');
  });

  it('returns undefined when nothing is pending', async () => {
    await enable(['a']);
    await jobs().claimNext('worker-1');
    expect(await jobs().claimNext('worker-1')).toBeUndefined();
  });

  it('derives the job state from its items: succeeded, failed or partial', async () => {
    const [allGood, allBad, mixed] = [await enable(['a']), await enable(['b']), await enable(['c', 'd'])];
    await jobs().finishItem(allGood.id, arn('a'), { state: 'succeeded', message: null });
    await jobs().finishItem(allBad.id, arn('b'), { state: 'failed', message: 'Access denied updating function b' });
    await jobs().finishItem(mixed.id, arn('c'), { state: 'succeeded', message: null });
    expect((await jobs().get(mixed.id))?.state).toBe('running');
    await jobs().finishItem(mixed.id, arn('d'), { state: 'failed', message: 'refused' });

    expect((await jobs().get(allGood.id))?.state).toBe('succeeded');
    const failed = await jobs().get(allBad.id);
    expect(failed?.state).toBe('failed');
    expect(failed?.items[0].message).toBe('Access denied updating function b');
    const partial = await jobs().get(mixed.id);
    expect(partial?.state).toBe('partial');
    expect(partial?.counts).toEqual({ total: 2, pending: 0, running: 0, succeeded: 1, failed: 1, cancelled: 0 });
    expect(partial?.finishedAt).toBe(partial?.items[1].updatedAt);
  });

  it('refuses to record the outcome of an item the job does not have', async () => {
    const job = await enable(['a']);
    await expect(jobs().finishItem(job.id, arn('zzz'), { state: 'succeeded', message: null })).rejects.toThrow(/has no item/);
  });

  it('never hands the same item to two replicas claiming at the same time', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `fn-${i}`);
    const job = await enable(names);
    const replicas = [stores().jobs, (await createStores(database().replica())).jobs, (await createStores(database().replica())).jobs];
    const claimedBy = new Map<string, string[]>();
    await Promise.all(
      replicas.flatMap((replica, r) =>
        [0, 1].map(async w => {
          const worker = `replica-${r}-worker-${w}`;
          for (let item = await replica.claimNext(worker); item; item = await replica.claimNext(worker)) {
            claimedBy.set(item.functionArn, [...(claimedBy.get(item.functionArn) ?? []), worker]);
          }
        }),
      ),
    );
    expect([...claimedBy.values()].filter(workers => workers.length > 1)).toEqual([]);
    expect(claimedBy.size).toBe(40);
    expect((await jobs().get(job.id))?.counts.running).toBe(40);
  });

  it('puts items left running by a dead worker back to pending', async () => {
    const job = await enable(['a', 'b']);
    await jobs().claimNext('dead-worker');
    // A claim older than the threshold is stale; a threshold in the future of every claim proves none.
    expect(await jobs().releaseStale(60_000)).toBe(0);
    expect(await jobs().releaseStale(-1_000)).toBe(1);
    expect((await jobs().get(job.id))?.counts).toMatchObject({ pending: 2, running: 0 });
    expect((await jobs().claimNext('new-worker'))?.functionArn).toBe(arn('a'));
  });

  it("does not let a worker whose item was taken over overwrite its new worker's outcome", async () => {
    const job = await enable(['a']);
    await jobs().claimNext('slow-worker');
    await jobs().releaseStale(-1_000);
    await jobs().claimNext('new-worker');

    expect(await jobs().finishItem(job.id, arn('a'), { state: 'failed', message: 'late' }, 'slow-worker')).toBe(false);
    expect((await jobs().get(job.id))?.items[0]).toMatchObject({ state: 'running', message: null });
    expect(await jobs().finishItem(job.id, arn('a'), { state: 'succeeded', message: null }, 'new-worker')).toBe(true);
    expect((await jobs().get(job.id))?.items[0]).toMatchObject({ state: 'succeeded' });
  });

  it('does not finish an already finished item again for the worker that once held it', async () => {
    const job = await enable(['a']);
    await jobs().claimNext('w');
    await jobs().finishItem(job.id, arn('a'), { state: 'succeeded', message: null }, 'w');
    expect(await jobs().finishItem(job.id, arn('a'), { state: 'failed', message: 'again' }, 'w')).toBe(false);
    expect((await jobs().get(job.id))?.state).toBe('succeeded');
  });

  it('leaves finished items alone when releasing stale ones', async () => {
    const job = await enable(['a']);
    await jobs().claimNext('w');
    await jobs().finishItem(job.id, arn('a'), { state: 'succeeded', message: null });
    expect(await jobs().releaseStale(-1_000)).toBe(0);
    expect((await jobs().get(job.id))?.state).toBe('succeeded');
  });

  it('never runs two items of the same function at once, and claims the later one once the first is done', async () => {
    const first = await enable(['a']);
    const second = await jobs().create({ action: 'rollback', solution: null, functionArns: [arn('a'), arn('b')], createdBy: 'user:default/bob' });
    expect(await jobs().claimNext('w1')).toMatchObject({ jobId: first.id, functionArn: arn('a') });
    expect(await jobs().claimNext('w2')).toMatchObject({ jobId: second.id, functionArn: arn('b') });
    expect(await jobs().claimNext('w3')).toBeUndefined();
    await jobs().finishItem(first.id, arn('a'), { state: 'succeeded', message: null }, 'w1');
    expect(await jobs().claimNext('w3')).toMatchObject({ jobId: second.id, functionArn: arn('a') });
  });

  it('names the later job that supersedes an item of the same function, whatever its state', async () => {
    await enable(['a', 'b']);
    const claimed = (await jobs().claimNext('w'))!;
    expect(await jobs().supersededBy(claimed)).toBeUndefined();
    const later = await jobs().create({ action: 'rollback', solution: null, functionArns: [arn('a')], createdBy: 'user:default/bob' });
    expect(await jobs().supersededBy(claimed)).toBe(later.id);
  });

  it('keeps a claim alive through heartbeats, and releases it once they stop', async () => {
    const job = await enable(['a']);
    const claimed = (await jobs().claimNext('w'))!;
    expect(await jobs().holds(claimed.itemId, 'w')).toBe(true);
    expect(await jobs().heartbeat('w')).toBe(1);
    expect(await jobs().releaseStale(60_000)).toBe(0);
    expect(await jobs().releaseStale(-1_000)).toBe(1);
    expect(await jobs().holds(claimed.itemId, 'w')).toBe(false);
    expect(await jobs().heartbeat('w')).toBe(0);
    expect((await jobs().claimNext('other'))?.jobId).toBe(job.id);
  });

  it('cancels only items no worker claimed, and a cancelled item is never claimed', async () => {
    const job = await enable(['c1', 'c2', 'c3']);
    const running = await jobs().claimNext('w');
    expect(await jobs().cancel(job.id, 'Cancelled by ada')).toBe(2);
    expect(await jobs().claimNext('w2')).toBeUndefined();
    expect((await jobs().get(job.id))?.state).toBe('running');
    await jobs().finishItem(job.id, running!.functionArn, { state: 'succeeded', message: null }, 'w');
    const done = await jobs().get(job.id);
    expect(done).toMatchObject({ state: 'cancelled', counts: { total: 3, succeeded: 1, cancelled: 2, pending: 0 } });
    expect(done?.finishedAt).not.toBeNull();
    const [listed] = await jobs().list(1);
    expect(listed).toMatchObject({ id: job.id, state: 'cancelled', counts: done!.counts });
  });
});
