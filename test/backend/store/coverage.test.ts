import { UNOWNED_KEY } from '../../../src/backend/store';
import { describeOnEachDatabase } from './databases';
import { record } from './records';

describeOnEachDatabase('InventoryStore.summary', ({ stores }) => {
  beforeEach(async () => {
    await stores().inventory.replaceAccountRegion('111111111111', 'us-east-1', [
      record('a', { status: 'datadog', owner: 'team-a' }),
      record('b', { status: 'untraced', owner: 'team-a' }),
      record('c', { status: 'xray', runtimeFamily: 'node', runtime: 'nodejs22.x' }),
      record('d', { status: 'misconfigured', runtimeFamily: 'node', runtime: 'nodejs22.x', owner: 'team-b' }),
    ]);
    await stores().inventory.replaceAccountRegion('222222222222', 'us-east-1', [
      record('e', { accountId: '222222222222', status: 'other', runtimeFamily: 'java', runtime: 'java21', owner: 'team-b' }),
    ]);
  });

  it('counts traced functions (X-Ray, Datadog, both, other vendors) against the total', async () => {
    const summary = await stores().inventory.summary();
    expect(summary.total).toBe(5);
    expect(summary.traced).toBe(3);
    expect(summary.byStatus).toEqual({ datadog: 1, untraced: 1, xray: 1, misconfigured: 1, other: 1 });
  });

  it('breaks coverage down by runtime family, largest first', async () => {
    const { byRuntime } = await stores().inventory.summary();
    expect(byRuntime).toEqual([
      { key: 'node', total: 2, traced: 1, byStatus: { xray: 1, misconfigured: 1 }, excluded: 0 },
      { key: 'python', total: 2, traced: 1, byStatus: { datadog: 1, untraced: 1 }, excluded: 0 },
      { key: 'java', total: 1, traced: 1, byStatus: { other: 1 }, excluded: 0 },
    ]);
  });

  it('breaks coverage down by account and by owner, unowned functions in their own bucket', async () => {
    const { byAccount, byOwner } = await stores().inventory.summary();
    expect(byAccount.map(b => [b.key, b.total, b.traced])).toEqual([
      ['111111111111', 4, 2],
      ['222222222222', 1, 1],
    ]);
    expect(byOwner.map(b => [b.key, b.total, b.traced])).toEqual([
      ['team-a', 2, 1],
      ['team-b', 2, 1],
      [UNOWNED_KEY, 1, 1],
    ]);
  });

  it('counts excluded functions apart: by tag, by ARN and by name pattern, each once', async () => {
    await stores().inventory.upsert(record('f', { status: 'untraced', exclusion: { source: 'tag', reason: 'load test' } }));
    await stores().exclusions.add({ pattern: 'B', reason: 'retired', createdBy: 'user:default/alice' });
    await stores().exclusions.add({ functionArn: record('c').summary.arn, reason: 'vendor', createdBy: 'user:default/alice' });
    await stores().exclusions.add({ functionArn: record('f').summary.arn, reason: 'twice', createdBy: 'user:default/alice' });
    const summary = await stores().inventory.summary();
    expect(summary).toMatchObject({ total: 3, traced: 2, excluded: 3, byStatus: { datadog: 1, misconfigured: 1, other: 1 } });
    expect(summary.byRuntime.find(b => b.key === 'python')).toEqual({ key: 'python', total: 1, traced: 1, byStatus: { datadog: 1 }, excluded: 2 });
    const { items } = await stores().inventory.query({ excluded: true });
    expect(Object.fromEntries(items.map(fn => [fn.name, fn.exclusion?.reason]))).toEqual({ b: 'retired', c: 'vendor', f: 'load test' });
  });

  it('summarises one owner or one entity only when asked', async () => {
    expect((await stores().inventory.summary({ owner: ['team-b'] })).total).toBe(2);
    expect((await stores().inventory.summary({ namePatterns: ['a', 'c'] })).traced).toBe(2);
  });
});
