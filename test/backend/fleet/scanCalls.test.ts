// What one scan asks AWS, per account-region: a listing per source plus one call per state machine,
// GraphQL API, REST API, HTTP API and rule (their children), never one per function.
import knexFactory, { type Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { startSandbox, type Sandbox } from '../../../dev/sandbox/server';
import { invokerResources } from '../../../dev/sandbox/invoker-resources';
import { createScanner } from '../../../src/backend/inventory/scanner';
import { createStores } from '../../../src/backend/store';
import { DEFAULT_LAYER_VERSIONS } from '../../../src/common/layers';
import { sandboxGateway } from '../aws/sandboxGateway';

const PER_FUNCTION = ['GetFunction', 'GetFunctionConfiguration', 'ListTags', 'GetPolicy'];

let sandbox: Sandbox;
let knex: Knex;

beforeAll(async () => {
  // No quota: a throttled call is retried, and this file counts what a scan asks, not how it paces.
  sandbox = await startSandbox({ quotaPerSecond: 0 });
  knex = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  const scanner = createScanner({
    gateway: sandboxGateway(sandbox),
    stores: await createStores(knex),
    logger: mockServices.logger.mock(),
    resolveOwner: () => null,
    settings: { datadog: { site: 'datadoghq.com', apiKeySecretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:k', layerVersions: DEFAULT_LAYER_VERSIONS } },
  });
  await scanner.scan();
});

afterAll(async () => {
  await knex.destroy();
  await sandbox.close();
});

const targets = () => sandbox.org.accounts.flatMap(account => account.regions.map(region => ({ accountId: account.accountId, region })));

it('makes no call per function', () => {
  for (const operation of PER_FUNCTION) expect(sandbox.requestCount({ operation })).toBe(0);
});

it('lists each invoking service once per account-region (one page each in the seed org)', () => {
  for (const { accountId, region } of targets()) {
    for (const operation of ['states:ListStateMachines', 'appsync:ListGraphqlApis', 'apigateway:GetRestApis', 'apigateway:GetApis', 'events:ListRules', 'sns:ListSubscriptions']) {
      expect(sandbox.requestCount({ operation, accountId, region })).toBe(1);
    }
  }
});

it('reads each state machine, API and rule once: their count, not the functions', () => {
  for (const { accountId, region } of targets()) {
    const resources = invokerResources(sandbox.state, accountId, region);
    const count = (operation: string) => sandbox.requestCount({ operation, accountId, region });
    expect(count('states:DescribeStateMachine')).toBe(resources.stateMachines.length);
    expect(count('appsync:ListDataSources')).toBe(resources.graphqlApis.length);
    expect(count('apigateway:GetResources')).toBe(resources.restApis.length);
    expect(count('apigateway:GetIntegrations')).toBe(resources.httpApis.length);
    expect(count('events:ListTargetsByRule')).toBe(resources.rules.length);
  }
});
