// The contract of the plugin's database. Implemented with Knex on the Backstage database service
// (SQLite by default, PostgreSQL in production).
import type { FunctionsQuery, FunctionSummary, Facets, ScanInfo, ScanError, Job, JobAction, JobItem, JobSummary, AuditEvent, AuditQuery, CoverageSummary, Exclusion } from '../../common/api';
import type { Campaign, CampaignState } from '../../common/campaigns';
import type { Checkpoint, FunctionConfig, Invoker, Recommendation, Solution, TracingState, TracingStatus } from '../../common/model';

/** One function as the inventory keeps it. */
export interface InventoryRecord {
  summary: FunctionSummary;
  /** The configuration with environment values removed except the disclosed ones (disclosure.ts). */
  config: FunctionConfig;
  state: TracingState;
  recommendation: Recommendation;
  invokers: Invoker[];
  scannedAt: string;
}

export interface InventoryQuery extends FunctionsQuery {
  /** Restrict to these ARNs (already resolved from an entity's annotation). */
  arns?: string[];
  /** Restrict by name glob patterns (e.g. "payments-*"), OR-ed with arns. */
  namePatterns?: string[];
}

export interface InventoryStore {
  /** Replace everything known about one account-region with the result of a scan. */
  replaceAccountRegion(accountId: string, region: string, records: InventoryRecord[]): Promise<void>;
  /** Insert or update one function (after an enablement or a fresh read). */
  upsert(record: InventoryRecord): Promise<void>;
  get(functionArn: string): Promise<InventoryRecord | undefined>;
  /** Up to `limit` functions of one account-region whose invoker context is incomplete, by ARN (after `after`). */
  incomplete(accountId: string, region: string, limit: number, after?: string): Promise<InventoryRecord[]>;
  query(query: InventoryQuery): Promise<{ items: FunctionSummary[]; total: number; facets: Facets }>;
  summary(query?: Pick<InventoryQuery, 'arns' | 'namePatterns' | 'owner'>): Promise<Omit<CoverageSummary, 'lastScan'>>;
  /** Every function with this status, by ARN (e.g. the drifted ones, after a scan). */
  withStatus(status: TracingStatus): Promise<FunctionSummary[]>;
  /** Every function with a finding of this code (e.g. outdated-layer), by ARN, with its stored configuration. */
  withFinding(code: string): Promise<Array<{ summary: FunctionSummary; config: FunctionConfig }>>;
  /** Every function's stored configuration and owner: what owner resolution needs, without AWS. */
  owners(): Promise<Array<{ arn: string; owner: string | null; config: FunctionConfig }>>;
  /** The execution role each of these functions had when last read (functions not in the inventory are left out). */
  roles(functionArns: string[]): Promise<Map<string, string>>;
  /** Change the owner of these functions (the catalog changed since they were recorded). */
  setOwners(changes: Array<{ arn: string; owner: string | null }>): Promise<void>;
}

export interface ScanStore {
  start(): Promise<ScanInfo>;
  /**
   * Record a scan's outcome. Without `state`: 'succeeded' when there are no errors, else 'partial'
   * (the scanner passes 'failed' when no account-region could be read).
   */
  finish(id: string, result: { functionCount: number; errors: ScanError[]; state?: 'succeeded' | 'partial' | 'failed' }): Promise<ScanInfo>;
  latest(): Promise<ScanInfo | null>;
}

export interface JobStore {
  create(input: { action: JobAction; solution: Solution | null; functionArns: string[]; createdBy: string }): Promise<Job>;
  get(id: string): Promise<Job | undefined>;
  /** The most recent jobs first, with counts and no items. */
  list(limit: number): Promise<JobSummary[]>;
  /** Cancels the job's items no worker has started (the one in flight finishes); how many were cancelled. */
  cancel(jobId: string, message: string): Promise<number>;
  /**
   * Atomically claim the oldest pending item of any job for this worker (safe across replicas), never
   * one whose function another item is running on; undefined when there is none.
   */
  claimNext(workerId: string): Promise<ClaimedItem | undefined>;
  /** The id of the later job that decides this item's function now (a newer item exists); undefined when none does. */
  supersededBy(item: Pick<ClaimedItem, 'itemId' | 'functionArn'>): Promise<string | undefined>;
  /** Whether this worker still holds the claim on the item (it was not released as stale and taken over). */
  holds(itemId: number, workerId: string): Promise<boolean>;
  /** Keeps this worker's claims alive; returns how many it still holds. */
  heartbeat(workerId: string): Promise<number>;
  /**
   * Records an item's outcome; the job's state and counts follow from its items. With `workerId`, only while that worker still holds the item's claim;
   * false when it no longer does (released as stale, claimed by another) and nothing was written.
   */
  finishItem(
    jobId: string,
    functionArn: string,
    outcome: { state: 'succeeded' | 'failed'; message: string | null; appliedSolution?: Solution | null },
    workerId?: string,
  ): Promise<boolean>;
  /** Items whose worker has sent no heartbeat for longer than this go back to 'pending'. */
  releaseStale(olderThanMs: number): Promise<number>;
}

