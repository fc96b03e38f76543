// REST request/response types shared by the frontend client and the backend router.
// Environment variable VALUES never appear here, except the non-secret ones this plugin writes
// (see disclosure.ts).
import type {
  Applicability,
  Architecture,
  Change,
  Finding,
  HowToStep,
  IacTool,
  InvokerGap,
  PlanNote,
  Recommendation,
  RuntimeFamily,
  Solution,
  TracingStatus,
} from './model';

/** One row of the function table. */
export interface FunctionSummary {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  runtime: string | null;
  runtimeFamily: RuntimeFamily;
  architecture: Architecture;
  packageType: 'Zip' | 'Image';
  status: TracingStatus;
  findings: Finding[];
  solution: Solution;
  applicability: Applicability;
  /** Catalog entity ref of the owner (e.g. "component:default/payments"), or the owner tag's value. */
  owner: string | null;
  iac: IacTool | null;
  lastModified: string | null;
  /** True when a checkpoint from an enablement exists, so rollback is possible. */
  canRollback: boolean;
  /**
   * Why the recommended plan cannot be applied right now (too many layers, another vendor, no API key
   * source…): empty when one click can do it. Lets the table explain a disabled Enable button.
   */
  blockers: PlanNote[];
  /**
   * Invoker sources not read for this function yet (resource policy pending, a service the backend may
   * not list): empty when its context is complete. A job does not decide while one could change the choice.
   */
  invokerGaps: InvokerGap[];
  /**
   * What no longer carries what the plugin applied (variable names only, never values): non-empty
   * exactly when status is 'drifted'.
   */
  drift: Finding[];
  /** Why the function is left out of coverage and bulk enable (exclusions.ts), or null when it is not. */
  exclusion: FunctionExclusion | null;
  /**
   * Whether the tracing backend has actually received traces from a traced function (asked after an
   * enable and on a schedule); null for functions that are not traced.
   */
  traceEvidence: TraceEvidence | null;
}

/** Where proof of traces is asked: Datadog's span search, or X-Ray's trace summaries. */
export type TraceEvidenceSource = 'datadog' | 'xray';

/**
 * Configuration is not observation: 'seen' when the backend holds traces of the function from the
 * last `windowHours`, 'none-yet' when it was asked and holds none, 'unknown' when it could not be asked
 * (the reason says why: no application key, access denied, another vendor's tracing, not checked yet).
 */
export interface TraceEvidence {
  state: 'seen' | 'none-yet' | 'unknown';
  /** null for a vendor the plugin cannot ask. */
  source: TraceEvidenceSource | null;
  /** The newest trace found (ISO 8601), also kept when a later check finds none or cannot ask. */
  seenAt: string | null;
  /** When the backend was last asked (or tried). */
  checkedAt: string | null;
  /** How far back the last check looked. */
  windowHours: number | null;
  /** Why the state is 'unknown', for people. */
  reason: string | null;
}

export const TRACE_EVIDENCE_STATES = ['seen', 'none-yet', 'unknown'] as const;

/** An exclusion from the page: one function by ARN, or every function whose name matches a pattern. */
export interface Exclusion {
  id: string;
  functionArn: string | null;
  pattern: string | null;
  reason: string;
  createdBy: string;
  createdAt: string;
}

/** Why one function is excluded: its tag, or an exclusion made on the page. */
export type FunctionExclusion = { source: 'tag'; reason: string } | ({ source: 'page' } & Exclusion);

/** Exclude one function (functionArn) or a name pattern (pattern), never both. */
export interface CreateExclusionRequest {
  functionArn?: string;
  pattern?: string;
  reason: string;
}

/** What the function table sorts by: declared once, for the router, the store and the table. */
export const FUNCTION_SORT_KEYS = ['name', 'account', 'region', 'runtime', 'status', 'owner', 'lastModified'] as const;
export type FunctionSortKey = (typeof FUNCTION_SORT_KEYS)[number];

export interface FunctionsQuery {
  q?: string;
  account?: string[];
  region?: string[];
  runtime?: RuntimeFamily[];
  status?: TracingStatus[];
  solution?: Solution[];
  applicability?: Applicability[];
  owner?: string[];
  /** true: only excluded functions; false: only those counted in coverage. */
  excluded?: boolean;
  /** Only traced functions whose proof of traces is in one of these states. */
  evidence?: TraceEvidence['state'][];
  /** Function ARNs or name patterns (glob with *) of one catalog entity: the entity tab. */
  entityRef?: string;
  /** A key, optionally prefixed with '-' for descending. */
  sort?: string;
  offset?: number;
  limit?: number;
}

export interface FacetCount {
  value: string;
  count: number;
}

export type Facets = Record<'account' | 'region' | 'runtime' | 'status' | 'solution' | 'applicability' | 'owner' | 'evidence', FacetCount[]>;

export interface FunctionsPage {
  items: FunctionSummary[];
  total: number;
  offset: number;
  limit: number;
  facets: Facets;
  lastScan: ScanInfo | null;
  /** The configured Datadog site (not a secret), for links to Datadog's serverless view. */
  datadogSite: string;
}

/** A plan as the browser sees it: env values only where disclosable, otherwise null. */
export type ChangeView =
  | { kind: 'layer-added'; arn: string }
  | { kind: 'layer-removed'; arn: string }
  | { kind: 'env-set'; key: string; existed: boolean; before: string | null; after: string | null }
  | { kind: 'env-unset'; key: string; before: string | null }
  | { kind: 'handler-changed'; before: string; after: string }
  | { kind: 'tracing-mode-changed'; before: string; after: string };

