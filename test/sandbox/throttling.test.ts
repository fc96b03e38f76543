import { GetFunctionCommand, GetPolicyCommand, ListFunctionsCommand, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { DATA_PLATFORM, PAYMENTS, lambdaClient, manualClock, taggingClient } from './clients';

describe('quotas and injected failures', () => {
  const clock = manualClock();
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      quotaPerSecond: 2,
      getFunctionQuotaPerSecond: 4,
      getPolicyQuotaPerSecond: 3,
      clock: clock.now,
      failures: [{ accountId: DATA_PLATFORM, region: 'us-west-2', error: 'AccessDeniedException' }],
    });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    clock.advance(10_000); // every bucket full again
    sandbox.state.settings.failures = sandbox.state.settings.failures.filter(failure => failure.region === 'us-west-2');
  });

  const list = (options: { accountId?: string; region?: string } = {}) => lambdaClient(sandbox, options).send(new ListFunctionsCommand({ MaxItems: 1 }));
  const someFunction = () => sandbox.state.functions(PAYMENTS, 'us-east-1')[0].config.FunctionName!;

  it('throttles control-plane calls over the quota with TooManyRequestsException and a Retry-After', async () => {
    await list();
    await list();

    const third = list();

    await expect(third).rejects.toBeInstanceOf(TooManyRequestsException);
    await expect(third).rejects.toMatchObject({ retryAfterSeconds: '1', $metadata: { httpStatusCode: 429 } });
  });

  it('admits calls again once the quota has refilled', async () => {
    await list();
    await list();
    clock.advance(500);

    await expect(list()).resolves.toBeDefined();
  });

  it('counts the quota per account-region', async () => {
    await list();
    await list();

    await expect(list({ region: 'eu-west-1' })).resolves.toBeDefined();
    await expect(list({ accountId: DATA_PLATFORM })).resolves.toBeDefined();
  });

  it('gives GetFunction its own, higher quota', async () => {
    await list();
    await list();
    const client = lambdaClient(sandbox);

    for (let call = 0; call < 4; call++) await client.send(new GetFunctionCommand({ FunctionName: someFunction() }));

    await expect(client.send(new GetFunctionCommand({ FunctionName: someFunction() }))).rejects.toBeInstanceOf(TooManyRequestsException);
  });

  it('gives GetPolicy a quota of its own, so reading policies neither takes from nor waits on the control plane', async () => {
    const client = lambdaClient(sandbox);
    const withPolicy = sandbox.state.functions(PAYMENTS, 'us-east-1').find(fn => fn.policyPrincipals.length > 0)!.config.FunctionName!;
    await list();
    await list();

    for (let call = 0; call < 3; call++) await client.send(new GetPolicyCommand({ FunctionName: withPolicy }));

    await expect(client.send(new GetPolicyCommand({ FunctionName: withPolicy }))).rejects.toBeInstanceOf(TooManyRequestsException);
    clock.advance(500);
    await expect(list()).resolves.toBeDefined();
  });

  it('throttles the Tagging API with its own ThrottledException', async () => {
    const tagging = taggingClient(sandbox);
    await tagging.send(new GetResourcesCommand({}));
    await tagging.send(new GetResourcesCommand({}));

    await expect(tagging.send(new GetResourcesCommand({}))).rejects.toMatchObject({ name: 'ThrottledException' });
  });

  it('fails every request of an account-region configured to fail', async () => {
    await expect(list({ accountId: DATA_PLATFORM, region: 'us-west-2' })).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(list({ accountId: DATA_PLATFORM, region: 'us-east-1' })).resolves.toBeDefined();
  });

  it('injects a failure at runtime and lifts it again', async () => {
    sandbox.state.setFailure(PAYMENTS, 'eu-west-1', 'ServiceUnavailable');
    await expect(list({ region: 'eu-west-1' })).rejects.toMatchObject({ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });

    sandbox.state.setFailure(PAYMENTS, 'eu-west-1', undefined);
    await expect(list({ region: 'eu-west-1' })).resolves.toBeDefined();
  });

  it('counts requests by operation, account and region', async () => {
    const before = sandbox.requestCount({ operation: 'GetFunction', accountId: PAYMENTS, region: 'us-east-1' });

    await lambdaClient(sandbox).send(new GetFunctionCommand({ FunctionName: someFunction() }));

    expect(sandbox.requestCount({ operation: 'GetFunction', accountId: PAYMENTS, region: 'us-east-1' })).toBe(before + 1);
    expect(sandbox.requestCount({ operation: 'GetFunction', accountId: PAYMENTS, region: 'eu-west-1' })).toBe(0);
  });
});

describe('injected latency', () => {
  it('answers correctly when every request is delayed', async () => {
    const sandbox = await startSandbox({ latencyMs: 20, quotaPerSecond: 0 });
    try {
      const page = await lambdaClient(sandbox).send(new ListFunctionsCommand({ MaxItems: 3 }));
      expect(page.Functions).toHaveLength(3);
      expect(sandbox.state.settings.latencyMs).toBe(20);
    } finally {
      await sandbox.close();
    }
  });
});
