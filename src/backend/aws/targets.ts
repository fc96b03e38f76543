// Which account-regions to scan and how to talk to them: the shape config.ts parses them into, and
// the targets from the standard `aws:` integration config (accounts) and `serverlessTracing:` (regions).
import type { Config } from '@backstage/config';
import type { AccountRegion } from './types';

export interface RateLimit {
  /** Control-plane calls (UpdateFunctionConfiguration, ListFunctions…) per second per account-region. */
  requestsPerSecond: number;
  /** GetFunction's own quota. */
  getFunctionPerSecond: number;
  /** GetPolicy's own quota. */
  getPolicyPerSecond: number;
}

export interface GatewaySettings {
  targets: AccountRegion[];
  /** Endpoint override (sandbox, LocalStack, moto); undefined = AWS (or the SDK's AWS_ENDPOINT_URL). */
  endpoint?: string;
  rateLimit: RateLimit;
  requestTimeoutMs: number;
}

// Below Lambda's default quotas (15/s control plane, 100/s GetFunction, 15/s GetPolicy, each a bucket
// of its own per account-region) to leave room for other tools.
export const DEFAULT_RATE_LIMIT: RateLimit = { requestsPerSecond: 10, getFunctionPerSecond: 50, getPolicyPerSecond: 10 };
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
