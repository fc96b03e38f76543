// The TraceEvidence service against the sandbox's tracing backends and a real store: what it records
// when a backend answers, refuses or cannot be reached, and how few calls a whole fleet costs.
import { mockServices } from '@backstage/backend-test-utils';
import { startSandbox, type Sandbox } from '../../../dev/sandbox/server';
import { SANDBOX_DATADOG_API_KEY, SANDBOX_DATADOG_APPLICATION_KEY } from '../../../dev/sandbox/traces';
import { createStores } from '../../../src/backend/store';
import type { Stores } from '../../../src/backend/store/types';
import { createDatadogSpans } from '../../../src/backend/evidence/datadogSpans';
import { createTraceEvidence, type TraceEvidenceService } from '../../../src/backend/evidence/traceEvidence';
import type { TracingStatus } from '../../../src/common/model';
import { sandboxGateway } from '../aws/sandboxGateway';
import { openSqliteFile, type OpenDatabase } from '../store/openDatabase';
import { record } from '../store/records';
import { manualClock } from '../../sandbox/clients';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const HOUR = 3_600_000;
const EXTENSION = `arn:aws:lambda:${REGION}:464622532012:layer:Datadog-Extension:90`;
const PYTHON_LIBRARY = `arn:aws:lambda:${REGION}:464622532012:layer:Datadog-Python312:110`;

const clock = manualClock();
let sandbox: Sandbox;
let database: OpenDatabase;
let stores: Stores;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: false, clock: clock.now, traceIngestDelayMs: 0, quotaPerSecond: 0 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  database = await openSqliteFile('evidence');
  stores = await createStores(database.knex);
});
afterEach(() => database.close());

