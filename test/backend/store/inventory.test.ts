import { describeOnEachDatabase } from './databases';
import { record } from './records';

describeOnEachDatabase('InventoryStore', ({ stores }) => {
  const inventory = () => stores().inventory;

  describe('storing', () => {
    it('replaces everything known about one account-region and leaves the others alone', async () => {
      await inventory().replaceAccountRegion('111111111111', 'us-east-1', [record('old-a'), record('old-b')]);
      await inventory().replaceAccountRegion('111111111111', 'eu-west-1', [record('eu', { region: 'eu-west-1' })]);
      await inventory().replaceAccountRegion('111111111111', 'us-east-1', [record('old-b'), record('new-c')]);
      const { items } = await inventory().query({});
      expect(items.map(i => i.name)).toEqual(['eu', 'new-c', 'old-b']);
    });

    it('refuses records of another account-region', async () => {
      await expect(
        inventory().replaceAccountRegion('111111111111', 'us-east-1', [record('x', { region: 'eu-west-1' })]),
      ).rejects.toThrow(/does not belong to 111111111111\/us-east-1/);
    });

    it('stores more functions than one insert statement holds', async () => {
      const many = Array.from({ length: 250 }, (_, i) => record(`fn-${String(i).padStart(3, '0')}`));
      await inventory().replaceAccountRegion('111111111111', 'us-east-1', many);
      expect((await inventory().query({ limit: 1 })).total).toBe(250);
    });

    it('upserts one function, replacing its previous row', async () => {
      await inventory().upsert(record('api'));
      await inventory().upsert(record('api', { status: 'datadog', applicability: 'already-done' }));
      const stored = await inventory().get('arn:aws:lambda:us-east-1:111111111111:function:api');
      expect(stored?.summary.status).toBe('datadog');
      expect((await inventory().query({})).total).toBe(1);
    });

    it('returns the whole record by ARN, and undefined for an unknown one', async () => {
      const original = record('api', { owner: 'component:default/payments' });
      await inventory().upsert(original);
      const stored = await inventory().get(original.summary.arn);
      expect(stored).toMatchObject({ summary: original.summary, state: original.state, recommendation: original.recommendation });
      expect(await inventory().get('arn:aws:lambda:us-east-1:111111111111:function:nope')).toBeUndefined();
    });

    it('never stores an environment value that is not disclosed', async () => {
      await inventory().upsert(record('api', { env: { DB_PASSWORD: 'canary-s3cret', DD_SITE: 'datadoghq.eu' } }));
      const raw = await stores().inventory.get('arn:aws:lambda:us-east-1:111111111111:function:api');
      expect(JSON.stringify(raw)).not.toContain('canary-s3cret');
      expect(raw?.config.Environment?.Variables).toMatchObject({ DD_SITE: 'datadoghq.eu' });
      expect(Object.keys(raw?.config.Environment?.Variables ?? {})).toContain('DB_PASSWORD');
    });
  });

  describe('canRollback', () => {
    it('is true while a checkpoint that was not rolled back exists', async () => {
      const arn = 'arn:aws:lambda:us-east-1:111111111111:function:api';
      await inventory().upsert(record('api'));
      await inventory().upsert(record('other'));
      const createdAt = '2026-06-01T10:00:00.000Z';
      const id = await stores().checkpoints.save({ functionArn: arn, solution: 'dd-trace', createdAt, env: [], layers: { before: [], after: [] } });
      expect((await inventory().query({})).items.map(i => [i.name, i.canRollback])).toEqual([
        ['api', true],
        ['other', false],
      ]);
      expect((await inventory().get(arn))?.summary.canRollback).toBe(true);
      await stores().checkpoints.markRolledBack(id);
      expect((await inventory().get(arn))?.summary.canRollback).toBe(false);
    });
  });

  describe('query', () => {
    beforeEach(async () => {
      await inventory().replaceAccountRegion('111111111111', 'us-east-1', [
        record('payments-api', { owner: 'component:default/payments', status: 'untraced', lastModified: '2026-03-01T00:00:00.000+0000' }),
        record('payments-worker', { owner: 'component:default/payments', status: 'datadog', runtime: 'nodejs22.x', runtimeFamily: 'node', solution: 'dd-trace', applicability: 'already-done', lastModified: '2026-05-01T00:00:00.000+0000' }),
        record('orders_100%', { owner: 'team-orders', status: 'xray', solution: 'xray', lastModified: null }),
      ]);
      await inventory().replaceAccountRegion('222222222222', 'eu-west-1', [
        record('Reports', { accountId: '222222222222', region: 'eu-west-1', runtime: 'java21', runtimeFamily: 'java', status: 'untraced', lastModified: '2026-01-15T00:00:00.000+0000' }),
        record('ordersXdaily', { accountId: '222222222222', region: 'eu-west-1', runtime: 'ruby3.3', runtimeFamily: 'ruby', applicability: 'needs-code-change', status: 'misconfigured', lastModified: '2026-02-01T00:00:00.000+0000' }),
      ]);
    });

    const names = async (query: Parameters<ReturnType<typeof inventory>['query']>[0]) =>
      (await inventory().query(query)).items.map(i => i.name);

    it('sorts by name by default, ignoring case', async () => {
      expect(await names({})).toEqual(['orders_100%', 'ordersXdaily', 'payments-api', 'payments-worker', 'Reports']);
    });

    it('searches name, ARN, runtime and owner case-insensitively', async () => {
      expect(await names({ q: 'PAYMENTS' })).toEqual(['payments-api', 'payments-worker']);
      expect(await names({ q: 'java21' })).toEqual(['Reports']);
      expect(await names({ q: 'team-ord' })).toEqual(['orders_100%']);
      expect(await names({ q: '222222222222' })).toEqual(['ordersXdaily', 'Reports']);
    });

    it('treats % and _ in the search text literally', async () => {
      expect(await names({ q: '100%' })).toEqual(['orders_100%']);
      expect(await names({ q: 'orders_' })).toEqual(['orders_100%']);
    });

    it('combines values of one filter with OR and different filters with AND', async () => {
      expect(await names({ status: ['untraced', 'xray'] })).toEqual(['orders_100%', 'payments-api', 'Reports']);
      expect(await names({ status: ['untraced', 'xray'], account: ['222222222222'] })).toEqual(['Reports']);
      expect(await names({ runtime: ['node'] })).toEqual(['payments-worker']);
      expect(await names({ applicability: ['needs-code-change'] })).toEqual(['ordersXdaily']);
      expect(await names({ solution: ['xray'], region: ['us-east-1'] })).toEqual(['orders_100%']);
      expect(await names({ owner: ['component:default/payments'] })).toEqual(['payments-api', 'payments-worker']);
    });

    it('sorts descending with a leading minus, functions without a value last', async () => {
      expect(await names({ sort: '-lastModified' })).toEqual(['payments-worker', 'payments-api', 'ordersXdaily', 'Reports', 'orders_100%']);
      expect(await names({ sort: 'lastModified' })).toEqual(['Reports', 'ordersXdaily', 'payments-api', 'payments-worker', 'orders_100%']);
    });

    it('refuses an unknown sort key with the keys it accepts', async () => {
      await expect(inventory().query({ sort: 'colour' })).rejects.toThrow(/Cannot sort by "colour": use one of name, account/);
    });

    it('pages with offset and limit while total counts every match', async () => {
      const page = await inventory().query({ sort: 'lastModified', offset: 1, limit: 2 });
      expect(page.items.map(i => i.name)).toEqual(['ordersXdaily', 'payments-api']);
      expect(page.total).toBe(5);
    });

    it('caps the page size at 500 and defaults it to 50', async () => {
      const many = Array.from({ length: 520 }, (_, i) => record(`bulk-${String(i).padStart(3, '0')}`, { region: 'ap-south-1' }));
      await inventory().replaceAccountRegion('111111111111', 'ap-south-1', many);
      expect((await inventory().query({ limit: 10_000 })).items).toHaveLength(500);
      expect((await inventory().query({})).items).toHaveLength(50);
    });

    it('counts each facet with the other filters applied, not its own', async () => {
      const { facets } = await inventory().query({ status: ['untraced'], account: ['111111111111'] });
      // Status counts ignore the status filter (the account filter still applies)…
      expect(facets.status).toEqual([{ value: 'datadog', count: 1 }, { value: 'untraced', count: 1 }, { value: 'xray', count: 1 }]);
      // …account counts ignore the account filter (the status filter still applies)…
      expect(facets.account).toEqual([{ value: '111111111111', count: 1 }, { value: '222222222222', count: 1 }]);
      // …and every other facet has both applied.
      expect(facets.runtime).toEqual([{ value: 'python', count: 1 }]);
    });

    it('leaves functions without an owner out of the owner facet', async () => {
      const { facets } = await inventory().query({});
      expect(facets.owner).toEqual([
        { value: 'component:default/payments', count: 2 },
        { value: 'team-orders', count: 1 },
      ]);
    });

    it('restricts to an entity by ARNs or name globs, OR-ed', async () => {
      const arn = 'arn:aws:lambda:eu-west-1:222222222222:function:Reports';
      expect(await names({ arns: [arn], namePatterns: ['payments-*'] })).toEqual(['payments-api', 'payments-worker', 'Reports']);
      expect(await names({ namePatterns: ['orders?daily'] })).toEqual(['ordersXdaily']);
    });

    it('matches glob patterns literally apart from * and ?', async () => {
      expect(await names({ namePatterns: ['orders_*'] })).toEqual(['orders_100%']);
      expect(await names({ namePatterns: ['orders_100%'] })).toEqual(['orders_100%']);
    });

    it('matches nothing for an entity that lists no functions', async () => {
      const page = await inventory().query({ arns: [], namePatterns: [] });
      expect(page.total).toBe(0);
      expect(page.facets.status).toEqual([]);
    });
  });
});
