// The scaffolder action and the Tech Insights fact retriever against a real plugin in a test backend
// on the sandbox, with the dev catalog's payments component (it claims payments-* by annotation).
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import request from 'supertest';
import serverlessTracingPlugin from '../../src/backend';
import { startSandbox } from '../../dev/sandbox/server';
import { createBackendClient } from '../../src/modules/pluginClient';
import { createEnableTracingAction } from '../../src/modules/scaffolder';
import { createServerlessTracingFactRetriever } from '../../src/modules/techInsights';
import { sandboxConfig, scanned, type Sandbox } from '../backend/helpers/harness';

const devCatalog = parseAllDocuments(readFileSync(resolve(__dirname, '../../dev/catalog-info.yaml'), 'utf8')).map(d => d.toJS() as Entity);
const payments = devCatalog.find(e => e.kind === 'Component' && e.metadata.name === 'payments')!;

let sandbox: Sandbox;
let stop: () => Promise<void>;
let api: ReturnType<typeof request>;
let client: ReturnType<typeof createBackendClient>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, updateDelayMs: 20 });
  const backend = await startTestBackend({
    features: [
      serverlessTracingPlugin,
      mockServices.rootConfig.factory({ data: sandboxConfig(sandbox) as JsonObject }),
      catalogServiceMock.factory({ entities: devCatalog }),
    ],
  });
  stop = () => backend.stop();
  api = request(backend.server);
  const baseUrl = `http://localhost:${(backend.server.address() as AddressInfo).port}/api/serverless-tracing`;
  client = createBackendClient({ discovery: { getBaseUrl: async () => baseUrl, getExternalBaseUrl: async () => baseUrl }, auth: mockServices.auth() });
  await scanned(api);
});

afterAll(async () => {
  await stop?.();
  await sandbox?.close();
});

function actionContext(input: Record<string, unknown>, isDryRun: boolean) {
  const outputs: Record<string, unknown> = {};
  const logged: string[] = [];
  const logger = mockServices.logger.mock({ info: vi.fn((message: string) => void logged.push(message)) as any });
  return {
    outputs,
    logged,
    ctx: {
      input,
      isDryRun,
      logger,
      output: (name: string, value: unknown) => void (outputs[name] = value),
      getInitiatorCredentials: async () => mockCredentials.user('user:default/template-runner'),
    } as any,
  };
}

describe('scaffolder action serverless-tracing:enable', () => {
  it('in a dry run shows the plan of each untraced one-click function of the entity and changes nothing', async () => {
    const before = JSON.stringify(sandbox.state.allFunctions().map(f => f.config));
    const action = createEnableTracingAction({ client, pollIntervalMs: 20 });
    const { ctx, outputs, logged } = actionContext({ entityRef: 'component:default/payments' }, true);
    await action.handler(ctx);
    expect(outputs.state).toBe('planned');
    const arns = outputs.functionArns as string[];
    expect(arns.length).toBeGreaterThan(0);
    expect(arns.every(arn => arn.includes(':function:payments-'))).toBe(true);
    expect(logged.filter(line => / changes/.test(line))).toHaveLength(arns.length);
    expect(JSON.stringify(sandbox.state.allFunctions().map(f => f.config))).toBe(before);
  });

  it('enables the named function as the person running the template', async () => {
    const { body } = await api.get('/api/serverless-tracing/functions?entityRef=component:default/payments&status=untraced&applicability=one-click&limit=1');
    const arn = body.items[0].arn as string;
    const action = createEnableTracingAction({ client, pollIntervalMs: 20 });
    const { ctx, outputs } = actionContext({ functionArns: [arn], waitSeconds: 30 }, false);
    await action.handler(ctx);
    expect(outputs.state).toBe('succeeded');
    const job = await api.get(`/api/serverless-tracing/jobs/${outputs.jobId}`).expect(200);
    expect(job.body.createdBy).toBe('user:default/template-runner');
  });
});

describe('Tech Insights fact retriever', () => {
  it("gives the payments component the figures its entity tab shows", async () => {
    const retriever = createServerlessTracingFactRetriever({
      client,
      catalog: { getEntities: async () => ({ items: [payments] }) } as any,
    });
    const facts = await retriever.handler({ auth: mockServices.auth(), discovery: {} } as any);
    expect(facts).toHaveLength(1);
    expect(facts[0].entity).toEqual({ kind: 'component', namespace: 'default', name: 'payments' });

    const tab = await api.get('/api/serverless-tracing/functions?entityRef=component:default/payments&limit=500').expect(200);
    const card = await api.get('/api/serverless-tracing/summary?entityRef=component:default/payments').expect(200);
    const items = tab.body.items as Array<{ status: string; findings: Array<{ code: string }> }>;
    expect(facts[0].facts).toEqual({
      totalFunctions: tab.body.total,
      tracedFunctions: card.body.traced,
      untracedFunctions: items.filter(i => i.status === 'untraced').length,
      misconfiguredFunctions: items.filter(i => i.status === 'misconfigured').length,
      driftedFunctions: items.filter(i => i.status === 'drifted').length,
      otherVendorFunctions: items.filter(i => i.status === 'other').length,
      outdatedLayerFunctions: items.filter(i => i.findings.some(f => f.code === 'outdated-layer')).length,
      allFunctionsTraced: card.body.traced === tab.body.total,
      tracesSeenFunctions: card.body.traceEvidence.seen,
      noTracesYetFunctions: card.body.traceEvidence.noneYet,
    });
    expect(card.body.total).toBe(tab.body.total);
    expect(tab.body.total).toBeGreaterThan(1);
  });
});
