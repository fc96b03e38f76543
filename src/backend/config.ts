// Reads and validates `serverlessTracing.*` once, at plugin start, so a typo fails the backend's start
// with the key's name instead of surfacing later as a half-working scan.
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { DEFAULT_LAYER_VERSIONS } from '../common/layers';
import type { DatadogSettings, LayerVersions } from '../common/model';
import { DEFAULT_RATE_LIMIT, readTargets, type GatewaySettings } from './aws/targets';
import type { OrganizationSelection, OrganizationSettings } from './aws/organization';
import { DEFAULT_RETRY_SETTINGS, RetryPolicy } from './retryPolicy';

export interface JobSettings {
  /** Items worked on at the same time by this backend instance. */
  concurrency: number;
  /** How often idle workers look for pending items. */
  pollIntervalMs: number;
  /** How often a worker tells the database it still holds its items. */
  heartbeatIntervalMs: number;
  /** An item whose worker has not sent a heartbeat for this long was abandoned (its backend died). */
  staleAfterMs: number;
}

export interface ServerlessTracingSettings {
  datadog: DatadogSettings;
  ownerTag: string;
  hybridEstate: boolean;
  schedule: SchedulerServiceTaskScheduleDefinition;
  jobs: JobSettings;
  /** How the backend reaches AWS: targets, endpoint, rate limits, request timeout. */
  aws: GatewaySettings;
  /** The one retry policy: per AWS call and per job item. */
  retry: RetryPolicy;
  /** Account-regions scanned at the same time. */
  scanConcurrency?: number;
  /** Whose drifted functions are re-applied automatically after each scan; undefined: none. */
  autoRepair?: AutoRepairPolicy;
  campaigns: CampaignSettings;
  /** When and how the tracing backends are asked for proof that traces arrive. */
  traceEvidence: TraceEvidenceSettings;
  /**
   * Whether the role pre-flight simulates function roles (iam:SimulatePrincipalPolicy). Off where it
   * cannot work (an emulator without it, e.g. moto): plans then say the roles were not checked.
   */
  rolePreflight: boolean;
}

export interface TraceEvidenceSettings {
  schedule: SchedulerServiceTaskScheduleDefinition;
  windowHours: number;
  delayAfterEnableMs: number;
  /** Datadog's API: where, and the keys to ask it with (undefined: not configured, so not asked). */
  datadog: { endpoint: string; apiKey?: string; applicationKey?: string };
}

/** Layer upgrade campaigns. */
export interface CampaignSettings {
  /** The pause between stages when a campaign does not name one. */
  pauseSeconds: number;
  /** How often the advancer looks at running campaigns. */
  checkIntervalMs: number;
}

/** Ten minutes: long enough for a stage's errors to show in monitoring before the next one starts. */
export const DEFAULT_CAMPAIGN_PAUSE_SECONDS = 600;

/** Drifted functions repaired after each scan: those in one of the accounts or with one of the owners. */
export interface AutoRepairPolicy {
  accounts: string[];
  owners: string[];
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 15 },
};

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/** Every `serverlessTracing.*` setting, parsed and checked; the plugin does this once (settingsServiceRef). */
export function readServerlessTracingSettings(root: Config): ServerlessTracingSettings {
  const config = root.getOptionalConfig('serverlessTracing');
  validateTargets(config);
  const jobs = config?.getOptionalConfig('jobs');
  return {
    datadog: readDatadog(config?.getOptionalConfig('datadog')),
    ownerTag: config?.getOptionalString('ownerTag') ?? 'team',
    hybridEstate: config?.getOptionalBoolean('hybridEstate') ?? false,
    schedule: readSchedule(config),
    jobs: readJobs(jobs),
    aws: readAws(root, config),
    retry: readRetry(config?.getOptionalConfig('retry'), jobs),
    scanConcurrency: positive(config, 'scanConcurrency', undefined),
    autoRepair: readAutoRepair(config?.getOptionalConfig('drift.autoRepair')),
    campaigns: readCampaigns(config?.getOptionalConfig('campaigns')),
    rolePreflight: config?.getOptionalBoolean('rolePreflight') ?? true,
    traceEvidence: readTraceEvidence(config),
  };
}

