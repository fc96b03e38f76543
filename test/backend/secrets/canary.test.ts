// Environment variable values must never leave the backend: walk every endpoint for seed functions
// whose environment holds the canary secret, and look for it in bodies, errors and logs.
import { coreServices, createServiceFactory, type LoggerService } from '@backstage/backend-plugin-api';
import { startSandbox } from '../../../dev/sandbox/server';
import { CANARY_SECRET } from '../../../dev/sandbox/seed';
import { updateFunctionConfiguration } from '../../../dev/sandbox/update';
import { fnPath, finished, scanned, startPlugin, type PluginHarness, type Sandbox } from '../helpers/harness';
import { isUpdateOf, startProxy, type SandboxProxy } from '../helpers/proxy';

const BASE = '/api/serverless-tracing';

let sandbox: Sandbox;
let proxy: SandboxProxy;
let harness: PluginHarness;
const logs: string[] = [];
const bodies: string[] = [];

function capturingLogger(): LoggerService {
  const write = (level: string) => (message: string, meta?: unknown) => {
    logs.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
  };
  const logger: LoggerService = { error: write('error'), warn: write('warn'), info: write('info'), debug: write('debug'), child: () => logger };
  return logger;
}

async function record(request: PromiseLike<{ status: number; text: string }>) {
  const response = await request;
  bodies.push(response.text);
  return response;
}

let canaryArns: string[];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, updateDelayMs: 20 });
  proxy = await startProxy(sandbox.url);
  harness = await startPlugin({
    sandbox,
    config: { serverlessTracing: { endpoint: proxy.url } },
    services: [createServiceFactory({ service: coreServices.logger, deps: {}, factory: () => capturingLogger() })],
  });
  await scanned(harness.api);
  canaryArns = sandbox.state
    .allFunctions()
    .filter(fn => Object.values(fn.config.Environment?.Variables ?? {}).includes(CANARY_SECRET))
    .map(fn => fn.config.FunctionArn!);
}, 120_000);

afterAll(async () => {
  await harness?.stop();
  await proxy?.close();
  await sandbox?.close();
});

it('has seed functions holding the canary to look for', () => {
  expect(canaryArns.length).toBeGreaterThan(5);
});

it('never returns or logs the canary, whatever endpoint is asked', async () => {
  const api = harness.api;
  for (let offset = 0; offset < sandbox.org.functionCount; offset += 500) {
    await record(api.get(`${BASE}/functions?limit=500&offset=${offset}`));
  }
  await record(api.get(`${BASE}/summary`));
  await record(api.get(`${BASE}/scans/latest`));
  for (const arn of canaryArns) {
    await record(api.get(fnPath(arn)));
    for (const solution of ['dd-trace', 'dd-trace-xray', 'xray']) {
      await record(api.post(`${fnPath(arn)}/plan`).send({ solution }));
    }
    // Single-function jobs answer 422/409 with the plan's blockers when there are any.
    await record(api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: [arn] }));
    await record(api.post(`${BASE}/jobs`).send({ action: 'rollback', functionArns: [arn] }));
  }
  const enable = await record(api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: canaryArns }));
  bodies.push(JSON.stringify(await finished(api, JSON.parse(enable.text).id)));
  const rollback = await record(api.post(`${BASE}/jobs`).send({ action: 'rollback', functionArns: canaryArns }));
  bodies.push(JSON.stringify(await finished(api, JSON.parse(rollback.text).id)));
  for (const arn of canaryArns) {
    await record(api.get(fnPath(arn)));
    await record(api.get(`${BASE}/audit?arn=${encodeURIComponent(arn)}`));
  }
  await record(api.get(`${BASE}/audit`));

  expect(bodies.length).toBeGreaterThan(canaryArns.length * 6);
  expect(bodies.filter(body => body.includes(CANARY_SECRET))).toEqual([]);
  expect(logs.some(line => line.includes('Scanning'))).toBe(true); // the plugin's log is what we read
  expect(logs.filter(line => line.includes(CANARY_SECRET))).toEqual([]);
}, 120_000);

// The planner refuses plans over Lambda's 4 KB limit, so the oversized update is forced on the wire:
// the proxy pads the environment of the plugin's request, and the sandbox answers as AWS does, quoting
// every variable it measured (the canary included).
it('never returns or logs the canary when AWS refuses an over-limit update by quoting the environment', async () => {
  const api = harness.api;
  let arn: string | undefined;
  for (const candidate of canaryArns) {
    const { body: plan } = await api.post(`${fnPath(candidate)}/plan`).send({ solution: 'xray' });
    if (plan.blockers?.length === 0 && plan.changes?.length > 0) arn = candidate;
  }
  expect(arn).toBeDefined();
  const padded = (variables: Record<string, string> = {}) => ({ ...variables, PADDING: 'x'.repeat(5000) });
  const fn = sandbox.state.getFunctionByArn(arn!)!;
  expect(() => updateFunctionConfiguration(sandbox.state, fn, { Environment: { Variables: padded(fn.config.Environment?.Variables) } })).toThrow(
    CANARY_SECRET,
  );
  proxy.before = req => {
    if (!isUpdateOf(req, arn!)) return;
    const update = JSON.parse(req.body);
    update.Environment = { Variables: padded(update.Environment?.Variables) };
    req.body = JSON.stringify(update);
  };
  const logsBefore = logs.length;

  const { body: job } = await api.post(`${BASE}/jobs`).send({ action: 'enable', solution: 'xray', functionArns: [arn] }).expect(202);
  const done = await finished(api, job.id);
  proxy.before = () => {};
  const jobBody = JSON.stringify((await api.get(`${BASE}/jobs/${job.id}`).expect(200)).body);
  const auditBody = JSON.stringify((await api.get(`${BASE}/audit?arn=${encodeURIComponent(arn!)}`).expect(200)).body);

  expect(done.items[0]).toMatchObject({ state: 'failed', message: expect.stringContaining('InvalidParameterValueException') });
  expect(done.items[0].message).toContain('4 KB');
  expect(auditBody).toContain('InvalidParameterValueException');
  expect(jobBody).not.toContain(CANARY_SECRET);
  expect(auditBody).not.toContain(CANARY_SECRET);
  expect(logs.slice(logsBefore).filter(line => line.includes(CANARY_SECRET))).toEqual([]);
  expect(sandbox.state.getFunctionByArn(arn!)!.config.TracingConfig?.Mode).not.toBe('Active');
}, 120_000);
