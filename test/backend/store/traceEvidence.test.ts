import { MIGRATION_CONFIG } from '../../../src/backend/store/migrations';
import { describeOnEachDatabase } from './databases';
import { record } from './records';

const arn = (name: string) => record(name).summary.arn;
const checked = { checkedAt: '2026-12-01T10:00:00.000Z', windowHours: 6 };

describeOnEachDatabase('trace evidence', ({ stores, database }) => {
  beforeEach(async () => {
    await stores().inventory.replaceAccountRegion('111111111111', 'us-east-1', [
      record('seen-dd', { status: 'datadog', env: { DD_SERVICE: 'Orders' } }),
      record('quiet-dd', { status: 'datadog-xray' }),
      record('seen-xray', { status: 'xray' }),
      record('unchecked-xray', { status: 'xray' }),
      record('vendor', { status: 'other' }),
      record('plain', { status: 'untraced' }),
    ]);
    await stores().traceEvidence.record([
      { functionArn: arn('seen-dd'), source: 'datadog', state: 'seen', seenAt: '2026-12-01T09:55:00.000Z', reason: null, ...checked },
      { functionArn: arn('quiet-dd'), source: 'datadog', state: 'none-yet', seenAt: null, reason: null, ...checked },
      { functionArn: arn('seen-xray'), source: 'xray', state: 'seen', seenAt: '2026-12-01T09:58:00.000Z', reason: null, ...checked },
      // Said by X-Ray about a function now traced by Datadog: not evidence for its Datadog tracing.
      { functionArn: arn('unchecked-xray'), source: 'datadog', state: 'seen', seenAt: '2026-12-01T09:00:00.000Z', reason: null, ...checked },
    ]);
  });

  it('splits traced functions in coverage into traces seen, none yet and unknown', async () => {
    const summary = await stores().inventory.summary();
    expect(summary.traced).toBe(5);
    expect(summary.traceEvidence).toEqual({ seen: 2, noneYet: 1, unknown: 2 });
  });

  it('leaves excluded functions out of the split', async () => {
    await stores().exclusions.add({ functionArn: arn('seen-dd'), reason: 'retired', createdBy: 'user:default/alice' });
    expect((await stores().inventory.summary()).traceEvidence).toEqual({ seen: 1, noneYet: 1, unknown: 2 });
  });

  it('gives each traced function its evidence for the source its status asks, and none to untraced ones', async () => {
    const { items } = await stores().inventory.query({});
    const byName = Object.fromEntries(items.map(fn => [fn.name, fn.traceEvidence]));
    expect(byName['seen-dd']).toMatchObject({ state: 'seen', source: 'datadog', seenAt: '2026-12-01T09:55:00.000Z', windowHours: 6 });
    expect(byName['quiet-dd']).toMatchObject({ state: 'none-yet', source: 'datadog' });
    expect(byName['unchecked-xray']).toMatchObject({ state: 'unknown', source: 'xray', reason: expect.stringContaining('Not checked yet') });
    expect(byName.vendor).toMatchObject({ state: 'unknown', source: null, reason: expect.stringContaining('another vendor') });
    expect(byName.plain).toBeNull();
    expect((await stores().inventory.get(arn('seen-xray')))?.summary.traceEvidence?.state).toBe('seen');
  });

  it('filters traced functions by evidence state and counts the states as a facet', async () => {
    const { items, facets } = await stores().inventory.query({ evidence: ['unknown'] });
    expect(items.map(fn => fn.name).sort()).toEqual(['unchecked-xray', 'vendor']);
    expect(facets.evidence).toEqual([
      { value: 'seen', count: 2 },
      { value: 'unknown', count: 2 },
      { value: 'none-yet', count: 1 },
    ]);
    expect((await stores().inventory.query({ evidence: ['seen'], status: ['xray'] })).items.map(fn => fn.name)).toEqual(['seen-xray']);
  });

  it('migrates down to no evidence (every traced function not checked) and up again', async () => {
    const knex = database().knex;
    while (await knex.schema.hasTable('trace_evidence')) await knex.migrate.down(MIGRATION_CONFIG);
    await knex.migrate.latest(MIGRATION_CONFIG);
    expect((await stores().inventory.summary()).traceEvidence).toEqual({ seen: 0, noneYet: 0, unknown: 5 });
  });

  it('forgets the evidence of functions no longer in the inventory', async () => {
    await stores().inventory.replaceAccountRegion('111111111111', 'us-east-1', [record('seen-dd', { status: 'datadog' })]);
    expect(await stores().traceEvidence.prune()).toBe(3);
    expect([...(await stores().traceEvidence.rowsOf([arn('seen-dd'), arn('quiet-dd')])).keys()]).toEqual([arn('seen-dd')]);
  });

  it('keeps the evidence across a rescan, which replaces the inventory rows', async () => {
    await stores().inventory.replaceAccountRegion('111111111111', 'us-east-1', [record('seen-dd', { status: 'datadog' })]);
    expect((await stores().inventory.get(arn('seen-dd')))?.summary.traceEvidence).toMatchObject({ state: 'seen' });
  });

  it('lists the candidates to ask with their Datadog service, or only the never-checked ones', async () => {
    const all = await stores().traceEvidence.candidates();
    expect(all.map(c => [c.name, c.source, c.service])).toEqual([
      ['quiet-dd', 'datadog', 'quiet-dd'],
      ['seen-dd', 'datadog', 'orders'],
      ['seen-xray', 'xray', 'seen-xray'],
      ['unchecked-xray', 'xray', 'unchecked-xray'],
    ]);
    expect((await stores().traceEvidence.candidates({ unchecked: true })).map(c => c.name)).toEqual(['unchecked-xray']);
    expect((await stores().traceEvidence.candidates({ arns: [arn('seen-dd')] })).map(c => c.name)).toEqual(['seen-dd']);
  });
});
