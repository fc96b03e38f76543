// The contract of the AWS boundary. Everything behind it (SDK clients, credentials, endpoint override,
// rate limiting, retries) lives in src/backend/aws; the rest of the backend sees only this.
import type { FunctionConfig, FunctionUpdate, Invoker } from '../../common/model';
import type { InvokerDiscovery } from './discovery';

export interface AccountRegion {
  accountId: string;
  region: string;
}

/** What a caller can bound a call with. */
export interface CallOptions {
  /** Aborts the call and its retries: the backend is stopping, or the job item ran out of time. */
  signal?: AbortSignal;
  /** A background pass's call: it takes only the rate that job items leave (see TokenBucket.acquire). */
  background?: boolean;
}

/** An account (or account-region) that could not be listed for scanning, and why. */
export interface TargetError extends AccountRegion {
  error: AwsCallError;
}

export interface TargetDiscovery {
  targets: AccountRegion[];
  /** Accounts whose regions could not be read, or the organisation itself: each reported, the rest scanned. */
  errors: TargetError[];
}

export interface LambdaGateway {
  /** The account-regions known to be scanned: the configured ones and those the last discovery found. */
  targets(): AccountRegion[];
  /** The account-regions to scan now: the configured ones, plus AWS Organizations' accounts and enabled regions when configured. */
  discoverTargets(): Promise<TargetDiscovery>;
  /** Every function of one account-region, all ListFunctions pages. */
  listFunctions(target: AccountRegion): Promise<FunctionConfig[]>;
  /** Tags of every function of one account-region in bulk (Resource Groups Tagging API), by function ARN. */
  listTags(target: AccountRegion): Promise<Map<string, Record<string, string>>>;
  /** Invokers known from event source mappings of one account-region in bulk, by function ARN. */
  listEventSourceInvokers(target: AccountRegion): Promise<Map<string, Invoker[]>>;
  /**
   * Invokers of one account-region's functions from the invoking services in bulk (Step Functions,
   * AppSync, API Gateway REST and HTTP, EventBridge, SNS); a source that cannot be read is a named gap.
   */
  discoverInvokers(target: AccountRegion): Promise<InvokerDiscovery>;
  /** A fresh read of one function (GetFunction: configuration + tags). */
  getFunction(functionArn: string, options?: CallOptions): Promise<FunctionConfig>;
  /** Invokers allowed by the function's resource policy (GetPolicy principals); [] when it has none. */
  getPolicyInvokers(functionArn: string, options?: CallOptions): Promise<Invoker[]>;
  /**
   * UpdateFunctionConfiguration guarded by RevisionId; returns the configuration AWS answered with.
   * Retried only when throttled: any other failure may hide an update that was applied.
   */
  updateFunctionConfiguration(
    functionArn: string,
    update: FunctionUpdate,
    revisionId: string,
    options?: CallOptions,
  ): Promise<FunctionConfig>;
  /**
   * IAM's policy simulator (iam:SimulatePrincipalPolicy) on a function's execution role, signed in the
   * role's account: whether the role's policies allow each action on its resource.
   */
  simulateRole(roleArn: string, questions: PermissionQuestion[], options?: CallOptions): Promise<PermissionAnswer[]>;
  /**
   * iam:PutRolePolicy: puts an inline policy (a JSON document) on a role, replacing the role's inline
   * policy of that name; in IAM's per-account quota, like the simulations.
   */
  putRolePolicy(roleArn: string, policyName: string, policyDocument: string, options?: CallOptions): Promise<void>;
  /**
   * X-Ray's GetTraceSummaries in one account-region for these functions at once (one filter naming
   * them all): the newest trace start time of each function that has one in the window.
   */
  latestTraces(target: AccountRegion, functionNames: string[], window: { start: Date; end: Date }, options?: CallOptions): Promise<LatestTraces>;
}

export interface LatestTraces {
  /** Function name → the newest trace's start time found (epoch ms). */
  latest: Map<string, number>;
  /** Functions whose traces could not all be read (too many pages): neither seen nor traceless. */
  unread: string[];
  /** GetTraceSummaries requests made. */
  requests: number;
}

/** One action a function's execution role is asked about, on one resource ('*' for any). */
export interface PermissionQuestion {
  action: string;
  resource: string;
}

/** IAM's policy simulator's answer for one question: allowed, or denied (implicitly or explicitly). */
export interface PermissionAnswer extends PermissionQuestion {
  allowed: boolean;
  /** IAM's EvalDecision: allowed, implicitDeny or explicitDeny. */
  decision: string;
}

/** Why an AWS call failed, in terms the enablement runner acts on. */
export type AwsErrorKind =
  | 'revision-mismatch' // PreconditionFailedException: someone changed the function
  | 'update-in-progress' // ResourceConflictException: a previous update has not finished
  | 'throttled' // TooManyRequestsException after the retry policy's attempts
  | 'not-found' // ResourceNotFoundException
  | 'access-denied' // AccessDeniedException / not authorized
  | 'invalid' // InvalidParameterValueException and other 4xx
  | 'unavailable'; // timeouts, 5xx, network

export class AwsCallError extends Error {
  constructor(
    readonly kind: AwsErrorKind,
    message: string,
    readonly awsName?: string,
  ) {
    super(message);
    this.name = 'AwsCallError';
  }
}