function readCampaigns(config: Config | undefined): CampaignSettings {
  return {
    pauseSeconds: nonNegative(config, 'pauseSeconds', DEFAULT_CAMPAIGN_PAUSE_SECONDS, 'campaigns.'),
    checkIntervalMs: positive(config, 'checkIntervalMs', 5_000, 'campaigns.')!,
  };
}

const DEFAULT_EVIDENCE_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  initialDelay: { minutes: 2 },
};

function readTraceEvidence(config: Config | undefined): TraceEvidenceSettings {
  const evidence = config?.getOptionalConfig('traceEvidence');
  const datadog = config?.getOptionalConfig('datadog');
  const windowHours = positive(evidence, 'windowHours', 6, 'traceEvidence.')!;
  // X-Ray answers GetTraceSummaries for at most 24 hours at a time.
  if (!Number.isInteger(windowHours) || windowHours > 24) throw invalid('traceEvidence.windowHours', 'must be a whole number of hours from 1 to 24');
  const site = datadog?.getOptionalString('site') ?? 'datadoghq.com';
  const endpoint = datadog?.getOptionalString('apiEndpoint') ?? `https://api.${site}`;
  if (!/^https?:\/\/[^\s]+$/.test(endpoint)) throw invalid('datadog.apiEndpoint', 'must be an http(s) URL, e.g. https://api.datadoghq.eu');
  return {
    schedule: readSchedule(evidence, DEFAULT_EVIDENCE_SCHEDULE, 'traceEvidence.'),
    windowHours,
    delayAfterEnableMs: nonNegative(evidence, 'delayAfterEnableSeconds', 120, 'traceEvidence.') * 1_000,
    datadog: { endpoint: endpoint.replace(/\/+$/, ''), apiKey: datadog?.getOptionalString('apiKey'), applicationKey: datadog?.getOptionalString('applicationKey') },
  };
}

function readAutoRepair(config: Config | undefined): AutoRepairPolicy | undefined {
  if (!config) return undefined;
  const accounts = config.getOptionalStringArray('accounts') ?? [];
  for (const account of accounts) {
    if (!ACCOUNT_ID.test(account)) throw invalid('drift.autoRepair.accounts', `"${account}" is not a 12-digit AWS account id (quote it in YAML)`);
  }
  const owners = config.getOptionalStringArray('owners') ?? [];
  if (accounts.length === 0 && owners.length === 0) {
    throw invalid('drift.autoRepair', 'names no accounts and no owners; list the ones whose drift is repaired, or leave it out');
  }
  return { accounts, owners };
}

