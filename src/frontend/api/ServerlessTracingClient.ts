import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type {
  AttachRolePolicyRequest,
  AttachRolePolicyResult,
  AuditEvent,
  AuditQuery,
  CoverageSummary,
  CreateExclusionRequest,
  CreateJobRequest,
  Exclusion,
  FunctionDetails,
  FunctionsPage,
  FunctionsQuery,
  Job,
  JobSummary,
  PlanView,
  RolePolicyProposal,
  ScanInfo,
} from '../../common/api';
import type { Campaign, CampaignSummary, CreateCampaignRequest, UpgradeCandidates } from '../../common/campaigns';
import type { Solution } from '../../common/model';
import type { ServerlessTracingApi } from './ServerlessTracingApi';
import { ServerlessTracingApiError } from './ServerlessTracingApiError';

const PLUGIN_ID = 'serverless-tracing';

/** Talks to the backend plugin through Backstage's discovery and (authenticated) fetch. */
export class ServerlessTracingClient implements ServerlessTracingApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  listFunctions(query: FunctionsQuery, signal?: AbortSignal): Promise<FunctionsPage> {
    return this.request(`/functions${toQueryString(query)}`, undefined, signal);
  }

  getFunction(arn: string): Promise<FunctionDetails> {
    return this.request(`/functions/${encodeURIComponent(arn)}`);
  }

  planFunction(arn: string, solution?: Solution): Promise<PlanView> {
    return this.request(`/functions/${encodeURIComponent(arn)}/plan`, {
      method: 'POST',
      body: solution ? { solution } : {},
    });
  }

  getRolePolicy(arn: string, solution?: Solution): Promise<RolePolicyProposal> {
    return this.request(`/functions/${encodeURIComponent(arn)}/role-policy${toQueryString({ solution })}`);
  }

  attachRolePolicy(arn: string, request: AttachRolePolicyRequest): Promise<AttachRolePolicyResult> {
    return this.request(`/functions/${encodeURIComponent(arn)}/role-policy`, { method: 'POST', body: request });
  }

  createJob(request: CreateJobRequest): Promise<Job> {
    return this.request('/jobs', { method: 'POST', body: request });
  }

  getJob(id: string): Promise<Job> {
    return this.request(`/jobs/${encodeURIComponent(id)}`);
  }

  listJobs(limit?: number): Promise<JobSummary[]> {
    return this.request(`/jobs${toQueryString({ limit })}`);
  }

  cancelJob(id: string): Promise<Job> {
    return this.request(`/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: {} });
  }

  getSummary(entityRef?: string): Promise<CoverageSummary> {
    return this.request(`/summary${toQueryString({ entityRef })}`);
  }

  startScan(): Promise<ScanInfo> {
    return this.request('/scans', { method: 'POST', body: {} });
  }

  async getLatestScan(): Promise<ScanInfo | null> {
    try {
      return await this.request<ScanInfo | null>('/scans/latest');
    } catch (error) {
      // A fresh install has no scan yet; that is a state, not an error.
      if (error instanceof ServerlessTracingApiError && error.status === 404) return null;
      throw error;
    }
  }

  getAudit(arn?: string): Promise<AuditEvent[]> {
    return this.listAudit({ arn });
  }

  async listAudit(query: AuditQuery): Promise<AuditEvent[]> {
    const body = await this.request<AuditEvent[] | { items: AuditEvent[] }>(`/audit${toQueryString(query)}`);
    return Array.isArray(body) ? body : body.items;
  }

  listExclusions(): Promise<Exclusion[]> {
    return this.request('/exclusions');
  }

  createExclusion(request: CreateExclusionRequest): Promise<Exclusion> {
    return this.request('/exclusions', { method: 'POST', body: request });
  }

  async deleteExclusion(id: string): Promise<void> {
    await this.request(`/exclusions/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  getUpgradeCandidates(): Promise<UpgradeCandidates> {
    return this.request('/campaigns/candidates');
  }

  listCampaigns(limit?: number): Promise<CampaignSummary[]> {
    return this.request(`/campaigns${toQueryString({ limit })}`);
  }

  getCampaign(id: string): Promise<Campaign> {
    return this.request(`/campaigns/${encodeURIComponent(id)}`);
  }

  createCampaign(request: CreateCampaignRequest): Promise<Campaign> {
    return this.request('/campaigns', { method: 'POST', body: request });
  }

  continueCampaign(id: string): Promise<Campaign> {
    return this.request(`/campaigns/${encodeURIComponent(id)}/continue`, { method: 'POST', body: {} });
  }

  cancelCampaign(id: string): Promise<Campaign> {
    return this.request(`/campaigns/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: {} });
  }

  private async request<T>(path: string, init?: { method: 'POST'; body: unknown } | { method: 'DELETE' }, signal?: AbortSignal): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const body = init && 'body' in init ? JSON.stringify(init.body) : undefined;
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: init?.method ?? 'GET',
      headers: body !== undefined ? { 'Content-Type': 'application/json' } : undefined,
      body,
      signal,
    });
    if (!response.ok) throw await ServerlessTracingApiError.fromResponse(response);
    if (response.status === 204) return null as T;
    return (await response.json()) as T;
  }
}

/** Repeated keys for lists (account=a&account=b), as Express parses them into arrays. */
export function toQueryString(params: object): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) search.append(key, String(item));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