/** A traced function both in the sandbox (really sending traces) and in the inventory. */
async function traced(name: string, status: Extract<TracingStatus, 'datadog' | 'xray'>) {
  const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
  sandbox.state.putFunction({
    accountId: ACCOUNT,
    region: REGION,
    config: {
      FunctionName: name,
      FunctionArn: arn,
      Runtime: 'python3.12',
      Role: `arn:aws:iam::${ACCOUNT}:role/${name}`,
      Handler: status === 'datadog' ? 'datadog_lambda.handler.handler' : 'app.handler',
      Layers: status === 'datadog' ? [{ Arn: EXTENSION }, { Arn: PYTHON_LIBRARY }] : [],
      Environment: { Variables: status === 'datadog' ? { DD_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:dd-AbCdEf' } : {} },
      TracingConfig: { Mode: status === 'xray' ? 'Active' : 'PassThrough' },
      LastModified: new Date(clock.now() - HOUR).toISOString().replace('Z', '+0000'),
      PackageType: 'Zip',
    },
  });
  sandbox.state.traces.setInvoked(arn, true);
  await stores.inventory.upsert(record(name, { status, accountId: ACCOUNT, region: REGION }));
  return arn;
}

function service(keys: { apiKey?: string; applicationKey?: string } = { apiKey: SANDBOX_DATADOG_API_KEY, applicationKey: SANDBOX_DATADOG_APPLICATION_KEY }): TraceEvidenceService {
  return createTraceEvidence({
    stores,
    gateway: sandboxGateway(sandbox, { retry: { maxAttempts: 1 } }),
    datadog: createDatadogSpans({ endpoint: sandbox.url, ...keys }),
    settings: { windowHours: 6, delayAfterEnableMs: 10 },
    logger: mockServices.logger.mock(),
    now: clock.now,
  });
}

const evidenceOf = async (arn: string) => (await stores.inventory.get(arn))!.summary.traceEvidence!;

it('asks a whole fleet in a few calls: one Datadog query for 60 functions, one X-Ray call per 25 functions of an account-region', async () => {
  for (let i = 0; i < 60; i++) await traced(`dd-${String(i).padStart(2, '0')}`, 'datadog');
  for (let i = 0; i < 30; i++) await traced(`xr-${String(i).padStart(2, '0')}`, 'xray');
  const datadogBefore = sandbox.requestCount({ operation: 'datadog:AggregateSpans' });
  const xrayBefore = sandbox.requestCount({ operation: 'xray:GetTraceSummaries' });
  const outcome = await service().check();
  expect(outcome).toEqual({ seen: 90, noneYet: 0, unknown: 0, datadogQueries: 1, xrayRequests: 2 });
  expect(sandbox.requestCount({ operation: 'datadog:AggregateSpans' }) - datadogBefore).toBe(1);
  expect(sandbox.requestCount({ operation: 'xray:GetTraceSummaries' }) - xrayBefore).toBe(2);
});

it('keeps the newest trace seen when a later check cannot ask, and says why', async () => {
  const arn = await traced('keeps-proof', 'xray');
  await service().check();
  const seen = await evidenceOf(arn);
  expect(seen.state).toBe('seen');
  sandbox.state.setFailure(ACCOUNT, REGION, 'AccessDeniedException');
  try {
    clock.advance(60_000);
    await service().check({ arns: [arn] });
  } finally {
    sandbox.state.setFailure(ACCOUNT, REGION, undefined);
  }
  const after = await evidenceOf(arn);
  expect(after).toMatchObject({ state: 'unknown', seenAt: seen.seenAt });
  expect(after.reason).toMatch(/^Could not ask X-Ray: /);
});

it('is none-yet, with the last trace kept, once a function stops sending for longer than the window', async () => {
  const arn = await traced('went-quiet', 'datadog');
  await service().check({ arns: [arn] });
  const { seenAt } = await evidenceOf(arn);
  sandbox.state.traces.setInvoked(arn, false);
  clock.advance(7 * HOUR);
  await service().check({ arns: [arn] });
  expect(await evidenceOf(arn)).toMatchObject({ state: 'none-yet', seenAt, windowHours: 6 });
});

it('keeps the answers of the queries Datadog answered when it rate-limits the next, and asks no more', async () => {
  // 250 services: three queries of 100, 100 and 50; Datadog allows one this hour.
  const arns: string[] = [];
  for (let i = 0; i < 250; i++) arns.push(await traced(`limited-${String(i).padStart(3, '0')}`, 'datadog'));
  sandbox.state.settings.datadogQueriesPerHour = 1;
  clock.advance(2 * HOUR); // the allowance of the hour starts afresh
  const before = sandbox.requestCount({ operation: 'datadog:AggregateSpans' });
  try {
    const outcome = await service().check({ arns });
    expect(outcome).toMatchObject({ seen: 100, unknown: 150, datadogQueries: 2 });
  } finally {
    sandbox.state.settings.datadogQueriesPerHour = 300;
  }
  expect(sandbox.requestCount({ operation: 'datadog:AggregateSpans' }) - before).toBe(2);
  // The third query was never sent: it would only have been refused too.
  expect((await evidenceOf(arns[249])).reason).toContain('rate-limited');
});

it('records Datadog refusing the keys as could-not-check, not as no traces', async () => {
  const arn = await traced('refused', 'datadog');
  await service({ apiKey: SANDBOX_DATADOG_API_KEY, applicationKey: 'revoked' }).check({ arns: [arn] });
  const evidence = await evidenceOf(arn);
  expect(evidence.state).toBe('unknown');
  expect(evidence.reason).toContain('Datadog refused the keys (403)');
  expect(evidence.reason).not.toContain('revoked');
});

it('checks functions enabled close together in one go, once their traces had time to arrive', async () => {
  const first = await traced('enabled-a', 'datadog');
  const second = await traced('enabled-b', 'datadog');
  const before = sandbox.requestCount({ operation: 'datadog:AggregateSpans' });
  const evidence = service();
  evidence.checkLater(first);
  evidence.checkLater(second);
  expect(sandbox.requestCount({ operation: 'datadog:AggregateSpans' })).toBe(before);
  await new Promise(resolve => setTimeout(resolve, 100));
  await evidence.stop();
  expect(sandbox.requestCount({ operation: 'datadog:AggregateSpans' }) - before).toBe(1);
  expect((await evidenceOf(first)).state).toBe('seen');
  expect((await evidenceOf(second)).state).toBe('seen');
});

it('drops the checks not yet due when the backend stops', async () => {
  const arn = await traced('stopped-early', 'datadog');
  const before = sandbox.requestCount({ operation: 'datadog:AggregateSpans' });
  const evidence = service();
  evidence.checkLater(arn);
  await evidence.stop();
  await new Promise(resolve => setTimeout(resolve, 50));
  expect(sandbox.requestCount({ operation: 'datadog:AggregateSpans' })).toBe(before);
  expect((await evidenceOf(arn)).reason).toContain('Not checked yet');
});
