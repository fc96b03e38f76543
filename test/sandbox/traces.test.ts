import { GetTraceSummariesCommand, XRayClient } from '@aws-sdk/client-xray';
import { UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { SANDBOX_DATADOG_API_KEY, SANDBOX_DATADOG_APPLICATION_KEY } from '../../dev/sandbox/traces';
import { DATA_PLATFORM, PAYMENTS, lambdaClient, manualClock } from './clients';

const HOUR = 3_600_000;
const REGION = 'us-east-1';
const EXTENSION = `arn:aws:lambda:${REGION}:464622532012:layer:Datadog-Extension:90`;
const NODE_LIBRARY = `arn:aws:lambda:${REGION}:464622532012:layer:Datadog-Node20-x:125`;
const NODE_HANDLER = '/opt/nodejs/node_modules/datadog-lambda-js/handler.handler';
const SECRET = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:dd-api-key-AbCdEf';

describe('the emulated tracing backends', () => {
  const clock = manualClock();
  let sandbox: Sandbox;
  const arnOf = (name: string, accountId = PAYMENTS) => `arn:aws:lambda:${REGION}:${accountId}:function:${name}`;

  function put(name: string, options: { datadog?: boolean; handler?: string; xray?: boolean; service?: string; role?: string; modifiedAgoMs?: number; accountId?: string } = {}) {
    const accountId = options.accountId ?? PAYMENTS;
    sandbox.state.putFunction({
      accountId,
      region: REGION,
      config: {
        FunctionName: name,
        FunctionArn: arnOf(name, accountId),
        Runtime: 'nodejs20.x',
        Role: options.role ?? `arn:aws:iam::${accountId}:role/${name}-role`,
        Handler: options.datadog ? (options.handler ?? NODE_HANDLER) : 'index.handler',
        Layers: options.datadog ? [{ Arn: EXTENSION }, { Arn: NODE_LIBRARY }] : [],
        Environment: {
          Variables: {
            ...(options.datadog ? { DD_API_KEY_SECRET_ARN: SECRET, DD_LAMBDA_HANDLER: 'index.handler' } : {}),
            ...(options.service ? { DD_SERVICE: options.service } : {}),
          },
        },
        TracingConfig: { Mode: options.xray ? 'Active' : 'PassThrough' },
        LastModified: new Date(clock.now() - (options.modifiedAgoMs ?? HOUR)).toISOString().replace('Z', '+0000'),
        RevisionId: `rev-${name}`,
        PackageType: 'Zip',
      },
    });
  }

  async function aggregate(query: string, keys = { api: SANDBOX_DATADOG_API_KEY, app: SANDBOX_DATADOG_APPLICATION_KEY }) {
    const response = await fetch(`${sandbox.url}/api/v2/spans/analytics/aggregate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'DD-API-KEY': keys.api, 'DD-APPLICATION-KEY': keys.app },
      body: JSON.stringify({
        data: {
          type: 'aggregate_request',
          attributes: {
            filter: { query, from: String(clock.now() - 6 * HOUR), to: String(clock.now()) },
            compute: [{ aggregation: 'count', type: 'timeseries', interval: '10m' }],
            group_by: [{ facet: 'service', limit: 100 }, { facet: '@function_arn', limit: 100 }],
          },
        },
      }),
    });
    return { status: response.status, body: (await response.json()) as { data: Array<{ attributes: { by: Record<string, string>; computes: { c0: Array<{ time: string; value: number }> } } }>; errors?: string[] } };
  }

  const xray = (accountId = PAYMENTS) =>
    new XRayClient({ endpoint: sandbox.url, region: REGION, credentials: credentials(accountId), maxAttempts: 1 });
  const credentials = (accountId: string) => {
    const account = sandbox.org.accounts.find(a => a.accountId === accountId)!;
    return { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey };
  };
  const lambdaFilter = (...names: string[]) => names.map(name => `service(id(name: "${name}", type: "AWS::Lambda::Function"))`).join(' OR ');

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: false, clock: clock.now, traceIngestDelayMs: 30_000, quotaPerSecond: 0 });
  });
  afterAll(() => sandbox.close());

  it('finds Datadog spans of a correctly configured, invoked function, grouped by service and function ARN', async () => {
    put('orders-api', { datadog: true, service: 'Orders' });
    put('orders-plain');
    const { status, body } = await aggregate('service:(orders OR orders-plain)');
    expect(status).toBe(200);
    expect(body.data.map(bucket => bucket.attributes.by)).toEqual([{ service: 'orders', '@function_arn': arnOf('orders-api').toLowerCase() }]);
    const points = body.data[0].attributes.computes.c0;
    expect(points.length).toBeGreaterThan(0);
    expect(Date.parse(points[points.length - 1].time)).toBeGreaterThan(clock.now() - 20 * 60_000);
  });

  it('has no spans of a function whose handler is not redirected, whose role cannot read the API key, or that nobody invokes', async () => {
    put('no-redirect', { datadog: true, handler: 'index.handler' });
    put('no-secret', { datadog: true, role: `arn:aws:iam::${PAYMENTS}:role/locked` });
    sandbox.state.roles.deny(`arn:aws:iam::${PAYMENTS}:role/locked`, 'secretsmanager:GetSecretValue');
    put('idle', { datadog: true });
    sandbox.state.traces.setInvoked(arnOf('idle'), false);
    const { body } = await aggregate('service:(no-redirect OR no-secret OR idle)');
    expect(body.data).toEqual([]);
  });

  it('shows traces of a function enabled through the Lambda API only after the ingestion delay', async () => {
    put('late-bloomer');
    await lambdaClient(sandbox).send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'late-bloomer',
        Handler: NODE_HANDLER,
        Layers: [EXTENSION, NODE_LIBRARY],
        Environment: { Variables: { DD_API_KEY_SECRET_ARN: SECRET, DD_LAMBDA_HANDLER: 'index.handler' } },
      }),
    );
    expect((await aggregate('service:late-bloomer')).body.data).toEqual([]);
    clock.advance(31_000);
    expect((await aggregate('service:late-bloomer')).body.data).toHaveLength(1);
  });

  it('refuses a request without the organisation\'s API and application keys', async () => {
    const { status, body } = await aggregate('*', { api: SANDBOX_DATADOG_API_KEY, app: 'wrong' });
    expect(status).toBe(403);
    expect(body.errors).toEqual(['Forbidden']);
  });

  it('answers 429 past Datadog\'s hourly allowance of span queries, and again an hour later', async () => {
    sandbox.state.settings.datadogQueriesPerHour = 0;
    try {
      expect((await aggregate('*')).status).toBe(429);
    } finally {
      sandbox.state.settings.datadogQueriesPerHour = 300;
    }
    expect((await aggregate('*')).status).toBe(200);
  });

  it('answers GetTraceSummaries for the Lambda services in the filter, in the caller\'s account-region only', async () => {
    put('xray-active', { xray: true });
    put('xray-off');
    put('xray-elsewhere', { xray: true, accountId: DATA_PLATFORM });
    const answer = await xray().send(
      new GetTraceSummariesCommand({
        StartTime: new Date(clock.now() - HOUR / 2),
        EndTime: new Date(clock.now()),
        FilterExpression: lambdaFilter('xray-active', 'xray-off', 'xray-elsewhere'),
      }),
    );
    const names = new Set(answer.TraceSummaries!.flatMap(summary => summary.ServiceIds!.map(id => id.Name)));
    expect([...names]).toEqual(['xray-active']);
    expect(answer.TraceSummaries![0].StartTime!.getTime()).toBeGreaterThan(clock.now() - 11 * 60_000);
  });

  it('pages trace summaries 100 at a time', async () => {
    for (let i = 0; i < 5; i++) put(`busy-${i}`, { xray: true, modifiedAgoMs: 20 * HOUR });
    const names = Array.from({ length: 5 }, (_, i) => `busy-${i}`);
    const first = await xray().send(new GetTraceSummariesCommand({ StartTime: new Date(clock.now() - 20 * HOUR), EndTime: new Date(clock.now()), FilterExpression: lambdaFilter(...names) }));
    expect(first.TraceSummaries).toHaveLength(100);
    expect(first.NextToken).toBeDefined();
    const second = await xray().send(
      new GetTraceSummariesCommand({ StartTime: new Date(clock.now() - 20 * HOUR), EndTime: new Date(clock.now()), FilterExpression: lambdaFilter(...names), NextToken: first.NextToken }),
    );
    expect(second.TraceSummaries!.length).toBeGreaterThan(0);
    expect(Math.max(...second.TraceSummaries!.map(s => s.StartTime!.getTime()))).toBeLessThanOrEqual(Math.min(...first.TraceSummaries!.map(s => s.StartTime!.getTime())));
  });

  it('refuses a window over 24 hours as X-Ray does', async () => {
    await expect(
      xray().send(new GetTraceSummariesCommand({ StartTime: new Date(clock.now() - 25 * HOUR), EndTime: new Date(clock.now()) })),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
  });
});
