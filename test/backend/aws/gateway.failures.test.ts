// How the gateway behaves when AWS pushes back: throttling, denied access, outages, conflicts.
import { startSandbox, type Sandbox } from '../../../dev/sandbox/server';
import type { AccountRegion } from '../../../src/backend/aws/types';
import type { FunctionUpdate } from '../../../src/common/model';
import { sandboxGateway } from './sandboxGateway';

const PAYMENTS_US: AccountRegion = { accountId: '111111111111', region: 'us-east-1' };
const PAYMENTS_EU: AccountRegion = { accountId: '111111111111', region: 'eu-west-1' };
const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

/** The update a function already has: applying it changes nothing but its RevisionId. */
function sameConfiguration(config: { Handler?: string; Layers?: Array<{ Arn?: string }>; Environment?: { Variables?: Record<string, string> }; TracingConfig?: { Mode?: string } }): FunctionUpdate {
  return {
    Handler: config.Handler,
    Layers: (config.Layers ?? []).map(layer => layer.Arn!),
    Environment: { Variables: { ...(config.Environment?.Variables ?? {}) } },
    TracingConfig: { Mode: config.TracingConfig?.Mode === 'Active' ? 'Active' : 'PassThrough' },
  };
}

describe('LambdaGateway when AWS pushes back', () => {
  let sandbox: Sandbox;
  afterEach(async () => {
    await sandbox?.close();
  });

  it('completes a throttling storm by backing off and retrying', async () => {
    sandbox = await startSandbox({ quotaPerSecond: 5, getPolicyQuotaPerSecond: 5 });
    // Our own limiter is set far above the sandbox's quota, so AWS-side throttling must happen.
    const gateway = sandboxGateway(sandbox, { rateLimit: { requestsPerSecond: 1000, getPolicyPerSecond: 1000 }, retry: { maxAttempts: 30, baseDelayMs: 50, maxDelayMs: 1000 } });
    const arns = sandbox.state.functions(PAYMENTS_US.accountId, PAYMENTS_US.region).slice(0, 20).map(fn => fn.config.FunctionArn!);
    const [functions, , policies] = await Promise.all([
      gateway.listFunctions(PAYMENTS_US),
      gateway.listEventSourceInvokers(PAYMENTS_US),
      Promise.all(arns.map(arn => gateway.getPolicyInvokers(arn))),
    ]);
    expect(functions).toHaveLength(sandbox.state.functions(PAYMENTS_US.accountId, PAYMENTS_US.region).length);
    expect(policies).toHaveLength(20);
    // More GetPolicy requests than functions asked about: some were throttled and retried.
    expect(sandbox.requestCount({ operation: 'GetPolicy', ...PAYMENTS_US })).toBeGreaterThan(20);
  });

  it('slows down to the rate AWS grants when it is below the configured one, so throttled calls do not run out of attempts', async () => {
    sandbox = await startSandbox({ getPolicyQuotaPerSecond: 10 });
    // Four times the quota, and few attempts: retrying at the configured rate would give up.
    const gateway = sandboxGateway(sandbox, { rateLimit: { getPolicyPerSecond: 40 }, retry: { maxAttempts: 4, baseDelayMs: 50, maxDelayMs: 500 } });
    const arns = sandbox.state.functions(PAYMENTS_US.accountId, PAYMENTS_US.region).slice(0, 40).map(fn => fn.config.FunctionArn!);
    const policies = await Promise.all(arns.map(arn => gateway.getPolicyInvokers(arn)));
    expect(policies).toHaveLength(40);
    // The first burst meets AWS's limit; after that the bucket sends at about what AWS grants.
    expect(sandbox.throttledCount()).toBeGreaterThan(0);
  });

  it("counts API Gateway's REST and HTTP discovery against the one quota AWS meters them by", async () => {
    sandbox = await startSandbox({ quotaPerSecond: 4 });
    // The plugin's rate is under the quota and nothing is retried: two buckets would send 1.5 times the quota.
    const gateway = sandboxGateway(sandbox, { rateLimit: { requestsPerSecond: 3 }, retry: { maxAttempts: 1 } });
    const discovery = await gateway.discoverInvokers(PAYMENTS_US);
    expect(discovery.failed.map(gap => gap.reason)).toEqual([]);
    expect(discovery.read).toEqual(expect.arrayContaining(['api-gateway-rest', 'api-gateway-http']));
    expect(sandbox.requestRows().filter(row => row.operation.startsWith('apigateway:')).reduce((sum, row) => sum + row.count, 0)).toBeGreaterThan(8);
  });

  it('stays under the quota with its own rate limit, so AWS never has to throttle', async () => {
    sandbox = await startSandbox({ quotaPerSecond: 5, getPolicyQuotaPerSecond: 5 });
    // No retries: a single throttled request would fail the call.
    const gateway = sandboxGateway(sandbox, { rateLimit: { requestsPerSecond: 4, getPolicyPerSecond: 4 }, retry: { maxAttempts: 1 } });
    const arns = sandbox.state.functions(PAYMENTS_US.accountId, PAYMENTS_US.region).slice(0, 10).map(fn => fn.config.FunctionArn!);
    const policies = await Promise.all(arns.map(arn => gateway.getPolicyInvokers(arn)));
    expect(policies).toHaveLength(10);
    expect(sandbox.requestCount({ operation: 'GetPolicy', ...PAYMENTS_US })).toBe(10);
  });

  it('maps AccessDenied to access-denied with the account-region and the IAM action to grant', async () => {
    sandbox = await startSandbox({ failures: [{ ...PAYMENTS_EU, error: 'AccessDeniedException' }] });
    const gateway = sandboxGateway(sandbox);
    const listing = gateway.listFunctions(PAYMENTS_EU);
    await expect(listing).rejects.toMatchObject({ kind: 'access-denied', awsName: 'AccessDeniedException' });
    await expect(listing).rejects.toThrow(/^Access denied listing functions in 111111111111\/eu-west-1: User: .* is not authorized .*lambda:ListFunctions/);
    await expect(gateway.listTags(PAYMENTS_EU)).rejects.toMatchObject({ kind: 'access-denied', message: expect.stringContaining('tag:GetResources') });
  });

  it('does not retry a denied request', async () => {
    sandbox = await startSandbox({ failures: [{ ...PAYMENTS_EU, error: 'AccessDeniedException' }] });
    const gateway = sandboxGateway(sandbox, { retry: FAST_RETRY });
    await expect(gateway.listFunctions(PAYMENTS_EU)).rejects.toMatchObject({ kind: 'access-denied' });
    expect(sandbox.requestCount({ operation: 'ListFunctions', ...PAYMENTS_EU })).toBe(1);
  });

  it('gives up on an outage after the configured attempts and says it is unavailable', async () => {
    sandbox = await startSandbox({ failures: [{ ...PAYMENTS_EU, error: 'ServiceUnavailable' }] });
    const gateway = sandboxGateway(sandbox, { retry: FAST_RETRY });
    await expect(gateway.listFunctions(PAYMENTS_EU)).rejects.toMatchObject({ kind: 'unavailable', message: expect.stringContaining('after 3 attempt(s)') });
    expect(sandbox.requestCount({ operation: 'ListFunctions', ...PAYMENTS_EU })).toBe(3);
  });

  it('reports a region throttled to death as throttled', async () => {
    sandbox = await startSandbox({ failures: [{ ...PAYMENTS_EU, error: 'TooManyRequestsException' }] });
    const gateway = sandboxGateway(sandbox, { retry: FAST_RETRY });
    await expect(gateway.listFunctions(PAYMENTS_EU)).rejects.toMatchObject({ kind: 'throttled', awsName: 'TooManyRequestsException' });
  });

  it('times out a request that takes too long', async () => {
    sandbox = await startSandbox({ latencyMs: 2_000 });
    const gateway = sandboxGateway(sandbox, { requestTimeoutMs: 100, retry: { maxAttempts: 1 } });
    await expect(gateway.listFunctions(PAYMENTS_US)).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('reports an update with a stale RevisionId as revision-mismatch', async () => {
    sandbox = await startSandbox({ updateDelayMs: 0 });
    const gateway = sandboxGateway(sandbox);
    const fn = sandbox.state.functions(PAYMENTS_US.accountId, PAYMENTS_US.region).find(f => f.config.PackageType === 'Zip')!;
    const current = await gateway.getFunction(fn.config.FunctionArn!);
    const updated = await gateway.updateFunctionConfiguration(fn.config.FunctionArn!, sameConfiguration(current), current.RevisionId!);
    expect(updated.RevisionId).not.toBe(current.RevisionId);
    await expect(
      gateway.updateFunctionConfiguration(fn.config.FunctionArn!, sameConfiguration(current), current.RevisionId!),
    ).rejects.toMatchObject({ kind: 'revision-mismatch', awsName: 'PreconditionFailedException' });
  });

  it('reports an update while the previous one is in progress as update-in-progress', async () => {
    sandbox = await startSandbox({ updateDelayMs: 60_000 });
    const gateway = sandboxGateway(sandbox);
    const fn = sandbox.state.functions(PAYMENTS_US.accountId, PAYMENTS_US.region).find(f => f.config.PackageType === 'Zip')!;
    const current = await gateway.getFunction(fn.config.FunctionArn!);
    const updated = await gateway.updateFunctionConfiguration(fn.config.FunctionArn!, sameConfiguration(current), current.RevisionId!);
    expect((await gateway.getFunction(fn.config.FunctionArn!)).LastUpdateStatus).toBe('InProgress');
    await expect(
      gateway.updateFunctionConfiguration(fn.config.FunctionArn!, sameConfiguration(current), updated.RevisionId!),
    ).rejects.toMatchObject({ kind: 'update-in-progress', awsName: 'ResourceConflictException' });
  });
});
