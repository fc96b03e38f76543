// Which account-regions to scan and how to talk to them: the shape config.ts parses them into, and
// the targets from the standard `aws:` integration config (accounts) and `serverlessTracing:` (regions).
import type { Config } from '@backstage/config';
import type { OrganizationSettings } from './organization';
import type { AccountRegion } from './types';

export interface RateLimit {
  /** Control-plane calls (UpdateFunctionConfiguration, ListFunctions…) per second per account-region. */
  requestsPerSecond: number;
  /** GetFunction's own quota. */
  getFunctionPerSecond: number;
  /** GetPolicy's own quota. */
  getPolicyPerSecond: number;
  /** IAM (the role pre-flight's SimulatePrincipalPolicy): another service, its quota per account. */
  iamPerSecond: number;
}

export interface GatewaySettings {
  /** The explicitly configured account-regions. */
  targets: AccountRegion[];
  /** Accounts (and their enabled regions) discovered from AWS Organizations at each scan, when configured. */
  organization?: OrganizationSettings;
  /** Endpoint override (sandbox, LocalStack, moto); undefined = AWS (or the SDK's AWS_ENDPOINT_URL). */
  endpoint?: string;
  rateLimit: RateLimit;
  requestTimeoutMs: number;
}

// Below Lambda's default quotas (15/s control plane, 100/s GetFunction, 15/s GetPolicy, each a bucket
// of its own per account-region) to leave room for other tools. AWS publishes no rate for IAM's API:
// 10/s is a ceiling, and the bucket slows to what IAM grants when it throttles (see rateLimit.ts).
export const DEFAULT_RATE_LIMIT: RateLimit = { requestsPerSecond: 10, getFunctionPerSecond: 50, getPolicyPerSecond: 10, iamPerSecond: 10 };
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Accounts whose credentials aws.* configures (aws.accounts, and aws.mainAccount when it names its id). */
export function configuredAccountIds(config: Config): string[] {
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
 * entry, else serverlessTracing.regions. With serverlessTracing.organization the accounts come from
 * AWS Organizations instead, and only serverlessTracing.accounts adds explicit ones.
 */
export function readTargets(config: Config): AccountRegion[] {
  const defaultRegions = config.getOptionalStringArray('serverlessTracing.regions');
  const accountEntries = config.getOptionalConfigArray('serverlessTracing.accounts');
  // aws.accounts then only holds credentials (the organisation's reading account among them).
  const fromOrganization = config.has('serverlessTracing.organization');
  const accounts = accountEntries
    ? accountEntries.map(entry => ({
        accountId: entry.getString('accountId'),
        regions: entry.getOptionalStringArray('regions'),
      }))
    : fromOrganization ? [] : configuredAccountIds(config).map(accountId => ({ accountId, regions: undefined }));

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
