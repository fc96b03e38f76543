import { ConfigReader } from '@backstage/config';
import { readServerlessTracingSettings } from '../../../src/backend/config';
import { DEFAULT_LAYER_VERSIONS } from '../../../src/common/layers';

const read = (serverlessTracing: object) => readServerlessTracingSettings(new ConfigReader({ serverlessTracing }));

describe('readServerlessTracingSettings', () => {
  it('fills in the documented defaults', () => {
    const settings = readServerlessTracingSettings(new ConfigReader({}));
    expect(settings.datadog.site).toBe('datadoghq.com');
    expect(settings.datadog.layerVersions).toEqual(DEFAULT_LAYER_VERSIONS);
    expect(settings.ownerTag).toBe('team');
    expect(settings.hybridEstate).toBe(false);
    expect(settings.schedule).toMatchObject({ frequency: { minutes: 30 }, timeout: { minutes: 10 } });
    expect(settings.jobs).toMatchObject({ concurrency: 32 });
    expect(settings.retry.settings).toMatchObject({ maxRevisionRetries: 3, itemTimeoutMs: 5 * 60_000 });
    expect(settings.aws.rateLimit).toEqual({ requestsPerSecond: 10, getFunctionPerSecond: 50, getPolicyPerSecond: 10, iamPerSecond: 10 });
  });

  it('simulates function roles unless rolePreflight is false', () => {
    expect(read({}).rolePreflight).toBe(true);
    expect(read({ rolePreflight: false }).rolePreflight).toBe(false);
  });

  it('treats an item as abandoned after five missed heartbeats, seconds rather than minutes, unless configured', () => {
    expect(read({}).jobs).toMatchObject({ heartbeatIntervalMs: 2_000, staleAfterMs: 10_000 });
    expect(read({ jobs: { heartbeatIntervalMs: 500 } }).jobs.staleAfterMs).toBe(2_500);
    expect(read({ jobs: { staleAfterMs: 0 } }).jobs.staleAfterMs).toBe(0);
  });

  it('bounds a job item by itemTimeoutMs, still read under its earlier name updateTimeoutMs', () => {
    expect(read({ jobs: { itemTimeoutMs: 30_000 } }).retry.settings.itemTimeoutMs).toBe(30_000);
    expect(read({ jobs: { updateTimeoutMs: 20_000 } }).retry.settings.itemTimeoutMs).toBe(20_000);
  });

  it('reads the drift auto-repair policy, and refuses one that names nothing or a malformed account', () => {
    expect(read({}).autoRepair).toBeUndefined();
    expect(read({ drift: { autoRepair: { accounts: ['111111111111'] } } }).autoRepair).toEqual({ accounts: ['111111111111'], owners: [] });
    expect(read({ drift: { autoRepair: { owners: ['component:default/payments'] } } }).autoRepair).toEqual({ accounts: [], owners: ['component:default/payments'] });
    expect(() => read({ drift: { autoRepair: {} } })).toThrow(/drift\.autoRepair names no accounts and no owners/);
    expect(() => read({ drift: { autoRepair: { accounts: ['1111'] } } })).toThrow(/drift\.autoRepair\.accounts "1111" is not a 12-digit/);
  });

  it('asks for trace evidence every 30 minutes over 6 hours, Datadog at api.<site> unless an endpoint is given', () => {
    expect(read({}).traceEvidence).toMatchObject({
      schedule: { frequency: { minutes: 30 } },
      windowHours: 6,
      delayAfterEnableMs: 120_000,
      datadog: { endpoint: 'https://api.datadoghq.com', apiKey: undefined, applicationKey: undefined },
    });
    expect(read({ datadog: { site: 'datadoghq.eu' } }).traceEvidence.datadog.endpoint).toBe('https://api.datadoghq.eu');
    expect(read({ datadog: { apiEndpoint: 'http://localhost:4566/', applicationKey: 'app' } }).traceEvidence.datadog).toMatchObject({ endpoint: 'http://localhost:4566', applicationKey: 'app' });
  });

  it('refuses a trace evidence window X-Ray cannot answer, and an endpoint that is no URL', () => {
    expect(() => read({ traceEvidence: { windowHours: 48 } })).toThrow('serverlessTracing.traceEvidence.windowHours must be a whole number of hours from 1 to 24');
    expect(() => read({ datadog: { apiEndpoint: 'datadoghq.com' } })).toThrow('serverlessTracing.datadog.apiEndpoint must be an http(s) URL');
  });

  it('merges configured layer versions over the defaults', () => {
    const settings = read({ datadog: { layerVersions: { python: 200 } } });
    expect(settings.datadog.layerVersions).toEqual({ ...DEFAULT_LAYER_VERSIONS, python: 200 });
  });

  it('reads the schedule in Backstage duration form', () => {
    expect(read({ schedule: { frequency: { hours: 2 }, timeout: { minutes: 5 } } }).schedule).toMatchObject({
      frequency: { hours: 2 },
      timeout: { minutes: 5 },
    });
  });

  it.each([
    [{ datadog: { layerVersions: { go: 3 } } }, 'serverlessTracing.datadog.layerVersions.go'],
    [{ datadog: { layerVersions: { python: -1 } } }, 'serverlessTracing.datadog.layerVersions.python'],
    [{ datadog: { layerAccount: '123' } }, 'serverlessTracing.datadog.layerAccount'],
    [{ datadog: { apiKeySecretArn: 'my-secret' } }, 'serverlessTracing.datadog.apiKeySecretArn'],
    [{ regions: ['us-east'] }, 'serverlessTracing.regions'],
    [{ accounts: [{ accountId: '12345' }] }, 'serverlessTracing.accounts[0].accountId'],
    [{ endpoint: 'localhost:4566' }, 'serverlessTracing.endpoint'],
    [{ jobs: { concurrency: 0 } }, 'serverlessTracing.jobs.concurrency'],
    [{ rateLimit: { requestsPerSecond: 0 } }, 'serverlessTracing.rateLimit.requestsPerSecond'],
    [{ rateLimit: { getPolicyPerSecond: -1 } }, 'serverlessTracing.rateLimit.getPolicyPerSecond'],
    [{ rateLimit: { iamPerSecond: 0 } }, 'serverlessTracing.rateLimit.iamPerSecond'],
    [{ jobs: { heartbeatIntervalMs: 0 } }, 'serverlessTracing.jobs.heartbeatIntervalMs'],
    [{ schedule: { frequency: 'often' } }, 'serverlessTracing.schedule'],
    [{ organization: { accountId: '999', roleName: 'reader' } }, 'serverlessTracing.organization.accountId'],
    [{ organization: { accountId: '999999999999', roleName: 'has space' } }, 'serverlessTracing.organization.roleName'],
    [{ organization: { accountId: '999999999999', roleName: 'reader', region: 'global' } }, 'serverlessTracing.organization.region'],
    [{ organization: { accountId: '999999999999', roleName: 'reader', include: { organizationalUnits: ['Production'] } } }, 'serverlessTracing.organization.include.organizationalUnits'],
    [{ organization: { accountId: '999999999999', roleName: 'reader', exclude: { accounts: ['12'] } } }, 'serverlessTracing.organization.exclude.accounts'],
  ])('names the key of an invalid value (%j)', (config, key) => {
    expect(() => read(config)).toThrow(key);
  });

  describe('organization', () => {
    const organization = { accountId: '999999999999', roleName: 'backstage-serverless-tracing' };

    it('is absent unless configured', () => {
      expect(read({}).aws.organization).toBeUndefined();
    });

    it('reads the account, role and filters, calling the global services in us-east-1 by default', () => {
      const settings = read({ organization: { ...organization, include: { organizationalUnits: ['ou-ab12-cd34ef56', 'r-ab12'] }, exclude: { accounts: ['123456789012'] } } });
      expect(settings.aws.organization).toEqual({
        ...organization,
        externalId: undefined,
        region: 'us-east-1',
        include: { organizationalUnits: ['ou-ab12-cd34ef56', 'r-ab12'], accounts: [] },
        exclude: { organizationalUnits: [], accounts: ['123456789012'] },
      });
    });

    it("narrows each account's enabled regions to serverlessTracing.regions unless organization.regions is given", () => {
      expect(read({ regions: ['eu-west-1'], organization }).aws.organization?.regions).toEqual(['eu-west-1']);
      expect(read({ regions: ['eu-west-1'], organization: { ...organization, regions: ['us-east-1'] } }).aws.organization?.regions).toEqual(['us-east-1']);
    });

    it('takes no explicit targets from aws.accounts, which then only hold credentials', () => {
      const settings = readServerlessTracingSettings(new ConfigReader({
        aws: { accounts: [{ accountId: '999999999999', roleName: 'x' }] },
        serverlessTracing: { organization },
      }));
      expect(settings.aws.targets).toEqual([]);
    });

    it('keeps explicit serverlessTracing.accounts next to the organisation', () => {
      const settings = read({ organization, accounts: [{ accountId: '123456789012', regions: ['eu-west-1'] }] });
      expect(settings.aws.targets).toEqual([{ accountId: '123456789012', region: 'eu-west-1' }]);
    });
  });
});
