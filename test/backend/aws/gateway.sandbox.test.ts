// The gateway against the sandbox over real HTTP: the real SDK, the real wire format.
import { startSandbox, type Sandbox } from '../../../dev/sandbox/server';
import { AwsCallError, type AccountRegion } from '../../../src/backend/aws/types';
import { sandboxGateway } from './sandboxGateway';

const PAYMENTS_US: AccountRegion = { accountId: '111111111111', region: 'us-east-1' };

describe('LambdaGateway over the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ quotaPerSecond: 0, getFunctionQuotaPerSecond: 0 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const seeded = (target: AccountRegion) => sandbox.state.functions(target.accountId, target.region);

  it('targets every configured account-region', () => {
    const gateway = sandboxGateway(sandbox);
    const expected = sandbox.org.accounts.flatMap(a => a.regions.map(region => ({ accountId: a.accountId, region })));
    expect(gateway.targets()).toEqual(expected);
  });

  it('lists every function of an account-region, following every page', async () => {
    const gateway = sandboxGateway(sandbox);
    const before = sandbox.requestCount({ operation: 'ListFunctions', ...PAYMENTS_US });
    const functions = await gateway.listFunctions(PAYMENTS_US);
    const expected = seeded(PAYMENTS_US).map(fn => fn.config.FunctionArn).sort();
    expect(expected.length).toBeGreaterThan(50);
    expect(functions.map(fn => fn.FunctionArn).sort()).toEqual(expected);
    expect(sandbox.requestCount({ operation: 'ListFunctions', ...PAYMENTS_US }) - before).toBe(Math.ceil(expected.length / 50));
  });

  it('reads the tags of every function of a region in bulk', async () => {
    const gateway = sandboxGateway(sandbox);
    const tags = await gateway.listTags(PAYMENTS_US);
    for (const fn of seeded(PAYMENTS_US)) {
      expect(tags.get(fn.config.FunctionArn!) ?? {}).toEqual(fn.tags);
    }
    expect(sandbox.requestCount({ operation: 'ListTags' })).toBe(0);
  });

  it('derives invokers from the event source mappings of a region', async () => {
    const gateway = sandboxGateway(sandbox);
    const invokers = await gateway.listEventSourceInvokers(PAYMENTS_US);
    const withMappings = seeded(PAYMENTS_US).filter(fn => sandbox.state.eventSourceMappings(PAYMENTS_US.accountId, PAYMENTS_US.region).some(m => m.FunctionArn === fn.config.FunctionArn));
    expect(withMappings.length).toBeGreaterThan(0);
    for (const fn of withMappings) {
      expect(invokers.get(fn.config.FunctionArn!)?.length).toBeGreaterThan(0);
    }
    for (const list of invokers.values()) {
      expect(list.every(i => ['sqs', 'kinesis', 'dynamodb', 'other'].includes(i))).toBe(true);
    }
  });

  it('reads one function fresh, with its tags', async () => {
    const gateway = sandboxGateway(sandbox);
    const fn = seeded(PAYMENTS_US).find(f => Object.keys(f.tags).length > 0)!;
    const config = await gateway.getFunction(fn.config.FunctionArn!);
    expect(config.FunctionArn).toBe(fn.config.FunctionArn);
    expect(config.RevisionId).toBe(fn.config.RevisionId);
    expect(config.Tags).toEqual(fn.tags);
  });

  it('names the invokers a resource policy allows, and none for a function without a policy', async () => {
    const gateway = sandboxGateway(sandbox);
    const all = sandbox.state.allFunctions();
    const viaAppSync = all.find(fn => fn.policyPrincipals.includes('appsync.amazonaws.com'))!;
    const withoutPolicy = all.find(fn => fn.policyPrincipals.length === 0)!;
    expect(await gateway.getPolicyInvokers(viaAppSync.config.FunctionArn!)).toContain('appsync');
    expect(await gateway.getPolicyInvokers(withoutPolicy.config.FunctionArn!)).toEqual([]);
  });

  it('reports a function that does not exist as not-found', async () => {
    const gateway = sandboxGateway(sandbox);
    const missing = gateway.getFunction('arn:aws:lambda:us-east-1:111111111111:function:no-such-function');
    await expect(missing).rejects.toBeInstanceOf(AwsCallError);
    await expect(missing).rejects.toMatchObject({ kind: 'not-found', awsName: 'ResourceNotFoundException' });
  });

  it('refuses something that is not a function ARN without calling AWS', async () => {
    const gateway = sandboxGateway(sandbox);
    await expect(gateway.getFunction('payments-api')).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('is not a Lambda function ARN') });
  });

  it('explains that an account has no credentials configured', async () => {
    const gateway = sandboxGateway(sandbox, { accounts: [{ accountId: '999999999999', regions: ['us-east-1'] }] });
    await expect(gateway.listFunctions({ accountId: '999999999999', region: 'us-east-1' })).rejects.toMatchObject({
      kind: 'access-denied',
      message: expect.stringContaining('No AWS credentials for account 999999999999'),
    });
  });
});
