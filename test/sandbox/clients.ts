// SDK clients pointed at a sandbox, signed as one of its seed accounts.
import { LambdaClient } from '@aws-sdk/client-lambda';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { Sandbox } from '../../dev/sandbox/server';

export const PAYMENTS = '111111111111';
export const DATA_PLATFORM = '222222222222';

interface ClientOptions {
  accountId?: string;
  region?: string;
  /** The SDK retries throttling and 5xx by itself; tests that assert an error want it once. */
  maxAttempts?: number;
}

function credentialsOf(sandbox: Sandbox, accountId: string) {
  const account = sandbox.org.accounts.find(candidate => candidate.accountId === accountId);
  if (!account) throw new Error(`The sandbox has no account ${accountId}: use one of its seed accounts.`);
  return { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey };
}

export function lambdaClient(sandbox: Sandbox, options: ClientOptions = {}): LambdaClient {
  return new LambdaClient({
    endpoint: sandbox.url,
    region: options.region ?? 'us-east-1',
    credentials: credentialsOf(sandbox, options.accountId ?? PAYMENTS),
    maxAttempts: options.maxAttempts ?? 1,
  });
}

export function taggingClient(sandbox: Sandbox, options: ClientOptions = {}): ResourceGroupsTaggingAPIClient {
  return new ResourceGroupsTaggingAPIClient({
    endpoint: sandbox.url,
    region: options.region ?? 'us-east-1',
    credentials: credentialsOf(sandbox, options.accountId ?? PAYMENTS),
    maxAttempts: options.maxAttempts ?? 1,
  });
}

/** A clock the test moves by hand, so update delays and quotas never depend on real time. */
export function manualClock(start = Date.UTC(2026, 5, 1)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}
