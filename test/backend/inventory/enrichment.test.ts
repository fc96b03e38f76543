// The background pass after a scan: every function's resource policy read within GetPolicy's own
// bucket, until every context is complete; a policy that names an invoker no bulk listing showed
// changes the recommendation in the table.
import knexFactory, { type Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { startSandbox, type Sandbox } from '../../../dev/sandbox/server';
import { hideFromBulkDiscovery } from '../../../dev/sandbox/invoker-resources';
import { createPolicyEnrichment } from '../../../src/backend/inventory/enrichment';
import { createScanner } from '../../../src/backend/inventory/scanner';
import { createStores } from '../../../src/backend/store';
import type { Stores } from '../../../src/backend/store/types';
import { DEFAULT_LAYER_VERSIONS } from '../../../src/common/layers';
import { sandboxGateway } from '../aws/sandboxGateway';

const settings = { datadog: { site: 'datadoghq.com', apiKeySecretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:k', layerVersions: DEFAULT_LAYER_VERSIONS } };

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

async function scanAndEnrich() {
  const gateway = sandboxGateway(sandbox, { rateLimit: { getPolicyPerSecond: 12 } });
  const enrichment = createPolicyEnrichment({ gateway, stores, logger: mockServices.logger.mock(), settings });
  await createScanner({ gateway, stores, logger: mockServices.logger.mock(), resolveOwner: () => null, settings, enrichment }).scan();
  await enrichment.idle();
  return gateway;
}

it('completes every function\'s context with one GetPolicy each', async () => {
  await scanAndEnrich();
  const { items } = await stores.inventory.query({ limit: 500 });
  expect(items.filter(item => item.invokerGaps.length > 0)).toEqual([]);
  expect(sandbox.requestCount({ operation: 'GetPolicy' })).toBe(sandbox.org.functionCount);
}, 60_000);

it('adds what only the policy knows: S3, and an AppSync caller from another account', async () => {
  const python = sandbox.state.allFunctions().find(fn => fn.config.Runtime?.startsWith('python') && fn.policyPrincipals.length === 0 && fn.config.TracingConfig?.Mode !== 'Active' && !fn.config.Layers)!;
  python.policyPrincipals.push('appsync.amazonaws.com');
  hideFromBulkDiscovery(sandbox.state, python.config.FunctionArn!);
  await scanAndEnrich();
  const record = await stores.inventory.get(python.config.FunctionArn!);
  expect(record?.invokers).toContain('appsync');
  expect(record?.summary.solution).toBe('dd-trace-xray');
  const viaS3 = sandbox.state.allFunctions().find(fn => fn.policyPrincipals.includes('s3.amazonaws.com'))!;
  expect((await stores.inventory.get(viaS3.config.FunctionArn!))?.invokers).toContain('s3');
}, 60_000);

it('keeps a denied policy as a named gap instead of guessing', async () => {
  const gateway = sandboxGateway(sandbox);
  const denied = Object.assign(Object.create(gateway), { getPolicyInvokers: async () => Promise.reject(new Error('Access denied reading the resource policy: allow lambda:GetPolicy.')) });
  const enrichment = createPolicyEnrichment({ gateway: denied, stores, logger: mockServices.logger.mock(), settings });
  await createScanner({ gateway, stores, logger: mockServices.logger.mock(), resolveOwner: () => null, settings, enrichment }).scan();
  await enrichment.idle();
  const { items } = await stores.inventory.query({ limit: 500 });
  expect(items.every(item => item.invokerGaps.some(gap => gap.source === 'resource-policy' && gap.reason.includes('lambda:GetPolicy')))).toBe(true);
}, 60_000);
