// The domain vocabulary of ../../DESIGN (shared/DESIGN.md). Pure types: no I/O, no React, no AWS SDK.

/** A layer as the Lambda API reports it on a function. */
export interface FunctionLayer {
  Arn?: string;
  CodeSize?: number;
  SigningProfileVersionArn?: string;
  SigningJobArn?: string;
}

/**
 * The Lambda API's own FunctionConfiguration (as ListFunctions / GetFunctionConfiguration return it),
 * plus the function's tags. Structurally compatible with @aws-sdk/client-lambda's type, so the backend
 * passes what the SDK returns straight through.
 */
export interface FunctionConfig {
  FunctionName?: string;
  FunctionArn?: string;
  Runtime?: string;
  Role?: string;
  Handler?: string;
  CodeSize?: number;
  Description?: string;
  Timeout?: number;
  MemorySize?: number;
  LastModified?: string;
  CodeSha256?: string;
  Version?: string;
  Environment?: { Variables?: Record<string, string>; Error?: { ErrorCode?: string; Message?: string } };
  /** Customer managed key encrypting the environment; without kms:Decrypt on it AWS omits the variables. */
  KMSKeyArn?: string;
  TracingConfig?: { Mode?: string };
  RevisionId?: string;
  Layers?: FunctionLayer[];
  State?: string;
  StateReason?: string;
  LastUpdateStatus?: string;
  LastUpdateStatusReason?: string;
  PackageType?: string;
  Architectures?: string[];
  /** Not part of FunctionConfiguration: the function's tags, merged in by the scanner. */
  Tags?: Record<string, string>;
}

export type TracingStatus =
  | 'untraced'
  | 'xray'
  | 'datadog'
  | 'datadog-xray'
  | 'other'
  | 'misconfigured'
  /** The plugin enabled tracing here and a later change removed part of what it applied (drift.ts). */
  | 'drifted'
  | 'unknown';

export const TRACING_STATUSES: readonly TracingStatus[] = [
  'untraced',
  'xray',
  'datadog',
  'datadog-xray',
  'other',
  'misconfigured',
  'drifted',
  'unknown',
];

/** Statuses that count as "traced" in coverage figures. */
export const TRACED_STATUSES: readonly TracingStatus[] = ['xray', 'datadog', 'datadog-xray', 'other'];

export type Severity = 'info' | 'warning' | 'error';

/** The why behind a status. `code` is stable (kebab-case), `message` is for people. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
}

export type RuntimeFamily = 'python' | 'node' | 'ruby' | 'java' | 'dotnet' | 'provided' | 'other';

export const RUNTIME_FAMILIES: readonly RuntimeFamily[] = [
  'python',
  'node',
  'ruby',
  'java',
  'dotnet',
  'provided',
  'other',
];

export type Architecture = 'x86_64' | 'arm64';

export type Partition = 'aws' | 'aws-us-gov' | 'aws-cn';

/** A layer ARN taken apart: arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>. */
export interface LayerArn {
  partition: string;
  region: string;
  accountId: string;
  name: string;
  version: number;
}

export interface TracingState {
  status: TracingStatus;
  findings: Finding[];
  /** Datadog layers found on the function, if any. */
  datadog?: { library?: LayerArn; extension?: LayerArn };
  /** Name of another vendor's instrumentation, when status is 'other'. */
  vendor?: string;
}

export type Solution = 'dd-trace' | 'dd-trace-xray' | 'xray';

export const SOLUTIONS: readonly Solution[] = ['dd-trace', 'dd-trace-xray', 'xray'];

export type Applicability =
  | 'one-click'
  /** One click would be refused: the recommendation's blockers say why. */
  | 'blocked'
  | 'needs-code-change'
  | 'needs-image-rebuild'
  | 'upgrade-runtime-first'
  | 'already-done';

export const APPLICABILITIES: readonly Applicability[] = [
  'one-click',
  'blocked',
  'needs-code-change',
  'needs-image-rebuild',
  'upgrade-runtime-first',
  'already-done',
];

/** One step of an honest "how" where one click is not possible (or IaC is the better way). */
export interface HowToStep {
  title: string;
  detail?: string;
  snippet?: string;
  language?: 'python' | 'javascript' | 'typescript' | 'ruby' | 'go' | 'java' | 'csharp' | 'dockerfile' | 'yaml' | 'shell';
}

export interface Recommendation {
  solution: Solution;
  applicability: Applicability;
  /** Sentences a person can read: why this solution, why this applicability. */
  reasons: string[];
  /** Steps for needs-code-change / needs-image-rebuild / upgrade-runtime-first. */
  steps?: HowToStep[];
  /** The infrastructure-as-code way, when the function is IaC-managed. */
  iacSteps?: HowToStep[];
  /** Why one click would be refused (applicability 'blocked'): the plan's blockers. */
  blockers?: PlanNote[];
  /** Invoker sources not read yet that could change the solution: nothing is enabled until they are. */
  undecided?: InvokerGap[];
}

/** Who invokes the function, as far as the scanner can tell. */
export type Invoker =
  | 'appsync'
  | 'stepfunctions'
  | 'apigateway'
  | 'alb'
  | 'sqs'
  | 'sns'
  | 'eventbridge'
  | 's3'
  | 'dynamodb'
  | 'kinesis'
  | 'other';

