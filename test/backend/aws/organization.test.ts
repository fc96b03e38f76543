// Accounts from AWS Organizations, against the sandbox's emulation: the real SDK clients list the
// organisation from its management account, assume the member role in each account (STS) and read
// its enabled regions (Account API); OU and account filters, explicit accounts, and failures per account.
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { startSandbox, type Sandbox } from '../../../dev/sandbox/server';
import { setGlobalFailure } from '../../../dev/sandbox/organizations-api';
import { createLambdaGateway } from '../../../src/backend/aws/gateway';
import { createScanner } from '../../../src/backend/inventory/scanner';
import { createStores } from '../../../src/backend/store';
import { DEFAULT_LAYER_VERSIONS } from '../../../src/common/layers';

const MANAGEMENT = '111111111111';
const PAYMENTS_OU = 'ou-sbx0-paym0001';
const PRODUCTION_OU = 'ou-sbx0-prod0001';

/** Credentials for the management account only: every other account is entered through the member role. */
function organizationConfig(sandbox: Sandbox, organization: Record<string, unknown> = {}, serverlessTracing: Record<string, unknown> = {}) {
  const management = sandbox.org.accounts.find(a => a.accountId === MANAGEMENT)!;
  return new ConfigReader({
    aws: { accounts: [{ accountId: MANAGEMENT, accessKeyId: management.accessKeyId, secretAccessKey: management.secretAccessKey }] },
    serverlessTracing: {
      endpoint: sandbox.url,
      organization: { accountId: MANAGEMENT, roleName: 'ServerlessTracingReader', ...organization },
      ...serverlessTracing,
    },
  });
}

const gatewayFor = (sandbox: Sandbox, organization: Record<string, unknown> = {}, serverlessTracing: Record<string, unknown> = {}) =>
  createLambdaGateway({ config: organizationConfig(sandbox, organization, serverlessTracing), logger: mockServices.logger.mock() });

/** The member roles are assumed by Backstage's credentials manager, whose STS client takes the SDK's endpoint variable. */
function useSandboxSts(sandbox: Sandbox): void {
  process.env.AWS_ENDPOINT_URL_STS = sandbox.url;
}
afterAll(() => {
  delete process.env.AWS_ENDPOINT_URL_STS;
});

const keyOf = ({ accountId, region }: { accountId: string; region: string }) => `${accountId}/${region}`;

describe('accounts from AWS Organizations (seed organisation)', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ quotaPerSecond: 0 });
    useSandboxSts(sandbox);
  });
  afterAll(() => sandbox.close());

  const commercialTargets = () =>
    sandbox.org.accounts
      .filter(a => !a.regions.some(r => r.startsWith('us-gov-')))
      .flatMap(a => a.regions.map(region => ({ accountId: a.accountId, region })));

  it("scans every member account's enabled regions, and no disabled one", async () => {
    const discovery = await gatewayFor(sandbox).discoverTargets();
    expect(discovery.errors).toEqual([]);
    expect(discovery.targets.map(keyOf).sort()).toEqual(commercialTargets().map(keyOf).sort());
  });

  it('assumes the member role once per member account, not once per client or region', async () => {
    const before = sandbox.requestCount({ operation: 'sts:AssumeRole' });
    const gateway = gatewayFor(sandbox);
    const { targets } = await gateway.discoverTargets();
    await Promise.all(targets.map(target => gateway.listFunctions(target)));
    const members = new Set(targets.map(t => t.accountId).filter(id => id !== MANAGEMENT));
    expect(sandbox.requestCount({ operation: 'sts:AssumeRole' }) - before).toBe(members.size);
  });

  it('reads functions in a member account with the assumed role', async () => {
    const gateway = gatewayFor(sandbox, { include: { accounts: ['222222222222'] } });
    const { targets } = await gateway.discoverTargets();
    const functions = await gateway.listFunctions(targets[0]);
    expect(functions.length).toBeGreaterThan(0);
    expect(functions.length).toBe(sandbox.state.functions('222222222222', targets[0].region).length);
    expect(functions.every(fn => fn.FunctionArn?.includes(':222222222222:'))).toBe(true);
  });

  it('includes the accounts of an OU and of the OUs nested below it', async () => {
    const { targets } = await gatewayFor(sandbox, { include: { organizationalUnits: [PRODUCTION_OU] } }).discoverTargets();
    expect([...new Set(targets.map(t => t.accountId))].sort()).toEqual(['111111111111', '222222222222']);
  });

  it('excludes an OU and an account id even from what is included', async () => {
    const { targets } = await gatewayFor(sandbox, {
      include: { organizationalUnits: [PRODUCTION_OU], accounts: ['333333333333'] },
      exclude: { organizationalUnits: [PAYMENTS_OU] },
    }).discoverTargets();
    expect([...new Set(targets.map(t => t.accountId))].sort()).toEqual(['222222222222', '333333333333']);
    const excluded = await gatewayFor(sandbox, { exclude: { accounts: ['222222222222'] } }).discoverTargets();
    expect(excluded.targets.some(t => t.accountId === '222222222222')).toBe(false);
  });

  it('narrows each account to the configured regions', async () => {
    const { targets } = await gatewayFor(sandbox, { regions: ['eu-west-1'] }).discoverTargets();
    expect(targets.map(keyOf).sort()).toEqual(['111111111111/eu-west-1', '333333333333/eu-west-1']);
  });

  it('keeps an explicitly listed account with its explicit regions', async () => {
    const { targets } = await gatewayFor(sandbox, {}, { accounts: [{ accountId: '222222222222', regions: ['us-west-2'] }] }).discoverTargets();
    expect(targets.filter(t => t.accountId === '222222222222')).toEqual([{ accountId: '222222222222', region: 'us-west-2' }]);
  });

  it('reports each account whose role cannot be assumed, and scans the rest', async () => {
    const { targets, errors } = await gatewayFor(sandbox, { roleName: 'NoSuchRole' }).discoverTargets();
    expect(errors.map(e => e.accountId).sort()).toEqual(['222222222222', '333333333333']);
    expect(errors[0].error.message).toMatch(/assume the role NoSuchRole in account \d{12} from account 111111111111/);
    expect(new Set(targets.map(t => t.accountId))).toEqual(new Set([MANAGEMENT]));
  });

  it('reports the organisation when it cannot be listed, naming the IAM action', async () => {
    setGlobalFailure(sandbox.state, MANAGEMENT, 'organizations', 'AccessDeniedException');
    try {
      const { targets, errors } = await gatewayFor(sandbox).discoverTargets();
      expect(targets).toEqual([]);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ accountId: MANAGEMENT, region: 'us-east-1' });
      expect(errors[0].error.message).toContain('organizations:ListAccounts');
    } finally {
      setGlobalFailure(sandbox.state, MANAGEMENT, 'organizations', undefined);
    }
  });
});

