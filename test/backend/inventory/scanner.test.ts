// The scanner over the sandbox's seed organisation, storing into SQLite.
import knexFactory, { type Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { startSandbox, type Sandbox } from '../../../dev/sandbox/server';
import { CANARY_SECRET } from '../../../dev/sandbox/seed';
import { createScanner } from '../../../src/backend/inventory/scanner';
import { createStores } from '../../../src/backend/store';
import type { Stores } from '../../../src/backend/store/types';
import { DEFAULT_LAYER_VERSIONS } from '../../../src/common/layers';
import { sandboxGateway } from '../aws/sandboxGateway';

const PER_FUNCTION_OPERATIONS = ['GetFunction', 'GetFunctionConfiguration', 'ListTags', 'GetPolicy'];

describe('inventory scan of the seed organisation', () => {
  let sandbox: Sandbox;
  let knex: Knex;
  let stores: Stores;

  beforeEach(async () => {
    sandbox = await startSandbox();
    knex = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    stores = await createStores(knex);
  });
  afterEach(async () => {
    await knex.destroy();
    await sandbox.close();
  });

  const scannerFor = (serverlessTracing: Record<string, unknown> = {}) =>
    createScanner({
      gateway: sandboxGateway(sandbox, serverlessTracing),
      stores,
      logger: mockServices.logger.mock(),
      resolveOwner: config => config.Tags?.team ?? null,
      settings: { datadog: { site: 'datadoghq.com', apiKeySecretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:dd-api-key', layerVersions: DEFAULT_LAYER_VERSIONS }, concurrency: 3 },
    });

  it('stores every function of every account-region', async () => {
    const scan = await scannerFor().scan();
    expect(scan).toMatchObject({ state: 'succeeded', functionCount: sandbox.org.functionCount, errors: [] });
    expect((await stores.inventory.query({ limit: 1 })).total).toBe(sandbox.org.functionCount);
    expect(await stores.scans.latest()).toEqual(scan);
  });

  it('counts the functions of each account as the sandbox holds them', async () => {
    await scannerFor().scan();
    const { facets } = await stores.inventory.query({ limit: 1 });
    for (const account of sandbox.org.accounts) {
      const held = account.regions.reduce((n, region) => n + sandbox.state.functions(account.accountId, region).length, 0);
      expect(facets.account.find(f => f.value === account.accountId)?.count ?? 0).toBe(held);
    }
  });

  it('reads tags, invokers and functions in bulk: no call per function', async () => {
    await scannerFor().scan();
    for (const operation of PER_FUNCTION_OPERATIONS) {
      expect(sandbox.requestCount({ operation })).toBe(0);
    }
  });

  it('merges tags into each function, so owners resolve from them', async () => {
    await scannerFor().scan();
    for (const fn of sandbox.state.allFunctions().slice(0, 40)) {
      const record = await stores.inventory.get(fn.config.FunctionArn!);
      expect(record?.summary.owner).toBe(fn.tags.team ?? null);
      expect(record?.config.Tags).toEqual(fn.tags);
    }
  });

  it('never stores the canary secret some functions hold in their environment', async () => {
    expect(sandbox.state.allFunctions().some(fn => fn.config.Environment?.Variables?.DB_PASSWORD === CANARY_SECRET)).toBe(true);
    await scannerFor().scan();
    const rows: Array<Record<string, unknown>> = await knex('inventory').select();
    expect(JSON.stringify(rows)).not.toContain(CANARY_SECRET);
  });

  it('records a failing account-region with a readable message and completes the rest', async () => {
    sandbox.state.setFailure('222222222222', 'us-west-2', 'AccessDeniedException');
    const scan = await scannerFor().scan();
    const lost = sandbox.state.functions('222222222222', 'us-west-2').length;
    expect(scan.state).toBe('partial');
    expect(scan.functionCount).toBe(sandbox.org.functionCount - lost);
    expect(scan.errors).toEqual([
      {
        accountId: '222222222222',
        region: 'us-west-2',
        name: 'AccessDeniedException',
        message: expect.stringMatching(/^Access denied .* in 222222222222\/us-west-2: .*Check that the IAM role/),
      },
    ]);
    expect((await stores.inventory.query({ region: ['us-west-2'], account: ['222222222222'] })).total).toBe(0);
  });

  it('keeps the previous inventory of an account-region that fails later', async () => {
    await scannerFor().scan();
    const before = (await stores.inventory.query({ account: ['333333333333'], limit: 1 })).total;
    sandbox.state.setFailure('333333333333', 'eu-west-1', 'ServiceUnavailable');
    const scan = await scannerFor({ retry: { maxAttempts: 2, baseDelayMs: 5 } }).scan();
    expect(scan.errors.map(e => [e.accountId, e.region, e.name])).toEqual([['333333333333', 'eu-west-1', 'ServiceUnavailable']]);
    expect((await stores.inventory.query({ account: ['333333333333'], limit: 1 })).total).toBe(before);
  });

  it('calls a scan where every account-region failed "failed"', async () => {
    for (const account of sandbox.org.accounts) {
      for (const region of account.regions) sandbox.state.setFailure(account.accountId, region, 'AccessDeniedException');
    }
    const scan = await scannerFor().scan();
    expect(scan.state).toBe('failed');
    expect(scan.errors).toHaveLength(sandbox.org.accounts.reduce((n, a) => n + a.regions.length, 0));
  });

  it('joins the running scan instead of starting a second one', async () => {
    const scanner = scannerFor();
    const [first, second] = await Promise.all([scanner.scan(), scanner.scan()]);
    expect(second.id).toBe(first.id);
    const targets = sandbox.org.accounts.reduce((n, a) => n + a.regions.length, 0);
    expect(sandbox.requestCount({ operation: 'GetResources' })).toBe(targets);
  });

  it('starts a scan that is visible as running before it ends', async () => {
    const scanner = scannerFor();
    const started = await scanner.start();
    expect(started.state).toBe('running');
    expect((await stores.scans.latest())?.id).toBe(started.id);
    const finished = await scanner.scan();
    expect(finished).toMatchObject({ id: started.id, state: 'succeeded' });
  });

  it('starts a new scan once the previous one has finished', async () => {
    const scanner = scannerFor();
    const first = await scanner.scan();
    const second = await scanner.scan();
    expect(second.id).not.toBe(first.id);
  });
});
