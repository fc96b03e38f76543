import { ConfigReader } from '@backstage/config';
import { readTargets } from '../../../src/backend/aws/targets';
import { readServerlessTracingSettings } from '../../../src/backend/config';

describe('readTargets', () => {
  it('scans the serverlessTracing accounts in the default regions unless an account names its own', () => {
    const config = new ConfigReader({
      serverlessTracing: {
        regions: ['us-east-1', 'eu-west-1'],
        accounts: [{ accountId: '111111111111' }, { accountId: '222222222222', regions: ['ap-southeast-2'] }],
      },
    });
    expect(readTargets(config)).toEqual([
      { accountId: '111111111111', region: 'us-east-1' },
      { accountId: '111111111111', region: 'eu-west-1' },
      { accountId: '222222222222', region: 'ap-southeast-2' },
    ]);
  });

  it('falls back to every account of the aws integration plus a main account with an accountId', () => {
    const config = new ConfigReader({
      aws: { mainAccount: { accountId: '333333333333' }, accounts: [{ accountId: '111111111111', roleName: 'r' }] },
      serverlessTracing: { regions: ['us-east-1'] },
    });
    expect(readTargets(config)).toEqual([
      { accountId: '111111111111', region: 'us-east-1' },
      { accountId: '333333333333', region: 'us-east-1' },
    ]);
  });

  it('lists each account-region once even when configured twice', () => {
    const config = new ConfigReader({
      serverlessTracing: { accounts: [{ accountId: '111111111111', regions: ['us-east-1', 'us-east-1'] }] },
    });
    expect(readTargets(config)).toEqual([{ accountId: '111111111111', region: 'us-east-1' }]);
  });

  it('explains which setting is missing when an account has no regions', () => {
    const config = new ConfigReader({ serverlessTracing: { accounts: [{ accountId: '111111111111' }] } });
    expect(() => readTargets(config)).toThrow(/No regions to scan for AWS account 111111111111: set serverlessTracing.regions/);
  });
});

const readGatewaySettings = (config: ConfigReader) => {
  const { aws, retry } = readServerlessTracingSettings(config);
  return { ...aws, retry: retry.settings };
};

describe('gateway settings', () => {
  it('defaults to rates below Lambda quotas, each quota bucket its own, and a 10 second timeout', () => {
    const settings = readGatewaySettings(new ConfigReader({ serverlessTracing: { regions: ['us-east-1'] } }));
    expect(settings.rateLimit).toEqual({ requestsPerSecond: 10, getFunctionPerSecond: 50, getPolicyPerSecond: 10, iamPerSecond: 10 });
    expect(settings.requestTimeoutMs).toBe(10_000);
    expect(settings.endpoint).toBeUndefined();
  });

  it('reads the endpoint, limits, retries and timeout from config', () => {
    const settings = readGatewaySettings(
      new ConfigReader({
        serverlessTracing: {
          regions: ['us-east-1'],
          endpoint: 'http://localhost:4566',
          rateLimit: { requestsPerSecond: 3, getFunctionPerSecond: 7, getPolicyPerSecond: 5, iamPerSecond: 2 },
          retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50 },
          requestTimeoutMs: 2_000,
        },
      }),
    );
    expect(settings).toMatchObject({
      endpoint: 'http://localhost:4566',
      rateLimit: { requestsPerSecond: 3, getFunctionPerSecond: 7, getPolicyPerSecond: 5, iamPerSecond: 2 },
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50 },
      requestTimeoutMs: 2_000,
    });
  });

  it('rejects a rate limit that is not positive', () => {
    const config = new ConfigReader({ serverlessTracing: { regions: ['us-east-1'], rateLimit: { requestsPerSecond: 0 } } });
    expect(() => readGatewaySettings(config)).toThrow(/serverlessTracing.rateLimit.requestsPerSecond must be a positive number/);
  });
});
