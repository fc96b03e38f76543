// A job enabling "the recommended solution" decides from complete context only. The function here is
// invoked by AppSync from another account: no bulk listing shows it, only its resource policy. Until
// that policy is read the choice is open (dd-trace vs dd-trace-xray); a throttled read is waited out,
// a denied one refuses the item, and neither ever applies plain dd-trace.
import knexFactory, { type Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { startSandbox, type Sandbox } from '../../../dev/sandbox/server';
import { hideFromBulkDiscovery } from '../../../dev/sandbox/invoker-resources';
import { applyItem, type ItemDeps } from '../../../src/backend/enablement/pipeline';
import { createRecords } from '../../../src/backend/inventory/records';
import { RetryPolicy } from '../../../src/backend/retryPolicy';
import { createScanner } from '../../../src/backend/inventory/scanner';
import { readServerlessTracingSettings } from '../../../src/backend/config';
import { createStores } from '../../../src/backend/store';
import type { Stores } from '../../../src/backend/store/types';
import { AwsCallError, type LambdaGateway } from '../../../src/backend/aws/types';
import type { Ownership } from '../../../src/backend/ownership';
import { ConfigReader } from '@backstage/config';
import { sandboxGateway } from '../aws/sandboxGateway';

const ARN = 'arn:aws:lambda:us-east-1:111111111111:function:orders-graphql-resolver';
// An item may take 2 s in all: long enough to wait out a few throttled reads, short enough for a test.
const RETRY = new RetryPolicy({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 50, maxRevisionRetries: 3, itemTimeoutMs: 2_000, pollIntervalMs: 5 });
const settings = readServerlessTracingSettings(new ConfigReader({ serverlessTracing: { datadog: { apiKeySecretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:dd' } } }));
const ownership = { ownerOf: async () => null } as unknown as Ownership;

let sandbox: Sandbox;
let knex: Knex;
let stores: Stores;

beforeEach(async () => {
  sandbox = await startSandbox({ seed: false, updateDelayMs: 5 });
  sandbox.state.putFunction({
    accountId: '111111111111',
    region: 'us-east-1',
    config: {
      FunctionName: 'orders-graphql-resolver', FunctionArn: ARN, Runtime: 'python3.12', Handler: 'app.handler', PackageType: 'Zip',
      Architectures: ['x86_64'], TracingConfig: { Mode: 'PassThrough' }, RevisionId: 'rev-1', LastUpdateStatus: 'Successful',
    },
    policyPrincipals: ['appsync.amazonaws.com'],
  });
  hideFromBulkDiscovery(sandbox.state, ARN);
  knex = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  stores = await createStores(knex);
  const scanner = createScanner({ gateway: sandboxGateway(sandbox), stores, logger: mockServices.logger.mock(), resolveOwner: () => null, settings: { datadog: settings.datadog } });
  await scanner.scan();
});

afterEach(async () => {
  await knex.destroy();
  await sandbox.close();
});

/** The real gateway, whose GetPolicy fails `times` times with `error` first. */
function policyFailing(error: AwsCallError, times: number): LambdaGateway {
  const gateway = sandboxGateway(sandbox);
  let failures = 0;
  return Object.assign(Object.create(gateway) as LambdaGateway, {
    getPolicyInvokers: async (arn: string) => {
      if (failures++ < times) throw error;
      return gateway.getPolicyInvokers(arn);
    },
  });
}

const deps = (gateway: LambdaGateway): ItemDeps => ({ gateway, stores, records: createRecords({ stores, ownership, settings }), datadog: settings.datadog, retry: RETRY });
const enableRecommended = (gateway: LambdaGateway) => applyItem(deps(gateway), { itemId: 1, functionArn: ARN, action: 'enable', solution: null }, new AbortController().signal);
const stored = () => sandbox.state.getFunctionByArn(ARN)!.config;

it('scans the function with its recommendation marked undecided: only its policy names AppSync', async () => {
  const record = await stores.inventory.get(ARN);
  expect(record?.summary.solution).toBe('dd-trace');
  expect(record?.recommendation.undecided?.map(gap => gap.source)).toEqual(['resource-policy']);
});

it('waits out a throttled policy read and applies the merge it then knows is right', async () => {
  const outcome = await enableRecommended(policyFailing(new AwsCallError('throttled', 'Throttled reading the resource policy'), 3));
  expect(outcome).toMatchObject({ state: 'succeeded', plan: { solution: 'dd-trace-xray' } });
  expect(stored().TracingConfig?.Mode).toBe('Active');
  expect(stored().Environment?.Variables?.DD_MERGE_XRAY_TRACES).toBe('true');
});

it('fails without writing anything when AWS keeps throttling the policy read', async () => {
  const outcome = await enableRecommended(policyFailing(new AwsCallError('throttled', 'Throttled reading the resource policy'), 1000));
  expect(outcome.state).toBe('failed');
  expect(outcome.message).toMatch(/kept throttling/);
  expect(stored().RevisionId).toBe('rev-1');
  expect(sandbox.requestCount({ operation: 'UpdateFunctionConfiguration' })).toBe(0);
});

it('refuses, naming the unread policy, when the policy may not be read', async () => {
  const outcome = await enableRecommended(policyFailing(new AwsCallError('access-denied', 'Access denied reading the resource policy: allow lambda:GetPolicy.'), 1000));
  expect(outcome).toMatchObject({ state: 'failed', refused: true });
  expect(outcome.message).toMatch(/not fully known.*resource-policy: Access denied.*lambda:GetPolicy/);
  expect(sandbox.requestCount({ operation: 'UpdateFunctionConfiguration' })).toBe(0);
});

it('applies an explicitly chosen solution without waiting for the policy', async () => {
  const outcome = await applyItem(deps(policyFailing(new AwsCallError('access-denied', 'denied'), 1000)), { itemId: 1, functionArn: ARN, action: 'enable', solution: 'dd-trace' }, new AbortController().signal);
  expect(outcome).toMatchObject({ state: 'succeeded', plan: { solution: 'dd-trace' } });
});
