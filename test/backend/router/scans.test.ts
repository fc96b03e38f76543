// Scans, coverage summary, audit and health; reads need the read permission.
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startSandbox } from '../../../dev/sandbox/server';
import { entity, scanned, startPlugin, type PluginHarness, type Sandbox } from '../helpers/harness';

const BASE = '/api/serverless-tracing';

let sandbox: Sandbox;
let harness: PluginHarness;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, failures: [{ accountId: '222222222222', region: 'us-west-2', error: 'AccessDeniedException' }] });
  harness = await startPlugin({
    sandbox,
    entities: [entity('payments', { 'serverless-tracing.io/lambda-functions': 'payments-*' })],
  });
});

afterAll(async () => {
  await harness?.stop();
  await sandbox?.close();
});

describe('scans', () => {
  it('answers null for the latest scan before any has run', async () => {
    const { body } = await harness.api.get(`${BASE}/scans/latest`).expect(200);
    expect(body).toBeNull();
  });

  it('starts a scan with 202 and records a failed account-region next to the rest', async () => {
    const scan = await scanned(harness.api);
    expect(scan.state).toBe('partial');
    expect(scan.errors).toEqual([
      expect.objectContaining({ accountId: '222222222222', region: 'us-west-2', message: expect.stringContaining('lambda:') }),
    ]);
    const { body } = await harness.api.get(`${BASE}/functions?account=111111111111&limit=1`).expect(200);
    expect(body.total).toBeGreaterThan(0);
  });

  it('answers 403 to a caller without the scan permission', async () => {
    const denied = await startPlugin({ sandbox, services: [mockServices.permissions.factory({ result: AuthorizeResult.DENY })] });
    try {
      const { body } = await denied.api.post(`${BASE}/scans`).expect(403);
      expect(body.error.message).toContain('serverless-tracing.scan.create');
    } finally {
      await denied.stop();
    }
  });
});

describe('GET /summary', () => {
  it('gives coverage by status, runtime, account and owner', async () => {
    const { body } = await harness.api.get(`${BASE}/summary`).expect(200);
    expect(body.total).toBeGreaterThan(0);
    expect(body.byAccount.reduce((sum: number, b: { total: number }) => sum + b.total, 0)).toBe(body.total);
    expect(body.byRuntime.length).toBeGreaterThan(1);
    expect(body.lastScan).not.toBeNull();
  });

  it('narrows to one entity with entityRef', async () => {
    const all = (await harness.api.get(`${BASE}/summary`).expect(200)).body;
    const { body } = await harness.api.get(`${BASE}/summary?entityRef=component:default/payments`).expect(200);
    expect(body.total).toBeGreaterThan(0);
    expect(body.total).toBeLessThan(all.total);
  });

  it('answers 400 for an unknown parameter', async () => {
    await harness.api.get(`${BASE}/summary?team=x`).expect(400);
  });
});

describe('GET /audit', () => {
  it('answers 400 for an arn that is not a function ARN', async () => {
    const { body } = await harness.api.get(`${BASE}/audit?arn=nope`).expect(400);
    expect(body.error.name).toBe('InputError');
  });

  it('lists events, newest first, as an array', async () => {
    const { body } = await harness.api.get(`${BASE}/audit?limit=5`).expect(200);
    expect(Array.isArray(body)).toBe(true);
  });
});

describe('health and authentication', () => {
  it('answers /health without credentials', async () => {
    const { body } = await harness.api.get(`${BASE}/health`).set('authorization', mockCredentials.none.header()).expect(200);
    expect(body).toEqual({ status: 'ok' });
  });

  it.each(['/functions', '/summary', '/scans/latest', '/audit'])('answers 401 on %s without credentials', async path => {
    const { body } = await harness.api.get(`${BASE}${path}`).set('authorization', mockCredentials.none.header()).expect(401);
    expect(body.error.name).toBe('AuthenticationError');
  });

  it('lets a service read the inventory', async () => {
    await harness.api.get(`${BASE}/functions?limit=1`).set('authorization', mockCredentials.service.header()).expect(200);
  });

  it('answers 403 on reads without the read permission', async () => {
    const denied = await startPlugin({ sandbox, services: [mockServices.permissions.factory({ result: AuthorizeResult.DENY })] });
    try {
      const { body } = await denied.api.get(`${BASE}/functions`).expect(403);
      expect(body).toEqual({ error: { name: 'NotAllowedError', message: expect.stringContaining('serverless-tracing.function.read') } });
    } finally {
      await denied.stop();
    }
  });
});