export interface CheckpointStore {
  /** Stored BEFORE the update is sent, so a crash mid-update can still be rolled back; returns its id. */
  save(checkpoint: Checkpoint): Promise<string>;
  /** The latest checkpoint of a function that has not been rolled back (or closed) yet, with its id. */
  latest(functionArn: string): Promise<Checkpoint | undefined>;
  /** The most recently closed checkpoint of a function (rolled back, or never landed). */
  lastClosed(functionArn: string): Promise<Checkpoint | undefined>;
  /** Our update is known to have landed, with this RevisionId. */
  markWritten(id: string, revisionId: string): Promise<void>;
  /** Closed: rolled back, or the change it describes is known never to have landed. */
  markRolledBack(id: string): Promise<void>;
  /** Of these functions, the open checkpoints whose update landed, oldest first: what the plugin applied (drift). */
  applied(functionArns: string[]): Promise<Map<string, Checkpoint[]>>;
  /** Which of these functions have a checkpoint that can be rolled back. */
  rollbackable(functionArns: string[]): Promise<Set<string>>;
}

/** A job item as a worker holds it. */
export type ClaimedItem = JobItem & { itemId: number; jobId: string; action: JobAction; solution: Solution | null; createdBy: string };

export interface ExclusionStore {
  list(): Promise<Exclusion[]>;
  /** ConflictError when the function or an equal pattern (case aside) is excluded already. */
  add(input: { functionArn?: string; pattern?: string; reason: string; createdBy: string }): Promise<Exclusion>;
  /** The removed exclusion, or undefined when there is none with this id. */
  remove(id: string): Promise<Exclusion | undefined>;
}

/** The audit trail's filters as the store takes them: the API's, the function named by its ARN column. */
export type AuditFilter = Omit<AuditQuery, 'arn'> & { functionArn?: string };

export interface AuditStore {
  append(event: Omit<AuditEvent, 'id' | 'at'> & { at?: string }): Promise<AuditEvent>;
  list(query: AuditFilter): Promise<AuditEvent[]>;
}

/** A campaign as stored, with the version its next change must name (compare-and-set). */
export interface StoredCampaign {
  campaign: Campaign;
  version: number;
}

export type CampaignChange = Partial<Pick<Campaign, 'state' | 'stages' | 'currentStage' | 'nextStageAt' | 'reason'>>;

export interface CampaignStore {
  /** undefined when another campaign is under way (the database keeps to one at a time). */
  create(input: Pick<Campaign, 'targetVersions' | 'staging' | 'pauseSeconds' | 'requireApproval' | 'stages' | 'createdBy' | 'state'>): Promise<StoredCampaign | undefined>;
  get(id: string): Promise<StoredCampaign | undefined>;
  /** The most recent campaigns first. */
  list(limit: number): Promise<Campaign[]>;
  /** Campaigns in these states, oldest first: what the advancer looks at. */
  inState(states: CampaignState[]): Promise<StoredCampaign[]>;
  /** Applies the change only if the campaign is still at `version`; false when someone changed it first. */
  change(id: string, version: number, change: CampaignChange): Promise<boolean>;
}
export type { TraceEvidenceStore, TraceEvidenceRow, EvidenceCandidate } from './traceEvidence';
import type { TraceEvidenceStore } from './traceEvidence';

export interface Stores {
  inventory: InventoryStore;
  scans: ScanStore;
  jobs: JobStore;
  checkpoints: CheckpointStore;
  audit: AuditStore;
  exclusions: ExclusionStore;
  campaigns: CampaignStore;
  traceEvidence: TraceEvidenceStore;
}
