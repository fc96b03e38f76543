import { createApiRef } from '@backstage/core-plugin-api';
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

/** What the browser can ask the serverless-tracing backend (DESIGN.md, REST API). */
export interface ServerlessTracingApi {
  /** `signal` aborts the request when its answer is no longer wanted (a newer search superseded it). */
  listFunctions(query: FunctionsQuery, signal?: AbortSignal): Promise<FunctionsPage>;
  getFunction(arn: string): Promise<FunctionDetails>;
  /** Dry run: the plan for a solution, nothing written. */
  planFunction(arn: string, solution?: Solution): Promise<PlanView>;
  /** The inline policy that would grant what the function's role lacks for the plan (409 when nothing is missing). */
  getRolePolicy(arn: string, solution?: Solution): Promise<RolePolicyProposal>;
  /** Attaches it, with consent to the document shown (its hash). */
  attachRolePolicy(arn: string, request: AttachRolePolicyRequest): Promise<AttachRolePolicyResult>;
  createJob(request: CreateJobRequest): Promise<Job>;
  getJob(id: string): Promise<Job>;
  /** The most recent jobs first, without their items. */
  listJobs(limit?: number): Promise<JobSummary[]>;
  /** Cancels the job's items not started yet; the job as it is then. */
  cancelJob(id: string): Promise<Job>;
  getSummary(entityRef?: string): Promise<CoverageSummary>;
  startScan(): Promise<ScanInfo>;
  /** The last scan, or null when the inventory has never been scanned. */
  getLatestScan(): Promise<ScanInfo | null>;
  getAudit(arn?: string): Promise<AuditEvent[]>;
  /** The audit trail with filters (who, what, outcome, job, since), newest first. */
  listAudit(query: AuditQuery): Promise<AuditEvent[]>;
  listExclusions(): Promise<Exclusion[]>;
  /** Exclude one function or a name pattern; the backend answers 400 with what is wrong with a bad one. */
  createExclusion(request: CreateExclusionRequest): Promise<Exclusion>;
  deleteExclusion(id: string): Promise<void>;
  /** Functions on Datadog layers older than the configured versions, fleet-wide. */
  getUpgradeCandidates(): Promise<UpgradeCandidates>;
  /** The most recent layer upgrade campaigns first, their stages without the functions. */
  listCampaigns(limit?: number): Promise<CampaignSummary[]>;
  getCampaign(id: string): Promise<Campaign>;
  /** Starts a staged campaign over every upgradable function; 403/409 say why not. */
  createCampaign(request: CreateCampaignRequest): Promise<Campaign>;
  /** Starts the waiting stage now. */
  continueCampaign(id: string): Promise<Campaign>;
  cancelCampaign(id: string): Promise<Campaign>;
}

export const serverlessTracingApiRef = createApiRef<ServerlessTracingApi>({
  id: 'plugin.serverless-tracing.service',
});
