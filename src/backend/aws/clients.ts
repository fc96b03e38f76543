// SDK clients, one per account-region and API, created on first use and kept. Credentials come
// from @backstage/integration-aws-node (assume-role, static keys or the default chain per account).
import { LambdaClient } from '@aws-sdk/client-lambda';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { AwsCallError, type AccountRegion } from './types';

export interface ClientOptions {
  credentialsManager: AwsCredentialsManager;
  endpoint?: string;
  requestTimeoutMs: number;
}

export class AwsClients {
  private readonly lambdaClients = new Map<string, Promise<LambdaClient>>();
  private readonly taggingClients = new Map<string, Promise<ResourceGroupsTaggingAPIClient>>();
  private readonly serviceClients = new Map<string, Map<string, Promise<{ destroy(): void }>>>();

  constructor(private readonly options: ClientOptions) {}

  lambda(target: AccountRegion): Promise<LambdaClient> {
    return this.cached(this.lambdaClients, target, config => new LambdaClient(config));
  }

  tagging(target: AccountRegion): Promise<ResourceGroupsTaggingAPIClient> {
    return this.cached(this.taggingClients, target, config => new ResourceGroupsTaggingAPIClient(config));
  }

  /** A client of another service (the invoker sources), one per service and account-region. */
  service<T extends { destroy(): void }>(name: string, target: AccountRegion, create: (config: ConstructorParameters<typeof LambdaClient>[0] & object) => T): Promise<T> {
    let cache = this.serviceClients.get(name) as Map<string, Promise<T>> | undefined;
    if (!cache) {
      cache = new Map();
      this.serviceClients.set(name, cache as Map<string, Promise<{ destroy(): void }>>);
    }
    return this.cached(cache, target, create);
  }

  destroy(): void {
    const all = [this.lambdaClients, this.taggingClients, ...this.serviceClients.values()] as Array<Map<string, Promise<{ destroy(): void }>>>;
    for (const clients of all) {
      for (const client of clients.values()) client.then(c => c.destroy(), () => undefined);
      clients.clear();
    }
  }

  private cached<T>(
    cache: Map<string, Promise<T>>,
    target: AccountRegion,
    create: (config: ConstructorParameters<typeof LambdaClient>[0] & object) => T,
  ): Promise<T> {
    const key = `${target.accountId}/${target.region}`;
    let client = cache.get(key);
    if (!client) {
      client = this.credentialsFor(target).then(credentials =>
        create({
          region: target.region,
          credentials,
          ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
          // Our own retry loop (retry.ts) retries, so every attempt passes the rate limiter.
          maxAttempts: 1,
          requestHandler: { requestTimeout: this.options.requestTimeoutMs, connectionTimeout: this.options.requestTimeoutMs },
        }),
      );
      // A failure (e.g. an account missing from aws.accounts) is not cached: config may be fixed.
      client.catch(() => cache.delete(key));
      cache.set(key, client);
    }
    return client;
  }

  private async credentialsFor(target: AccountRegion) {
    try {
      const provider = await this.options.credentialsManager.getCredentialProvider({ accountId: target.accountId });
      return provider.sdkCredentialProvider;
    } catch (error) {
      throw new AwsCallError(
        'access-denied',
        `No AWS credentials for account ${target.accountId}: ${(error as Error).message} Add the account under aws.accounts (with a roleName or static keys) in app-config.`,
        'CredentialsProviderError',
      );
    }
  }
}