describe('a scan of 200 accounts × 4 regions from AWS Organizations', () => {
  const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'];
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ quotaPerSecond: 0, seed: { functionCount: 1600, fleet: { accounts: 200, regions: REGIONS } } });
    useSandboxSts(sandbox);
  });
  afterAll(() => sandbox.close());

  it('reports the failing account-regions and an account whose regions cannot be read, and stores the rest', { timeout: 240_000 }, async () => {
    const accounts = sandbox.org.accounts.map(a => a.accountId);
    const management = accounts[0];
    const failing = [
      { accountId: accounts[17], region: 'eu-west-1' },
      { accountId: accounts[101], region: 'us-east-1' },
      { accountId: accounts[199], region: 'eu-central-1' },
    ];
    for (const f of failing) sandbox.state.setFailure(f.accountId, f.region, 'AccessDeniedException');
    setGlobalFailure(sandbox.state, accounts[42], 'account', 'ServiceUnavailable');
    const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    try {
      const stores = await createStores(knex);
      const management0 = sandbox.org.accounts[0];
      const config = new ConfigReader({
        aws: { accounts: [{ accountId: management, accessKeyId: management0.accessKeyId, secretAccessKey: management0.secretAccessKey }] },
        serverlessTracing: { endpoint: sandbox.url, organization: { accountId: management, roleName: 'ServerlessTracingReader' }, retry: { maxAttempts: 1 } },
      });
      const scanner = createScanner({
        gateway: createLambdaGateway({ config, logger: mockServices.logger.mock() }),
        stores,
        logger: mockServices.logger.mock(),
        resolveOwner: () => null,
        settings: { datadog: { site: 'datadoghq.com', apiKeySecretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:k', layerVersions: DEFAULT_LAYER_VERSIONS }, concurrency: 16 },
      });
      const scan = await scanner.scan();

      expect(scan.state).toBe('partial');
      expect(scan.errors.map(keyOf).sort()).toEqual([...failing, { accountId: accounts[42], region: 'us-east-1' }].map(keyOf).sort());
      expect(scan.errors.find(e => e.accountId === accounts[42])!.message).toContain('listing the enabled regions in ' + accounts[42]);
      const skipped = new Set([...failing.map(keyOf), ...REGIONS.map(region => keyOf({ accountId: accounts[42], region }))]);
      const expected = sandbox.org.functionCount - countIn(sandbox, skipped);
      expect(scan.functionCount).toBe(expected);
      expect((await stores.inventory.summary()).total).toBe(expected);
    } finally {
      for (const f of failing) sandbox.state.setFailure(f.accountId, f.region, undefined);
      setGlobalFailure(sandbox.state, accounts[42], 'account', undefined);
      await knex.destroy();
    }
  });
});

/** Seed functions living in the given account-regions. */
function countIn(sandbox: Sandbox, where: Set<string>): number {
  let count = 0;
  for (const account of sandbox.org.accounts) {
    for (const region of account.regions) {
      if (where.has(keyOf({ accountId: account.accountId, region }))) count += sandbox.state.functions(account.accountId, region).length;
    }
  }
  return count;
}