function readAws(root: Config, config: Config | undefined): GatewaySettings {
  const rateLimit = config?.getOptionalConfig('rateLimit');
  const organization = readOrganization(config);
  return {
    targets: readTargets(root),
    ...(organization ? { organization } : {}),
    endpoint: config?.getOptionalString('endpoint'),
    rateLimit: {
      requestsPerSecond: positive(rateLimit, 'requestsPerSecond', DEFAULT_RATE_LIMIT.requestsPerSecond, 'rateLimit.')!,
      getFunctionPerSecond: positive(rateLimit, 'getFunctionPerSecond', DEFAULT_RATE_LIMIT.getFunctionPerSecond, 'rateLimit.')!,
      getPolicyPerSecond: positive(rateLimit, 'getPolicyPerSecond', DEFAULT_RATE_LIMIT.getPolicyPerSecond, 'rateLimit.')!,
      iamPerSecond: positive(rateLimit, 'iamPerSecond', DEFAULT_RATE_LIMIT.iamPerSecond, 'rateLimit.')!,
    },
    requestTimeoutMs: positive(config, 'requestTimeoutMs', 10_000)!,
  };
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ORGANIZATION_PARENT = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;

function readOrganization(config: Config | undefined): OrganizationSettings | undefined {
  const organization = config?.getOptionalConfig('organization');
  if (!organization) return undefined;
  const accountId = organization.getString('accountId');
  if (!ACCOUNT_ID.test(accountId)) throw invalid('organization.accountId', 'must be the 12-digit id of the management or delegated-administrator account, quoted in YAML');
  const roleName = organization.getString('roleName');
  if (!ROLE_NAME.test(roleName)) throw invalid('organization.roleName', 'must be an IAM role name (letters, digits and +=,.@_-, at most 64 characters)');
  const region = organization.getOptionalString('region') ?? 'us-east-1';
  if (!REGION.test(region)) throw invalid('organization.region', `"${region}" is not an AWS region name (us-east-1, or us-gov-west-1 in GovCloud)`);
  const regions = organization.getOptionalStringArray('regions') ?? config?.getOptionalStringArray('regions');
  for (const name of regions ?? []) {
    if (!REGION.test(name)) throw invalid('organization.regions', `"${name}" is not an AWS region name`);
  }
  return {
    accountId,
    roleName,
    externalId: organization.getOptionalString('externalId'),
    region,
    include: readSelection(organization.getOptionalConfig('include'), 'organization.include'),
    exclude: readSelection(organization.getOptionalConfig('exclude'), 'organization.exclude'),
    ...(regions ? { regions } : {}),
  };
}

function readSelection(config: Config | undefined, key: string): OrganizationSelection {
  const organizationalUnits = config?.getOptionalStringArray('organizationalUnits') ?? [];
  const accounts = config?.getOptionalStringArray('accounts') ?? [];
  for (const id of organizationalUnits) {
    if (!ORGANIZATION_PARENT.test(id)) throw invalid(`${key}.organizationalUnits`, `"${id}" is not an OU id (ou-…) or root id (r-…)`);
  }
  for (const id of accounts) {
    if (!ACCOUNT_ID.test(id)) throw invalid(`${key}.accounts`, `"${id}" is not a 12-digit AWS account id (quote it in YAML)`);
  }
  return { organizationalUnits, accounts };
}

function readRetry(retry: Config | undefined, jobs: Config | undefined): RetryPolicy {
  const defaults = DEFAULT_RETRY_SETTINGS;
  return new RetryPolicy({
    maxAttempts: Math.floor(positive(retry, 'maxAttempts', defaults.maxAttempts, 'retry.')!),
    baseDelayMs: positive(retry, 'baseDelayMs', defaults.baseDelayMs, 'retry.')!,
    maxDelayMs: positive(retry, 'maxDelayMs', defaults.maxDelayMs, 'retry.')!,
    maxRevisionRetries: nonNegative(jobs, 'maxRevisionRetries', defaults.maxRevisionRetries, 'jobs.'),
    // updateTimeoutMs is this setting's earlier name.
    itemTimeoutMs: positive(jobs, 'itemTimeoutMs', positive(jobs, 'updateTimeoutMs', defaults.itemTimeoutMs, 'jobs.'), 'jobs.')!,
    pollIntervalMs: positive(jobs, 'pollIntervalMs', defaults.pollIntervalMs, 'jobs.')!,
  });
}

function readDatadog(config: Config | undefined): DatadogSettings {
  const layerAccount = config?.getOptionalString('layerAccount');
  if (layerAccount !== undefined && !ACCOUNT_ID.test(layerAccount)) {
    throw invalid('datadog.layerAccount', 'must be a 12-digit AWS account id, quoted in YAML');
  }
  const apiKeySecretArn = config?.getOptionalString('apiKeySecretArn');
  if (apiKeySecretArn !== undefined && !apiKeySecretArn.startsWith('arn:')) {
    throw invalid('datadog.apiKeySecretArn', 'must be the ARN of a Secrets Manager secret (arn:aws:secretsmanager:…)');
  }
  return {
    site: config?.getOptionalString('site') ?? 'datadoghq.com',
    apiKeySecretArn,
    kmsApiKey: config?.getOptionalString('kmsApiKey'),
    env: config?.getOptionalString('env'),
    service: config?.getOptionalString('service'),
    version: config?.getOptionalString('version'),
    layerVersions: readLayerVersions(config?.getOptionalConfig('layerVersions')),
    layerAccount,
    fips: config?.getOptionalBoolean('fips'),
  };
}

function readLayerVersions(config: Config | undefined): LayerVersions {
  const versions: LayerVersions = { ...DEFAULT_LAYER_VERSIONS };
  for (const key of config?.keys() ?? []) {
    if (!(key in versions)) {
      throw invalid(`datadog.layerVersions.${key}`, `is not a layer family; use one of ${Object.keys(versions).join(', ')}`);
    }
    const value = config!.getNumber(key);
    if (!Number.isInteger(value) || value < 1) {
      throw invalid(`datadog.layerVersions.${key}`, 'must be a positive whole number (the layer version)');
    }
    versions[key as keyof LayerVersions] = value;
  }
  return versions;
}

function readSchedule(config: Config | undefined, defaults = DEFAULT_SCHEDULE, prefix = ''): SchedulerServiceTaskScheduleDefinition {
  const schedule = config?.getOptionalConfig('schedule');
  if (!schedule) return defaults;
  try {
    return { ...defaults, ...readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule) };
  } catch (error) {
    throw invalid(`${prefix}schedule`, `${(error as Error).message}; e.g. { frequency: { minutes: 30 }, timeout: { minutes: 10 } }`);
  }
}

