import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { createStores } from '../../../src/backend/store';
import { MIGRATION_CONFIG } from '../../../src/backend/store/migrations';
import type { InventoryQuery } from '../../../src/backend/store/types';
import { DATABASES, describeOnEachDatabase } from './databases';
import { record } from './records';

describeOnEachDatabase('Inventory search', ({ stores, database }) => {
  const inventory = () => stores().inventory;
  const names = async (query: InventoryQuery) => (await inventory().query(query)).items.map(i => i.name);

  beforeEach(async () => {
    await inventory().replaceAccountRegion('111111111111', 'us-east-1', [
      record('payments-api', { owner: 'component:default/payments' }),
      record('payments-worker', { owner: 'component:default/payments', runtime: 'nodejs22.x', runtimeFamily: 'node', status: 'datadog' }),
      record('billing', { owner: 'payments' }),
      record('old-payments-api', { owner: null }),
    ]);
    await inventory().replaceAccountRegion('222222222222', 'eu-west-1', [
      record('Reports', { accountId: '222222222222', region: 'eu-west-1', runtime: 'java21', runtimeFamily: 'java', owner: 'team "blue" AND *' }),
      record('ops', { accountId: '222222222222', region: 'eu-west-1', owner: 'ops!team_a%' }),
    ]);
  });

  it('finds a substring anywhere in a name, ignoring case', async () => {
    expect(await names({ q: 'MENTS-AP' })).toEqual(['old-payments-api', 'payments-api']);
    expect(await names({ q: 'report' })).toEqual(['Reports']);
  });

  it('finds functions by any part of their ARN: region, account, the function segment', async () => {
    expect(await names({ q: 'eu-west-1' })).toEqual(['ops', 'Reports']);
    expect(await names({ q: ':222222222222:' })).toEqual(['ops', 'Reports']);
    expect(await names({ q: 'function:pay' })).toEqual(['payments-api', 'payments-worker']);
    expect(await names({ q: 'arn:aws:lambda:us-east-1:111111111111:function:billing' })).toEqual(['billing']);
  });

  it('finds functions by owner and by runtime', async () => {
    expect(await names({ q: 'default/PAY' })).toEqual(['payments-api', 'payments-worker']);
    expect(await names({ q: 'nodejs22' })).toEqual(['payments-worker']);
  });

  it('finds one- and two-character text, shorter than the index holds', async () => {
    expect(await names({ q: 'J' })).toEqual(['payments-worker', 'Reports']);
    expect(await names({ q: '22' })).toEqual(['ops', 'payments-worker', 'Reports']);
  });

  it('takes quotes, query operators and LIKE wildcards in the text literally', async () => {
    expect(await names({ q: '"blue"' })).toEqual(['Reports']);
    expect(await names({ q: 'blue" and *' })).toEqual(['Reports']);
    expect(await names({ q: '*' })).toEqual(['Reports']);
    expect(await names({ q: 'ops!team_a%' })).toEqual(['ops']);
    expect(await names({ q: '!' })).toEqual(['ops']);
    expect(await names({ q: 'team_' })).toEqual(['ops']);
    expect(await names({ q: 'm_a%' })).toEqual(['ops']);
    expect(await names({ q: 'a%' })).toEqual(['ops']);
    expect(await names({ q: 'pay%' })).toEqual([]);
    expect(await names({ q: 'p_yments' })).toEqual([]);
  });

  it('never matches across two fields', async () => {
    // The name "billing" is followed by its ARN, then the runtime, then the owner.
    expect(await names({ q: 'billingarn' })).toEqual([]);
    expect(await names({ q: 'python3.12payments' })).toEqual([]);
  });

  it('ignores whitespace around the text', async () => {
    expect(await names({ q: '  billing  ' })).toEqual(['billing']);
  });

  it('counts the total and every facet within the search', async () => {
    const page = await inventory().query({ q: 'payments', status: ['untraced'] });
    expect(page.items.map(i => i.name)).toEqual(['billing', 'old-payments-api', 'payments-api']);
    expect(page.total).toBe(3);
    expect(page.facets.status).toEqual([{ value: 'untraced', count: 3 }, { value: 'datadog', count: 1 }]);
    expect(page.facets.runtime).toEqual([{ value: 'python', count: 3 }]);
    expect(page.facets.owner).toEqual([{ value: 'component:default/payments', count: 1 }, { value: 'payments', count: 1 }]);
  });

  it('matches name patterns on the name only, though their text also occurs in ARNs and owners', async () => {
    expect(await names({ namePatterns: ['payments-*'] })).toEqual(['payments-api', 'payments-worker']);
    expect(await names({ namePatterns: ['*payments*'] })).toEqual(['old-payments-api', 'payments-api', 'payments-worker']);
    expect(await names({ namePatterns: ['*-api'], q: 'old' })).toEqual(['old-payments-api']);
  });

  it('follows every write: upserts, owner changes and functions gone from a scan', async () => {
    await inventory().upsert(record('billing', { owner: 'finance' }));
    expect(await names({ q: 'finance' })).toEqual(['billing']);
    expect(await names({ q: 'default/payments' })).toEqual(['payments-api', 'payments-worker']);

    await inventory().setOwners([{ arn: 'arn:aws:lambda:us-east-1:111111111111:function:payments-api', owner: 'group:default/checkout' }]);
    expect(await names({ q: 'checkout' })).toEqual(['payments-api']);
    expect(await names({ q: 'default/payments' })).toEqual(['payments-worker']);

    await inventory().replaceAccountRegion('111111111111', 'us-east-1', [record('billing', { owner: 'finance' })]);
    expect(await names({ q: 'payments' })).toEqual([]);
    expect(await names({ q: 'us-east-1' })).toEqual(['billing']);
  });

  it('finds functions stored before the search column existed, once migrated', async () => {
    const knex = database().knex;
    // Down past the search migration (those after it, the exclusions one rebuilding inventory on SQLite, first), then up.
    while (await knex.schema.hasColumn('inventory', 'search_text')) await knex.migrate.down(MIGRATION_CONFIG);
    await knex.migrate.latest(MIGRATION_CONFIG);
    expect(await names({ q: 'MENTS-AP' })).toEqual(['old-payments-api', 'payments-api']);
    expect(await names({ q: 'blue' })).toEqual(['Reports']);
    await inventory().upsert(record('checkout', { owner: 'team-blue' }));
    expect(await names({ q: 'blue' })).toEqual(['checkout', 'Reports']);
  });
});

