// SDK clients, one per account-region and API, created on first use and kept. Credentials come
// from @backstage/integration-aws-node (assume-role, static keys or the default chain per account);
// accounts discovered through AWS Organizations without an aws.accounts entry sign with the member
// role, which a second credentials manager assumes (STS AssumeRole) from the organisation's account.
import { AccountClient } from '@aws-sdk/client-account';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { XRayClient } from '@aws-sdk/client-xray';
import { ConfigReader, type Config } from '@backstage/config';
import { DefaultAwsCredentialsManager, type AwsCredentialProvider, type AwsCredentialsManager } from '@backstage/integration-aws-node';
import { partitionOfRegion } from '../../common/arn';
import type { OrganizationSettings } from './organization';
import { AwsCallError, type AccountRegion } from './types';

/** How member accounts are entered: the role name in each, assumed from the organisation's reading account. */
export interface MemberRole {
  sourceAccountId: string;
  roleName: string;
  /** The region the global services (Organizations, Account, STS) are called in. */
  region: string;
  /** Assumes `roleName` in any account, from the organisation account's credentials (its aws.accountDefaults). */
  credentialsManager: AwsCredentialsManager;
}

/**
 * A credentials manager that assumes the organisation's member role in any account: Backstage's own
 * `aws.accountDefaults` mechanism, with the organisation account's credentials (its static keys or
 * profile under aws.accounts, else aws.mainAccount's) as the main account. STS is AWS's, or the one
 * AWS_ENDPOINT_URL_STS names (the sandbox).
 */
export function memberRoleCredentialsManager(root: Config, organization: OrganizationSettings): AwsCredentialsManager {
  const entry = (root.getOptionalConfigArray('aws.accounts') ?? []).find(account => account.getString('accountId') === organization.accountId);
  if (entry?.getOptionalString('roleName')) {
    throw new Error(
      `Invalid configuration: serverlessTracing.organization.accountId ${organization.accountId} is reached through a role under aws.accounts; the member roles are assumed from the organisation account's own credentials (static keys, a profile or aws.mainAccount), so give it those.`,
    );
  }
  const source = entry
    ? { accessKeyId: entry.getOptionalString('accessKeyId'), secretAccessKey: entry.getOptionalString('secretAccessKey'), profile: entry.getOptionalString('profile') }
    : { accessKeyId: root.getOptionalString('aws.mainAccount.accessKeyId'), secretAccessKey: root.getOptionalString('aws.mainAccount.secretAccessKey'), profile: root.getOptionalString('aws.mainAccount.profile') };
  const defined = (values: Record<string, string | undefined>) => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
  return DefaultAwsCredentialsManager.fromConfig(
    new ConfigReader({
      aws: {
        mainAccount: defined({ ...source, region: organization.region }),
        accountDefaults: defined({ roleName: organization.roleName, externalId: organization.externalId, region: organization.region, partition: partitionOfRegion(organization.region) }),
      },
    }),
  );
}

type SdkCredentialProvider = AwsCredentialProvider['sdkCredentialProvider'];
type SdkCredentials = Awaited<ReturnType<SdkCredentialProvider>>;

/** Temporary credentials are renewed this long before they expire, so no call signs with expired ones. */
const RENEW_BEFORE_MS = 5 * 60_000;

export interface ClientOptions {
  credentialsManager: AwsCredentialsManager;
  endpoint?: string;
  requestTimeoutMs: number;
  memberRole?: MemberRole;
}

export class AwsClients {
  private readonly lambdaClients = new Map<string, Promise<LambdaClient>>();
  private readonly taggingClients = new Map<string, Promise<ResourceGroupsTaggingAPIClient>>();
  private readonly serviceClients = new Map<string, Map<string, Promise<{ destroy(): void }>>>();
  private readonly members = new Set<string>();
  private readonly memberSessions = new Map<string, SdkCredentialProvider>();

  constructor(private readonly options: ClientOptions) {}

  /** From now on these accounts' clients sign with the member role (they have no aws.accounts entry). */
  useMemberRole(accountIds: Iterable<string>): void {
    for (const accountId of accountIds) this.members.add(accountId);
  }

  /** AWS Organizations, called as the organisation's reading account. */
  organizations(): Promise<OrganizationsClient> {
    const role = this.requireMemberRole();
    return this.service('organizations', { accountId: role.sourceAccountId, region: role.region }, config => new OrganizationsClient(config));
  }

  /** The Account API, called in the account itself. */
  account(accountId: string): Promise<AccountClient> {
    return this.service('account', { accountId, region: this.requireMemberRole().region }, config => new AccountClient(config));
  }

  lambda(target: AccountRegion): Promise<LambdaClient> {
    return this.cached(this.lambdaClients, target, config => new LambdaClient(config));
  }

  /** IAM, a global service: called in the account, in its partition's IAM region (see iamTarget). */
  iam(target: AccountRegion): Promise<IAMClient> {
    return this.service('iam', target, config => new IAMClient(config));
  }

  /** X-Ray, for proof that traces arrive (trace summaries). */
  xray(target: AccountRegion): Promise<XRayClient> {
    return this.service('xray', target, config => new XRayClient(config));
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

  private requireMemberRole(): MemberRole {
    if (!this.options.memberRole) throw new Error('AwsClients: AWS Organizations is not configured (serverlessTracing.organization).');
    return this.options.memberRole;
  }

  private async credentialsFor(target: AccountRegion) {
    const member = this.members.has(target.accountId) ? this.options.memberRole : undefined;
    if (member) return this.memberRoleCredentials(target.accountId, member);
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

  /**
   * One member-role session per account, shared by all its clients and renewed before it expires (each
   * SDK client would otherwise assume the role for itself); a failure says which role, where and from where.
   */
  private memberRoleCredentials(accountId: string, role: MemberRole): SdkCredentialProvider {
    let provider = this.memberSessions.get(accountId);
    if (!provider) {
      let session: Promise<SdkCredentials> | undefined;
      const assume = async () => {
        try {
          const { sdkCredentialProvider } = await role.credentialsManager.getCredentialProvider({ accountId });
          return await sdkCredentialProvider();
        } catch (error) {
          throw new AwsCallError(
            'access-denied',
            `Could not assume the role ${role.roleName} in account ${accountId} from account ${role.sourceAccountId}: ${(error as Error).message} Check that the role exists in that account and trusts ${role.sourceAccountId} (serverlessTracing.organization.roleName).`,
            (error as Error).name,
          );
        }
      };
      provider = async () => {
        const current = session ? await session.catch(() => undefined) : undefined;
        if (current && (!current.expiration || current.expiration.getTime() - Date.now() > RENEW_BEFORE_MS)) return current;
        session = assume();
        return session;
      };
      this.memberSessions.set(accountId, provider);
    }
    return provider;
  }
}