/** Where the plugin learns who invokes a function: bulk listings per account-region, then each resource policy. */
export type InvokerSource =
  | 'event-source-mappings'
  | 'step-functions'
  | 'appsync'
  | 'api-gateway-rest'
  | 'api-gateway-http'
  | 'eventbridge'
  | 'sns'
  | 'resource-policy';

export const INVOKER_SOURCES: readonly InvokerSource[] = [
  'event-source-mappings',
  'step-functions',
  'appsync',
  'api-gateway-rest',
  'api-gateway-http',
  'eventbridge',
  'sns',
  'resource-policy',
];

/** A source that has not been read (yet) for a function, and why. */
export interface InvokerGap {
  source: InvokerSource;
  reason: string;
}

/** What is known about a function's invokers, and what is not: a decision waits for a complete context. */
export interface InvokerContext {
  invokedBy: Invoker[];
  /** Empty when every source was read. */
  missing: InvokerGap[];
}

export type IacTool = 'cloudformation' | 'sam' | 'cdk' | 'serverless-framework' | 'terraform';

export interface RecommendationContext {
  invokedBy: Invoker[];
  /** Invoker sources not read yet: the recommendation says so when they could change it. */
  missing?: InvokerGap[];
  /** The day AWS's runtime dates are compared with (ISO date or timestamp); the backend passes its clock's. */
  today?: string;
  /** The organisation runs dd-trace on hosts and X-Ray on Lambda (config): traces must be merged. */
  hybridEstate?: boolean;
  /** Active tracing through API Gateway / Step Functions is required (config or tag). */
  requiresActiveXRay?: boolean;
  iac?: IacTool;
  /** The operator's Datadog settings: layer versions and mirror account for detection, values for the IaC snippets. */
  datadog?: DatadogSettings;
  /**
   * The solution the plugin applied and that has drifted: it is what to re-apply, whoever invokes the
   * function now (the choice was made from complete context when it was enabled).
   */
  applied?: Solution;
}

export interface LayerVersions {
  extension: number;
  python: number;
  node: number;
  java: number;
  dotnet: number;
  ruby: number;
}

/** What the operator configured under serverlessTracing.datadog. */
export interface DatadogSettings {
  site: string;
  /** Preferred API key source: DD_API_KEY_SECRET_ARN. */
  apiKeySecretArn?: string;
  /** Alternative: DD_KMS_API_KEY (KMS-encrypted key). */
  kmsApiKey?: string;
  env?: string;
  service?: string;
  version?: string;
  layerVersions: LayerVersions;
  /** Orgs that mirror Datadog's layers into their own account. */
  layerAccount?: string;
  /** Use the FIPS extension (default in GovCloud). */
  fips?: boolean;
}

export interface EnablementRequest {
  solution: Solution;
  datadog: DatadogSettings;
  /** The day AWS's runtime dates are compared with (ISO date or timestamp); the backend passes its clock's. */
  today?: string;
  /**
   * The function drifted from what the plugin applied: plan every missing piece, even where detection
   * finds the solution working (a dropped DD_SITE or DD_ENV is still drift to put back).
   */
  reapply?: boolean;
}

/** One difference between a function's current and desired configuration. */
export type Change =
  | { kind: 'layer-added'; arn: string }
  | { kind: 'layer-removed'; arn: string }
  | { kind: 'env-set'; key: string; before: string | null; after: string }
  | { kind: 'env-unset'; key: string; before: string }
  | { kind: 'handler-changed'; before: string; after: string }
  | { kind: 'tracing-mode-changed'; before: string; after: string };

export interface PlanNote {
  code: string;
  message: string;
}

/** The full desired configuration, in UpdateFunctionConfiguration's own shape. */
export interface FunctionUpdate {
  Handler?: string;
  Layers: string[];
  Environment: { Variables: Record<string, string> };
  TracingConfig: { Mode: 'Active' | 'PassThrough' };
}

export interface EnablementPlan {
  functionArn: string;
  action: 'enable' | 'rollback';
  solution: Solution;
  changes: Change[];
  /** A plan with blockers is never applied. */
  blockers: PlanNote[];
  warnings: PlanNote[];
  after: FunctionUpdate;
}

/**
 * What the plugin changed and what was there before: enough to roll back exactly, and nothing about
 * variables it did not touch.
 */
export interface Checkpoint {
  /** Assigned by the store when the checkpoint is saved. */
  id?: string;
  functionArn: string;
  solution: Solution;
  createdAt: string;
  /** RevisionId the function had after our update (set once the update is verified). */
  revisionIdWritten?: string;
  /** Present only when we changed the handler. */
  handler?: { before: string; after: string };
  /** Every env key we set: its value before (null = absent) and the value we wrote. */
  env: Array<{ key: string; before: string | null; after: string }>;
  /** Full layer lists before and after (ARNs are not secret). */
  layers: { before: string[]; after: string[] };
  /** Present only when we changed the tracing mode. */
  tracingMode?: { before: string; after: string };
}
