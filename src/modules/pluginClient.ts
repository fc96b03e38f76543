// How other backend plugins' modules (the scaffolder action, the Tech Insights fact retriever) reach
// serverless-tracing: its REST API, through discovery, with a token on behalf of the person who asked
// (or the module's own service credentials for reads), so they go through the same permissions,
// validation and audit as the page and cannot bypass them.
import type { AuthService, BackstageCredentials, DiscoveryService } from '@backstage/backend-plugin-api';
import type { CoverageSummary, CreateJobRequest, FunctionsPage, FunctionsQuery, Job, PlanView } from '../common/api';
import type { Solution } from '../common/model';

const PLUGIN_ID = 'serverless-tracing';

export interface ServerlessTracingBackendClient {
  listFunctions(query: FunctionsQuery, credentials?: BackstageCredentials): Promise<FunctionsPage>;
  summary(entityRef: string, credentials?: BackstageCredentials): Promise<CoverageSummary>;
  plan(functionArn: string, solution: Solution | undefined, credentials: BackstageCredentials): Promise<PlanView>;
  startJob(request: CreateJobRequest, credentials: BackstageCredentials): Promise<Job>;
  job(id: string, credentials: BackstageCredentials): Promise<Job>;
}

export class ServerlessTracingRequestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ServerlessTracingRequestError';
  }
}

export function createBackendClient(options: { discovery: DiscoveryService; auth: AuthService }): ServerlessTracingBackendClient {
  const { discovery, auth } = options;

  async function call<T>(path: string, init: { method?: string; body?: unknown; credentials?: BackstageCredentials }): Promise<T> {
    const onBehalfOf = init.credentials ?? (await auth.getOwnServiceCredentials());
    const { token } = await auth.getPluginRequestToken({ onBehalfOf, targetPluginId: PLUGIN_ID });
    const response = await fetch(`${await discovery.getBaseUrl(PLUGIN_ID)}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const body = await response.json().catch(() => undefined);
    if (!response.ok) {
      const message = (body as { error?: { message?: string } } | undefined)?.error?.message ?? response.statusText;
      throw new ServerlessTracingRequestError(response.status, `serverless-tracing answered ${response.status}: ${message}`);
    }
    return body as T;
  }

  return {
    listFunctions(query, credentials) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (value === undefined) continue;
        for (const v of [value].flat()) params.append(key, String(v));
      }
      return call(`/functions?${params}`, { credentials });
    },
    summary(entityRef, credentials) {
      return call(`/summary?${new URLSearchParams({ entityRef })}`, { credentials });
    },
    plan(functionArn, solution, credentials) {
      return call(`/functions/${encodeURIComponent(functionArn)}/plan`, { method: 'POST', body: solution ? { solution } : {}, credentials });
    },
    startJob(request, credentials) {
      return call('/jobs', { method: 'POST', body: request, credentials });
    },
    job(id, credentials) {
      return call(`/jobs/${encodeURIComponent(id)}`, { credentials });
    },
  };
}
