// Which account-regions to scan and how to talk to them, from app-config:
// the standard `aws:` integration config (accounts) and `serverlessTracing:` (regions, endpoint,
// limits).
import type { Config } from '@backstage/config';
import type { AccountRegion } from './types';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';

export interface GatewaySettings {
  targets: AccountRegion[];
  /** Endpoint override (sandbox, LocalStack, moto); undefined = AWS (or the SDK's AWS_ENDPOINT_URL). */
  endpoint?: string;
  rateLimit: { requestsPerSecond: number; getFunctionPerSecond: number; getPolicyPerSecond: number };
  retry: RetryPolicy;
  requestTimeoutMs: number;
}

// Below Lambda's default quotas (15/s control plane, 100/s GetFunction, 15/s GetPolicy) to leave room for others.
export const DEFAULT_RATE_LIMIT = { requestsPerSecond: 10, getFunctionPerSecond: 50, getPolicyPerSecond: 10 };
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

function configuredAccountIds(config: Config): string[] {
  const ids: string[] = [];
  const mainAccountId = config.getOptionalString('aws.mainAccount.accountId');
  for (const account of config.getOptionalConfigArray('aws.accounts') ?? []) {
    ids.push(account.getString('accountId'));
  }
  if (mainAccountId && !ids.includes(mainAccountId)) ids.push(mainAccountId);
  return ids;
}

/**
 * The account-regions to scan: serverlessTracing.accounts when present, otherwise every account
 * under aws.accounts (plus aws.mainAccount when it names its accountId); regions from the account
 * entry, else serverlessTracing.regions.
 */
export function readTargets(config: Config): AccountRegion[] {
  const defaultRegions = config.getOptionalStringArray('serverlessTracing.regions');
  const accountEntries = config.getOptionalConfigArray('serverlessTracing.accounts');
  const accounts = accountEntries
    ? accountEntries.map(entry => ({
        accountId: entry.getString('accountId'),
        regions: entry.getOptionalStringArray('regions'),
      }))
    : configuredAccountIds(config).map(accountId => ({ accountId, regions: undefined }));

  const targets: AccountRegion[] = [];
  const seen = new Set<string>();
  for (const { accountId, regions } of accounts) {
    const effective = regions ?? defaultRegions;
    if (!effective || effective.length === 0) {
      throw new Error(
        `No regions to scan for AWS account ${accountId}: set serverlessTracing.regions, or regions on that account under serverlessTracing.accounts.`,
      );
    }
    for (const region of effective) {
      const key = `${accountId}/${region}`;
      if (!seen.has(key)) {
        seen.add(key);
        targets.push({ accountId, region });
      }
    }
  }
  return targets;
}

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!(value > 0)) throw new Error(`${key} must be a positive number, got ${value}`);
  return value;
}

export function readGatewaySettings(config: Config): GatewaySettings {
  return {
    targets: readTargets(config),
    endpoint: config.getOptionalString('serverlessTracing.endpoint'),
    rateLimit: {
      requestsPerSecond: positive(config, 'serverlessTracing.rateLimit.requestsPerSecond', DEFAULT_RATE_LIMIT.requestsPerSecond),
      getFunctionPerSecond: positive(config, 'serverlessTracing.rateLimit.getFunctionPerSecond', DEFAULT_RATE_LIMIT.getFunctionPerSecond),
      getPolicyPerSecond: positive(config, 'serverlessTracing.rateLimit.getPolicyPerSecond', DEFAULT_RATE_LIMIT.getPolicyPerSecond),
    },
    retry: {
      maxAttempts: Math.floor(positive(config, 'serverlessTracing.retry.maxAttempts', DEFAULT_RETRY_POLICY.maxAttempts)),
      baseDelayMs: positive(config, 'serverlessTracing.retry.baseDelayMs', DEFAULT_RETRY_POLICY.baseDelayMs),
      maxDelayMs: positive(config, 'serverlessTracing.retry.maxDelayMs', DEFAULT_RETRY_POLICY.maxDelayMs),
    },
    requestTimeoutMs: positive(config, 'serverlessTracing.requestTimeoutMs', DEFAULT_REQUEST_TIMEOUT_MS),
  };
}
