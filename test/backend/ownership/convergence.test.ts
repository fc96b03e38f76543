import type { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createCatalogIndex, createOwnerConvergence, createOwnership } from '../../../src/backend/ownership';
import { describeOnEachDatabase } from '../store/databases';
import { record } from '../store/records';

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default', annotations: { 'serverless-tracing.io/lambda-functions': 'payments-*' } },
  spec: {},
};

function taggedRecord(name: string, team: string) {
  const r = record(name, { owner: team });
  return { ...r, config: { ...r.config, Tags: { team } } };
}

describeOnEachDatabase('owner convergence', ({ stores }) => {
  function setup(getEntities: () => Promise<{ items: Entity[] }>) {
    const catalog = catalogServiceMock.mock({ getEntities: vi.fn(getEntities) });
    const logger = mockServices.logger.mock();
    // A cache lifetime far longer than the test: only refresh() may bring the catalog's news.
    const index = createCatalogIndex({ catalog, auth: mockServices.auth(), logger, ttlMs: 3_600_000 });
    const ownership = createOwnership({ index, ownerTag: 'team' });
    const convergence = createOwnerConvergence({ ownership, inventory: stores().inventory, logger });
    return { ownership, converge: () => convergence.run(), convergence, catalog };
  }

  it('gives functions their catalog owner as soon as the catalog has the entity, though an empty answer was cached first', async () => {
    let items: Entity[] = [];
    const { ownership, converge } = setup(async () => ({ items }));
    // The first scan after a restart: the catalog has not ingested anything yet.
    const config = taggedRecord('payments-api', 'payments-team').config;
    expect(await ownership.ownerOf(config)).toBe('payments-team');
    await stores().inventory.upsert(taggedRecord('payments-api', 'payments-team'));
    await stores().inventory.upsert(taggedRecord('reports', 'analytics'));

    items = [payments];
    expect(await converge()).toBe(1);
    const { items: rows } = await stores().inventory.query({});
    expect(rows.map(r => [r.name, r.owner])).toEqual([
      ['payments-api', 'component:default/payments'],
      ['reports', 'analytics'],
    ]);
    expect((await stores().inventory.query({ owner: ['component:default/payments'] })).total).toBe(1);
  });

  it('changes nothing while the catalog says the same', async () => {
    const { converge } = setup(async () => ({ items: [payments] }));
    await stores().inventory.upsert(taggedRecord('payments-api', 'payments-team'));
    expect(await converge()).toBe(1);
    expect(await converge()).toBe(0);
  });

  it('keeps catalog owners while the catalog is unreachable', async () => {
    let reachable = true;
    const { converge } = setup(async () => {
      if (!reachable) throw new Error('catalog down');
      return { items: [payments] };
    });
    await stores().inventory.upsert(taggedRecord('payments-api', 'payments-team'));
    await converge();
    reachable = false;
    expect(await converge()).toBe(0);
    expect((await stores().inventory.get(record('payments-api').summary.arn))?.summary.owner).toBe('component:default/payments');
  });

  it('re-resolves every owner once the catalog changed, even when opening a function read the news first', async () => {
    let items: Entity[] = [];
    const catalog = catalogServiceMock.mock({ getEntities: vi.fn(async () => ({ items })) });
    const logger = mockServices.logger.mock();
    // A short cache lifetime: any reader (a scan, the details of one function) may reload the claims.
    const index = createCatalogIndex({ catalog, auth: mockServices.auth(), logger, ttlMs: 0 });
    const ownership = createOwnership({ index, ownerTag: 'team' });
    const convergence = createOwnerConvergence({ ownership, inventory: stores().inventory, logger });
    await convergence.run();
    await stores().inventory.upsert(taggedRecord('payments-api', 'payments-team'));
    await stores().inventory.upsert(taggedRecord('payments-web', 'payments-team'));

    items = [payments];
    // Opening payments-api resolves its owner from the reloaded claims before the convergence task runs.
    expect(await ownership.ownerOf(taggedRecord('payments-api', 'payments-team').config)).toBe('component:default/payments');
    await convergence.run();
    const { items: rows } = await stores().inventory.query({});
    expect(rows.map(r => [r.name, r.owner])).toEqual([
      ['payments-api', 'component:default/payments'],
      ['payments-web', 'component:default/payments'],
    ]);
  });

  it('checks every owner again after a scan, which may have resolved them under claims that changed before it wrote them', async () => {
    const { converge, convergence } = setup(async () => ({ items: [payments] }));
    expect(await converge()).toBe(0);
    // A scan that read the claims before the catalog had the entity writes the tag owner.
    await stores().inventory.upsert(taggedRecord('payments-api', 'payments-team'));
    expect(await converge()).toBe(0);
    convergence.scanFinished();
    expect(await converge()).toBe(1);
    expect((await stores().inventory.get(record('payments-api').summary.arn))?.summary.owner).toBe('component:default/payments');
  });
});
