// The real backend plugin in a test backend, pointed at moto as its AWS endpoint, with Datadog's
// layers taken from moto's own account (the option organisations that mirror the layers use).
import type { JsonObject } from '@backstage/types';
import { ConfigReader } from '@backstage/config';
import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import serverlessTracingPlugin from '../../src/backend';
import { readServerlessTracingSettings } from '../../src/backend/config';
import type { DatadogSettings, LayerVersions } from '../../src/common/model';
import type { Job } from '../../src/common/api';
import { finished, type Api } from '../backend/helpers/harness';
import { MOTO_ACCOUNT, MOTO_CREDENTIALS, REGION, type Moto } from './moto';
import { PUBLISHED_VERSIONS } from './fixtures';

export const BASE = '/api/serverless-tracing';
export const API_KEY_SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${MOTO_ACCOUNT}:secret:dd-api-key`;

/** Every family at the newest version published into moto. */
export const CURRENT_VERSIONS: LayerVersions = {
  extension: PUBLISHED_VERSIONS,
  python: PUBLISHED_VERSIONS,
  node: PUBLISHED_VERSIONS,
  java: PUBLISHED_VERSIONS,
  dotnet: PUBLISHED_VERSIONS,
  ruby: PUBLISHED_VERSIONS,
};

export function motoConfig(moto: Moto, layerVersions: Partial<LayerVersions> = CURRENT_VERSIONS): JsonObject {
  return {
    aws: { accounts: [{ accountId: MOTO_ACCOUNT, ...MOTO_CREDENTIALS }] },
    serverlessTracing: {
      endpoint: moto.url,
      regions: [REGION],
      accounts: [{ accountId: MOTO_ACCOUNT }],
      // Scans run on demand; the scheduled one never comes round during the suite.
      schedule: { frequency: { hours: 24 }, timeout: { minutes: 10 }, initialDelay: { hours: 24 } },
      retry: { baseDelayMs: 5, maxDelayMs: 50 },
      // moto does not implement iam:SimulatePrincipalPolicy (it answers 500); the plans say the role was not checked.
      rolePreflight: false,
      jobs: { pollIntervalMs: 20, updateTimeoutMs: 30_000 },
      datadog: {
        site: 'datadoghq.com',
        apiKeySecretArn: API_KEY_SECRET_ARN,
        layerAccount: MOTO_ACCOUNT,
        layerVersions: { ...layerVersions },
      },
    },
  };
}

/** The Datadog settings the plugin reads from that config, through its own config reader. */
export function datadogSettingsOf(config: JsonObject): DatadogSettings {
  return readServerlessTracingSettings(new ConfigReader(config)).datadog;
}

export interface MotoBackend {
  api: Api;
  stop(): Promise<void>;
}

export async function startBackend(config: JsonObject): Promise<MotoBackend> {
  const backend = await startTestBackend({
    features: [
      serverlessTracingPlugin,
      mockServices.rootConfig.factory({ data: config }),
      catalogServiceMock.factory({ entities: [] }),
    ],
  });
  return { api: request(backend.server), stop: () => backend.stop() };
}

/** Creates a job over HTTP and waits until none of its items is pending or running. */
export async function runJob(api: Api, body: object): Promise<Job> {
  const { body: job } = await api.post(`${BASE}/jobs`).send(body).expect(202);
  return finished(api, job.id);
}