export interface PlanView {
  functionArn: string;
  action: 'enable' | 'rollback';
  solution: Solution;
  changes: ChangeView[];
  blockers: PlanNote[];
  warnings: PlanNote[];
}

export interface AuditEvent {
  id: string;
  at: string;
  actor: string;
  functionArn: string;
  /** role-policy: a policy granting a missing permission was attached to the function's role. */
  action: 'enable' | 'rollback' | 'role-policy';
  jobId: string | null;
  outcome: 'succeeded' | 'failed' | 'refused';
  /** Human summary of the plan, e.g. "added 2 layers, set 6 variables, handler redirected". */
  summary: string;
  message: string | null;
}

/** Filters of the audit trail (GET /audit); all optional, newest first. */
export interface AuditQuery {
  arn?: string;
  /** Who: a user entity ref or a service principal (e.g. plugin:serverless-tracing), exactly. */
  actor?: string;
  action?: AuditEvent['action'];
  outcome?: AuditEvent['outcome'];
  jobId?: string;
  /** Events at or after this time (ISO 8601). */
  since?: string;
  limit?: number;
}

export interface FunctionDetails extends FunctionSummary {
  handler: string | null;
  layers: string[];
  tracingMode: string;
  memorySize: number | null;
  timeout: number | null;
  /** Names of all environment variables; never their values. */
  environmentVariableNames: string[];
  /** Values of the non-secret variables this plugin writes (DD_SITE, DD_LAMBDA_HANDLER…). */
  disclosedEnvironment: Record<string, string>;
  tags: Record<string, string>;
  recommendation: Recommendation;
  /** Plan preview for the recommended solution (null if it cannot be planned at all). */
  plan: PlanView | null;
  /** Rollback preview when a checkpoint exists. */
  rollbackPlan: PlanView | null;
  history: AuditEvent[];
}

/**
 * The optional fix for a `role-permission-missing` blocker: an inline policy on the function's role
 * granting exactly the missing actions on exactly the resources the plan needs.
 */
export interface RolePolicyProposal {
  functionArn: string;
  solution: Solution;
  roleArn: string;
  policyName: string;
  /** The policy document exactly as it would be attached (JSON text). */
  policyDocument: string;
  /** SHA-256 (hex) of policyDocument: an attach request repeats it, so it attaches only what was shown. */
  documentHash: string;
  /** The other inventory functions with this role: they gain the permissions too. */
  sharedWith: Array<{ arn: string; name: string }>;
  /** e.g. `role-shared`, naming those functions. */
  warnings: PlanNote[];
}

/** POST /functions/:arn/role-policy: explicit consent to the policy shown (its hash). */
export interface AttachRolePolicyRequest {
  consent: true;
  documentHash: string;
  solution?: Solution;
}

export interface AttachRolePolicyResult {
  roleArn: string;
  policyName: string;
  sharedWith: RolePolicyProposal['sharedWith'];
  /** The audit trail entry that records it. */
  auditEventId: string;
}

export interface PlanRequest {
  solution?: Solution;
}

export type JobAction = 'enable' | 'rollback';

export interface CreateJobRequest {
  action: JobAction;
  functionArns: string[];
  /** For enable: the solution; omitted = each function's recommendation. */
  solution?: Solution;
}

/** 'cancelled': someone stopped it; the items not started then were cancelled, the rest ran to their end. */
export type JobState = 'pending' | 'running' | 'succeeded' | 'failed' | 'partial' | 'cancelled';
export type JobItemState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A job in one of these states will not change any more. */
export function isJobFinished(job: Pick<Job, 'state'>): boolean {
  return job.state === 'succeeded' || job.state === 'failed' || job.state === 'partial' || job.state === 'cancelled';
}

export interface JobItem {
  functionArn: string;
  state: JobItemState;
  /** Why it failed, for people. */
  message: string | null;
  /**
   * For enable: the solution this item planned from the function's complete context and applied (or
   * refused); null before it was decided, and for rollbacks.
   */
  appliedSolution: Solution | null;
  updatedAt: string;
}

export interface Job {
  id: string;
  action: JobAction;
  solution: Solution | null;
  state: JobState;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  counts: { total: number; pending: number; running: number; succeeded: number; failed: number; cancelled: number };
  items: JobItem[];
}

/** A job in the jobs list: its counts without the items. */
export type JobSummary = Omit<Job, 'items'>;

export interface ScanError {
  accountId: string;
  region: string;
  name: string;
  message: string;
}

export interface ScanInfo {
  id: string;
  state: 'running' | 'succeeded' | 'partial' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  functionCount: number;
  errors: ScanError[];
}

/** Counts without excluded functions: they are counted apart, in `excluded`. */
export interface CoverageBucket {
  key: string;
  total: number;
  traced: number;
  byStatus: Partial<Record<TracingStatus, number>>;
  excluded: number;
}

export interface CoverageSummary {
  total: number;
  traced: number;
  byStatus: Partial<Record<TracingStatus, number>>;
  byRuntime: CoverageBucket[];
  byAccount: CoverageBucket[];
  byOwner: CoverageBucket[];
  /** Excluded functions (tag or page): not in total, traced or byStatus. */
  excluded: number;
  /** The traced functions split by proof of traces: seen + noneYet + unknown = traced. */
  traceEvidence: { seen: number; noneYet: number; unknown: number };
  lastScan: ScanInfo | null;
}

export interface ApiErrorBody {
  error: { name: string; message: string };
}

export type { Change, HowToStep };