function readJobs(config: Config | undefined): JobSettings {
  const heartbeatIntervalMs = positive(config, 'heartbeatIntervalMs', 2_000, 'jobs.')!;
  return {
    // Workers mostly wait on AWS; the per-bucket rate limits pace the calls, so a bulk job runs at the
    // update quota's pace rather than the workers'. An item takes about a second (read, policy, update,
    // settle, verify), so 32 keep ~3 account-regions' update quotas busy (bench: bulk enable against the
    // update-quota bound was 2.3x with 16, 1.26x with 32).
    concurrency: Math.floor(positive(config, 'concurrency', 32, 'jobs.')!),
    pollIntervalMs: positive(config, 'pollIntervalMs', DEFAULT_RETRY_SETTINGS.pollIntervalMs, 'jobs.')!,
    heartbeatIntervalMs,
    // A live worker beats every heartbeatIntervalMs, so a few missed beats mean its backend is gone;
    // its items resume within seconds instead of waiting out a whole item's time.
    staleAfterMs: nonNegative(config, 'staleAfterMs', 5 * heartbeatIntervalMs, 'jobs.'),
  };
}

/** Checked before the targets are built, so a typo fails the start with its key. */
function validateTargets(config: Config | undefined) {
  for (const region of config?.getOptionalStringArray('regions') ?? []) {
    if (!REGION.test(region)) throw invalid('regions', `"${region}" is not an AWS region name (e.g. us-east-1)`);
  }
  for (const [index, account] of (config?.getOptionalConfigArray('accounts') ?? []).entries()) {
    const accountId = account.getString('accountId');
    if (!ACCOUNT_ID.test(accountId)) {
      throw invalid(`accounts[${index}].accountId`, 'must be a 12-digit AWS account id, quoted in YAML');
    }
    for (const region of account.getOptionalStringArray('regions') ?? []) {
      if (!REGION.test(region)) throw invalid(`accounts[${index}].regions`, `"${region}" is not an AWS region name`);
    }
  }
  const endpoint = config?.getOptionalString('endpoint');
  if (endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(endpoint)) {
    throw invalid('endpoint', 'must be an http(s) URL, e.g. http://localhost:4566');
  }
}

function positive(config: Config | undefined, key: string, fallback: number | undefined, prefix = ''): number | undefined {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!(value > 0)) throw invalid(`${prefix}${key}`, 'must be a positive number');
  return value;
}

function nonNegative(config: Config | undefined, key: string, fallback: number, prefix = ''): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!(value >= 0)) throw invalid(`${prefix}${key}`, 'must be 0 or a positive number');
  return value;
}

function invalid(key: string, problem: string): Error {
  return new Error(`Invalid configuration: serverlessTracing.${key} ${problem}.`);
}