const postgres = DATABASES.find(db => db.name === 'PostgreSQL')!;

describe.skipIf(!postgres.available)('Inventory search on PostgreSQL without pg_trgm', () => {
  const connection = { host: '127.0.0.1', port: 5432, database: 'test' };
  const suffix = randomBytes(6).toString('hex');
  const schema = `st_notrgm_${suffix}`;
  const role = `st_notrgm_${suffix}`;
  const admin = knexFactory({ client: 'pg', connection: { ...connection, user: 'postgres' }, pool: { min: 0, max: 1 } });

  beforeAll(async () => {
    // A role that owns its schema but may not create extensions in the database, as on many managed databases.
    await admin.raw('create role ?? login', [role]);
    await admin.raw('create schema ?? authorization ??', [schema, role]);
  });

  afterAll(async () => {
    await admin.raw('drop schema if exists ?? cascade', [schema]);
    await admin.raw('drop role if exists ??', [role]);
    await admin.destroy();
  });

  it('starts, says once why searches are slower, and still finds the same functions', async () => {
    const knex = knexFactory({ client: 'pg', connection: { ...connection, user: role }, searchPath: [schema], pool: { min: 0, max: 2 } });
    try {
      const logger = mockServices.logger.mock();
      const stores = await createStores(knex, { logger });
      expect(logger.warn).toHaveBeenCalledTimes(1);
      // Denied here; where pg_trgm is not even installed the reason says that instead.
      expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/pg_trgm index could not be created \(.*(permission denied|not available|control file)/));
      await stores.inventory.replaceAccountRegion('111111111111', 'us-east-1', [record('payments-api'), record('billing')]);
      expect((await stores.inventory.query({ q: 'MENTS-A' })).items.map(i => i.name)).toEqual(['payments-api']);
      expect((await stores.inventory.query({ namePatterns: ['bill*'] })).items.map(i => i.name)).toEqual(['billing']);
    } finally {
      await knex.destroy();
    }
  });
});
