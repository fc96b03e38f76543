// Environment variable values must never leave the backend: walk every endpoint for seed functions
// whose environment holds the canary secret, and look for it in bodies, errors and logs.
import { coreServices, createServiceFactory, type LoggerService } from '@backstage/backend-plugin-api';
import { startSandbox } from '../../../dev/sandbox/server';
import { CANARY_SECRET } from '../../../dev/sandbox/seed';
import { fnPath, finished, scanned, startPlugin, type PluginHarness, type Sandbox } from '../helpers/harness';

const BASE = '/api/serverless-tracing';

let sandbox: Sandbox;
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
  harness = await startPlugin({
    sandbox,
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
