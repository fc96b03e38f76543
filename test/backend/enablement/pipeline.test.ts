// What one item does when AWS marks our update Failed: the function's fresh read decides whether the
// change is in place (recorded, so it can be rolled back) or not (the checkpoint is closed), and
// AWS's reason never carries the function's environment values into the message.
import { ConfigReader } from '@backstage/config';
import { applyItem, type ItemDeps } from '../../../src/backend/enablement/pipeline';
import { readServerlessTracingSettings } from '../../../src/backend/config';
import { RetryPolicy } from '../../../src/backend/retryPolicy';
import { openSqliteFile, type OpenDatabase } from '../store/openDatabase';
import { createStores } from '../../../src/backend/store';
import type { Stores } from '../../../src/backend/store/types';
import type { LambdaGateway } from '../../../src/backend/aws/types';
import type { FunctionConfig, FunctionUpdate } from '../../../src/common/model';
import { applyUpdate } from '../../../src/common/update';

const ARN = 'arn:aws:lambda:us-east-1:111111111111:function:payments-api';
const SECRET = 'canary-s3cr3t-value';
const RETRY = new RetryPolicy({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRevisionRetries: 3, itemTimeoutMs: 60_000, pollIntervalMs: 5 });
const REASON = `Lambda was unable to configure your environment variables. String measured: {"DB_PASSWORD":"${SECRET}"}`;

let database: OpenDatabase;
let stores: Stores;

beforeEach(async () => {
  database = await openSqliteFile('apply');
  stores = await createStores(database.knex);
});

afterEach(async () => {
  await database.close();
});

/** A function whose every update AWS reports Failed; `applies` says whether the change lands anyway. */
function failingGateway(applies: boolean): LambdaGateway {
  let config: FunctionConfig = {
    FunctionArn: ARN,
    FunctionName: 'payments-api',
    Runtime: 'python3.12',
    Handler: 'app.handler',
    Role: 'arn:aws:iam::111111111111:role/payments-api-role',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    RevisionId: 'rev-1',
    LastUpdateStatus: 'Successful',
    TracingConfig: { Mode: 'PassThrough' },
    Environment: { Variables: { DB_PASSWORD: SECRET } },
  };
  return {
    targets: () => [],
    discoverTargets: async () => ({ targets: [], errors: [] }),
    listFunctions: async () => [],
    listTags: async () => new Map(),
    listEventSourceInvokers: async () => new Map(),
    discoverInvokers: async () => ({ invokers: new Map(), read: [], failed: [] }),
    getFunction: async () => structuredClone(config),
    getPolicyInvokers: async () => [],
    simulateRole: async (_role, questions) => questions.map(question => ({ ...question, allowed: true, decision: 'allowed' })),
    latestTraces: async () => ({ latest: new Map(), unread: [], requests: 0 }),
    putRolePolicy: async () => {
      throw new Error('No role policy is attached in this test.');
    },
    async updateFunctionConfiguration(_arn: string, update: FunctionUpdate) {
      config = { ...(applies ? applyUpdate(config, update) : config), RevisionId: 'rev-2', LastUpdateStatus: 'Failed', LastUpdateStatusReason: REASON };
      return structuredClone(config);
    },
  };
}

function deps(gateway: LambdaGateway) {
  const records = { recordOf: vi.fn(async () => ({}) as never), save: vi.fn(async () => {}), isDrifted: vi.fn(async () => false) };
  const { datadog } = readServerlessTracingSettings(new ConfigReader({}));
  return { deps: { gateway, stores, records, datadog, retry: RETRY } satisfies ItemDeps, records };
}

const enableXray = { itemId: 1, functionArn: ARN, action: 'enable' as const, solution: 'xray' as const };

it('records a change that landed although AWS reports the update Failed, and says so', async () => {
  const { deps: itemDeps, records } = deps(failingGateway(true));
  const outcome = await applyItem(itemDeps, enableXray, new AbortController().signal);

  expect(outcome.state).toBe('failed');
  expect(outcome.message).toMatch(/^Tracing was applied, but AWS reports the update Failed: /);
  expect((await stores.checkpoints.latest(ARN))?.revisionIdWritten).toBe('rev-2');
  expect(records.save).toHaveBeenCalled();
});

it('closes the checkpoint and says the function is unchanged when a Failed update did not land', async () => {
  const { deps: itemDeps, records } = deps(failingGateway(false));
  const outcome = await applyItem(itemDeps, enableXray, new AbortController().signal);

  expect(outcome.message).toMatch(/^AWS could not apply the update: .*The function is unchanged/);
  expect(await stores.checkpoints.latest(ARN)).toBeUndefined();
  expect(records.save).not.toHaveBeenCalled();
});

it.each([true, false])('keeps environment values quoted in a Failed reason out of the message (landed: %s)', async applies => {
  const outcome = await applyItem(deps(failingGateway(applies)).deps, enableXray, new AbortController().signal);

  expect(outcome.message).toContain('Lambda was unable to configure your environment variables');
  expect(outcome.message).not.toContain(SECRET);
});
