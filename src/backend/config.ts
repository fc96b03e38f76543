// Reads and validates `serverlessTracing.*` once, at plugin start, so a typo fails the backend's start
// with the key's name instead of surfacing later as a half-working scan.
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { DEFAULT_LAYER_VERSIONS } from '../common/layers';
import type { DatadogSettings, LayerVersions } from '../common/model';

export interface JobSettings {
  /** Items worked on at the same time by this backend instance. */
  concurrency: number;
  /** How often idle workers look for pending items, and how often an update in progress is re-read. */
  pollIntervalMs: number;
  /** How often an item re-plans after someone else changed the function (PreconditionFailed). */
  maxRevisionRetries: number;
  /** How long to wait for LastUpdateStatus to leave InProgress before giving up on an item. */
  updateTimeoutMs: number;
  /** Items claimed longer ago than this are treated as abandoned (checked at start and every minute). */
  staleAfterMs: number;
}

export interface ServerlessTracingSettings {
  datadog: DatadogSettings;
  ownerTag: string;
  hybridEstate: boolean;
  schedule: SchedulerServiceTaskScheduleDefinition;
  jobs: JobSettings;
  /** Account-regions scanned at the same time. */
  scanConcurrency?: number;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 15 },
};

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export function readServerlessTracingSettings(root: Config): ServerlessTracingSettings {
  const config = root.getOptionalConfig('serverlessTracing');
  validateTargets(config);
  return {
    datadog: readDatadog(config?.getOptionalConfig('datadog')),
    ownerTag: config?.getOptionalString('ownerTag') ?? 'team',
    hybridEstate: config?.getOptionalBoolean('hybridEstate') ?? false,
    schedule: readSchedule(config),
    jobs: readJobs(config?.getOptionalConfig('jobs')),
    scanConcurrency: positive(config, 'scanConcurrency', undefined),
  };
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

function readSchedule(config: Config | undefined): SchedulerServiceTaskScheduleDefinition {
  const schedule = config?.getOptionalConfig('schedule');
  if (!schedule) return DEFAULT_SCHEDULE;
  try {
    return { ...DEFAULT_SCHEDULE, ...readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule) };
  } catch (error) {
    throw invalid('schedule', `${(error as Error).message}; e.g. { frequency: { minutes: 30 }, timeout: { minutes: 10 } }`);
  }
}

function readJobs(config: Config | undefined): JobSettings {
  const updateTimeoutMs = positive(config, 'updateTimeoutMs', 5 * 60_000, 'jobs.')!;
  return {
    concurrency: positive(config, 'concurrency', 4, 'jobs.')!,
    pollIntervalMs: positive(config, 'pollIntervalMs', 1000, 'jobs.')!,
    maxRevisionRetries: nonNegative(config, 'maxRevisionRetries', 3, 'jobs.'),
    updateTimeoutMs,
    // A live worker finishes an item well within this (it gives up after updateTimeoutMs), so a
    // replica starting during a rolling deploy never takes over another replica's items.
    staleAfterMs: nonNegative(config, 'staleAfterMs', 2 * updateTimeoutMs, 'jobs.'),
  };
}

/** The gateway reads these itself; checking them here makes a typo fail at start with its key. */
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
  const rateLimit = config?.getOptionalConfig('rateLimit');
  for (const key of rateLimit?.keys() ?? []) positive(rateLimit, key, undefined, 'rateLimit.');
}

function positive(config: Config | undefined, key: string, fallback: number | undefined, prefix = ''): number | undefined {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!(value > 0)) throw invalid(`${prefix}${key}`, 'must be a number greater than 0');
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
