// A real plugin in a test backend, talking to a sandbox over real HTTP; the catalog is mocked.
import type { Knex } from 'knex';
import type { JsonObject } from '@backstage/types';
import request from 'supertest';
import type { Entity } from '@backstage/catalog-model';
import type { ServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Job, ScanInfo } from '../../../src/common/api';
import serverlessTracingPlugin from '../../../src/backend';
import type { startSandbox } from '../../../dev/sandbox/server';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
export type Api = ReturnType<typeof request>;

export const API_KEY_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:datadog-api-key-AbCdEf';

/** The plugin's config for a sandbox: every seed account with its static keys and regions. */
export function sandboxConfig(sandbox: Sandbox, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base = {
    aws: {
      accounts: sandbox.org.accounts.map(a => ({ accountId: a.accountId, accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey })),
    },
    serverlessTracing: {
      endpoint: sandbox.url,
      accounts: sandbox.org.accounts.map(a => ({ accountId: a.accountId, regions: a.regions })),
      // Tests scan on demand; the scheduled scan never comes round during a test.
      schedule: { frequency: { hours: 24 }, timeout: { minutes: 10 }, initialDelay: { hours: 24 } },
      datadog: { site: 'datadoghq.com', apiKeySecretArn: API_KEY_SECRET_ARN, env: 'test' },
      retry: { baseDelayMs: 5, maxDelayMs: 50 },
      jobs: { pollIntervalMs: 20, itemTimeoutMs: 15_000, heartbeatIntervalMs: 200 },
    },
  };
  return merge(base, overrides);
}

export interface PluginHarness {
  api: Api;
  stop(): Promise<void>;
}

export async function startPlugin(options: {
  sandbox: Sandbox;
  config?: Record<string, unknown>;
  entities?: Entity[];
  knex?: Knex;
  services?: ServiceFactory[];
}): Promise<PluginHarness> {
  const backend = await startTestBackend({
    features: [
      serverlessTracingPlugin,
      mockServices.rootConfig.factory({ data: sandboxConfig(options.sandbox, options.config) as JsonObject }),
      catalogServiceMock.factory({ entities: options.entities ?? [] }),
      ...(options.knex ? [mockServices.database.factory({ knex: options.knex })] : []),
      ...(options.services ?? []),
    ],
  });
  return { api: request(backend.server), stop: () => backend.stop() };
}

/** Runs a scan through the API and waits for it to finish. */
export async function scanned(api: Api): Promise<ScanInfo> {
  const started = await api.post('/api/serverless-tracing/scans').expect(202);
  return eventually(async () => {
    const { body } = await api.get('/api/serverless-tracing/scans/latest').expect(200);
    return body && body.id === started.body.id && body.state !== 'running' ? (body as ScanInfo) : undefined;
  });
}

/** Waits until a job has no pending or running item. */
export async function finished(api: Api, jobId: string): Promise<Job> {
  return eventually(async () => {
    const { body } = await api.get(`/api/serverless-tracing/jobs/${jobId}`).expect(200);
    return body.state === 'pending' || body.state === 'running' ? undefined : (body as Job);
  });
}

/** Polls until `probe` gives a value (bounded by the test's own timeout). */
export async function eventually<T>(probe: () => Promise<T | undefined>, intervalMs = 25): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}

export function entity(name: string, annotations: Record<string, string>, kind = 'Component'): Entity {
  return { apiVersion: 'backstage.io/v1alpha1', kind, metadata: { name, namespace: 'default', annotations }, spec: { owner: 'team-a' } };
}

export const fnPath = (arn: string) => `/api/serverless-tracing/functions/${encodeURIComponent(arn)}`;

function merge(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = out[key];
    // A schedule is replaced whole: merging two durations would add them up.
    out[key] = key !== 'schedule' && isPlainObject(current) && isPlainObject(value) ? merge(current, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
