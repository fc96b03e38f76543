// The LambdaGateway over the AWS SDK: every call is rate-limited per account-region in the quota bucket
// Lambda counts it in, retried as the backend's one retry policy says, bounded in time (per request and
// by the caller's signal), and turned into an AwsCallError.
import {
  GetFunctionCommand,
  GetPolicyCommand,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { PutRolePolicyCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { GetTraceSummariesCommand } from '@aws-sdk/client-xray';
import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager, type AwsCredentialsManager } from '@backstage/integration-aws-node';
import type { FunctionConfig, FunctionUpdate, Invoker } from '../../common/model';
import { AwsClients, memberRoleCredentialsManager } from './clients';
import { classifyAwsError, toAwsCallError, type Operation } from './errors';
import { addInvoker, invokerFromEventSourceArn, invokersFromPolicy } from './invokers';
import { discoverInvokers, type InvokerDiscovery } from './discovery';
import { enabledRegions, memberAccounts } from './organization';
import { parseFunctionArn, unqualifiedFunctionArn } from '../../common/arn';
import { iamTarget, parseRoleArn } from './roles';
import { RateLimiters, systemClock, type Clock } from './rateLimit';
import { configuredAccountIds, type GatewaySettings } from './targets';
import {
  AwsCallError,
  type AccountRegion,
  type CallOptions,
  type LambdaGateway,
  type LatestTraces,
  type PermissionAnswer,
  type PermissionQuestion,
  type TargetDiscovery,
  type TargetError,
} from './types';
import { RetryPolicy } from '../retryPolicy';
import { readServerlessTracingSettings } from '../config';

export interface LambdaGatewayOptions {
  /** The root config: `aws:` for accounts and credentials (and `serverlessTracing:` when no settings are given). */
  config: Config;
  logger: LoggerService;
  /** The plugin's settings, parsed once; read from `config` when absent. */
  settings?: { aws: GatewaySettings; retry: RetryPolicy };
  credentialsManager?: AwsCredentialsManager;
  /** For tests: a fake clock makes rate limiting and backoff instantaneous. */
  clock?: Clock;
}

/**
 * The quota a call counts against, as Lambda keeps them per account-region: GetFunction and GetPolicy
 * have their own, every other control-plane call shares one; the Tagging API is another service, and so
 * is each invoker service bulk discovery reads (discovery:<signing name>: see InvokerSourceReader.quota).
 */
type Bucket = 'control' | 'getFunction' | 'getPolicy' | 'tagging' | `discovery:${string}` | 'organizations' | 'account' | 'iam' | 'xray';

/** Accounts whose regions are read at the same time during target discovery. */
const REGION_READS_IN_PARALLEL = 8;

const PAGE_SIZE = 50;

/** How far back each X-Ray slice reaches, newest first (the last slice reaches back to the window's start). */
const TRACE_SLICES_MS = [15 * 60_000, 60 * 60_000, 6 * 3_600_000];
/** GetTraceSummaries pages read per slice before the functions still unfound are reported unread. */
const MAX_TRACE_PAGES = 5;

/** arn:partition:lambda:region:account:function:name → the account-region it lives in. */
function targetOf(functionArn: string): AccountRegion & { functionName: string } {
  const parsed = parseFunctionArn(functionArn);
  if (!parsed) {
    throw new AwsCallError('invalid', `"${functionArn}" is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>).`);
  }
  return { region: parsed.region, accountId: parsed.accountId, functionName: parsed.functionName };
}

class SdkLambdaGateway implements LambdaGateway {
  private readonly limiters: RateLimiters;
  /** The account-regions the last organisation discovery found (kept when a later one cannot list the organisation). */
  private discovered: AccountRegion[] = [];

  constructor(
    private readonly settings: GatewaySettings,
    private readonly retry: RetryPolicy,
    private readonly clients: AwsClients,
    private readonly logger: LoggerService,
    private readonly clock: Clock,
    /** Accounts with their own credentials under aws.*: never entered through the member role. */
    private readonly credentialedAccounts: ReadonlySet<string>,
  ) {
    this.limiters = new RateLimiters(clock);
  }

  /** Closes the SDK clients' connections. */
  destroy(): void {
    this.clients.destroy();
  }

  targets(): AccountRegion[] {
    return [...this.settings.targets, ...this.discovered].map(t => ({ ...t }));
  }

  async discoverTargets(): Promise<TargetDiscovery> {
    const explicit = this.settings.targets.map(t => ({ ...t }));
    const organization = this.settings.organization;
    if (!organization) return { targets: explicit, errors: [] };
    const home = { accountId: organization.accountId, region: organization.region };
    let accounts: string[];
    try {
      const client = await this.clients.organizations();
      accounts = await memberAccounts(client, organization, (operation, send) => this.call(home, 'organizations', operation, send, {}));
    } catch (error) {
      // The organisation cannot be listed: the accounts found last time are scanned again, and it is reported.
      const failure = error instanceof AwsCallError ? error : toAwsCallError(error, { description: 'listing the organisation\'s accounts', iamAction: 'organizations:ListAccounts' }, home);
      return { targets: [...explicit, ...this.discovered.map(t => ({ ...t }))], errors: [{ ...home, error: failure }] };
    }
    // An account listed explicitly keeps its explicit regions.
    const explicitAccounts = new Set(explicit.map(t => t.accountId));
    const members = accounts.filter(id => !explicitAccounts.has(id));
    this.clients.useMemberRole(members.filter(id => !this.credentialedAccounts.has(id) && id !== organization.accountId));
    const found: AccountRegion[] = [];
    const errors: TargetError[] = [];
    let next = 0;
    const worker = async () => {
      while (next < members.length) {
        const accountId = members[next++];
        const where = { accountId, region: organization.region };
        try {
          const client = await this.clients.account(accountId);
          const regions = await enabledRegions(client, organization.regions, (operation, send) => this.call(where, 'account', operation, send, {}));
          found.push(...regions.map(region => ({ accountId, region })));
        } catch (error) {
          const failure = error instanceof AwsCallError ? error : toAwsCallError(error, { description: 'listing the enabled regions', iamAction: 'account:ListRegions' }, where);
          errors.push({ accountId, region: organization.region, error: failure });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(REGION_READS_IN_PARALLEL, members.length) }, worker));
    const order = new Map(members.map((id, index) => [id, index]));
    found.sort((a, b) => order.get(a.accountId)! - order.get(b.accountId)! || a.region.localeCompare(b.region));
    this.discovered = found;
    return { targets: [...explicit, ...found.map(t => ({ ...t }))], errors };
  }

  async listFunctions(target: AccountRegion): Promise<FunctionConfig[]> {
    const client = await this.clients.lambda(target);
    const operation = { description: 'listing functions', iamAction: 'lambda:ListFunctions' };
    const functions: FunctionConfig[] = [];
    let marker: string | undefined;
    do {
      const page = await this.call(target, 'control', operation, signal =>
        client.send(new ListFunctionsCommand({ Marker: marker, MaxItems: PAGE_SIZE }), { abortSignal: signal }), {},
      );
      functions.push(...((page.Functions ?? []) as FunctionConfig[]));
      marker = page.NextMarker;
    } while (marker);
    return functions;
  }

  async listTags(target: AccountRegion): Promise<Map<string, Record<string, string>>> {
    const client = await this.clients.tagging(target);
    const operation = { description: 'reading function tags', iamAction: 'tag:GetResources' };
    const tags = new Map<string, Record<string, string>>();
    let token: string | undefined;
    do {
      const page = await this.call(target, 'tagging', operation, signal =>
        client.send(
          new GetResourcesCommand({ ResourceTypeFilters: ['lambda:function'], PaginationToken: token, ResourcesPerPage: 100 }),
          { abortSignal: signal },
        ), {},
      );
      for (const mapping of page.ResourceTagMappingList ?? []) {
        if (!mapping.ResourceARN) continue;
        const record: Record<string, string> = {};
        for (const tag of mapping.Tags ?? []) {
          if (tag.Key !== undefined) record[tag.Key] = tag.Value ?? '';
        }
        tags.set(unqualifiedFunctionArn(mapping.ResourceARN), record);
      }
      token = page.PaginationToken || undefined;
    } while (token);
    return tags;
  }

  async listEventSourceInvokers(target: AccountRegion): Promise<Map<string, Invoker[]>> {
    const client = await this.clients.lambda(target);
    const operation = { description: 'listing event source mappings', iamAction: 'lambda:ListEventSourceMappings' };
    const invokers = new Map<string, Invoker[]>();
    let marker: string | undefined;
    do {
      const page = await this.call(target, 'control', operation, signal =>
        client.send(new ListEventSourceMappingsCommand({ Marker: marker, MaxItems: 100 }), { abortSignal: signal }), {},
      );
      for (const mapping of page.EventSourceMappings ?? []) {
        if (mapping.FunctionArn) {
          addInvoker(invokers, unqualifiedFunctionArn(mapping.FunctionArn), invokerFromEventSourceArn(mapping.EventSourceArn));
        }
      }
      marker = page.NextMarker;
    } while (marker);
    return invokers;
  }

  discoverInvokers(target: AccountRegion): Promise<InvokerDiscovery> {
    return discoverInvokers(target, this.clients, (quota, operation, send) => this.call(target, `discovery:${quota}`, operation, send, {}));
  }

  async getFunction(functionArn: string, options: CallOptions = {}): Promise<FunctionConfig> {
    const target = targetOf(functionArn);
    const client = await this.clients.lambda(target);
    const operation = { description: `reading function ${target.functionName}`, iamAction: 'lambda:GetFunction' };
    const answer = await this.call(target, 'getFunction', operation, signal =>
      client.send(new GetFunctionCommand({ FunctionName: functionArn }), { abortSignal: signal }), options,
    );
    return { ...(answer.Configuration as FunctionConfig), Tags: { ...(answer.Tags ?? {}) } };
  }

  async getPolicyInvokers(functionArn: string, options: CallOptions = {}): Promise<Invoker[]> {
    const target = targetOf(functionArn);
    const client = await this.clients.lambda(target);
    const operation = { description: `reading the resource policy of ${target.functionName}`, iamAction: 'lambda:GetPolicy' };
    try {
      const answer = await this.call(target, 'getPolicy', operation, signal =>
        client.send(new GetPolicyCommand({ FunctionName: functionArn }), { abortSignal: signal }), options,
      );
      return invokersFromPolicy(answer.Policy);
    } catch (error) {
      // A function without a resource policy answers ResourceNotFound: nobody is allowed to push to it.
      if (error instanceof AwsCallError && error.kind === 'not-found') return [];
      throw error;
    }
  }

  async updateFunctionConfiguration(
    functionArn: string,
    update: FunctionUpdate,
    revisionId: string,
    options: CallOptions = {},
  ): Promise<FunctionConfig> {
    const target = targetOf(functionArn);
    const client = await this.clients.lambda(target);
    const operation = { description: `updating function ${target.functionName}`, iamAction: 'lambda:UpdateFunctionConfiguration' };
    const command = new UpdateFunctionConfigurationCommand({
      FunctionName: functionArn,
      ...(update.Handler !== undefined ? { Handler: update.Handler } : {}),
      Layers: update.Layers,
      Environment: update.Environment,
      TracingConfig: update.TracingConfig,
      RevisionId: revisionId,
    });
    // Only throttling is retried here: after a timeout the update may have been applied, and the
    // enablement pipeline (which re-reads and reconciles) is the one able to tell.
    const answer = await this.call(target, 'control', operation, signal => client.send(command, { abortSignal: signal }), options, true);
    return answer as FunctionConfig;
  }

  async simulateRole(roleArn: string, questions: PermissionQuestion[], options: CallOptions = {}): Promise<PermissionAnswer[]> {
    const role = parseRoleArn(roleArn);
    if (!role) throw new AwsCallError('invalid', `"${roleArn}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).`);
    const target = iamTarget(role);
    const client = await this.clients.iam(target);
    const operation = { description: `simulating the permissions of role ${role.roleName}`, iamAction: 'iam:SimulatePrincipalPolicy' };
    // One simulation for all the questions: IAM evaluates every action against every resource given,
    // and IAM's quota is per account, so a call per resource would multiply what a bulk job waits for.
    const actions = [...new Set(questions.map(q => q.action))];
    const resources = [...new Set(questions.map(q => q.resource))];
    const answers: PermissionAnswer[] = [];
    let marker: string | undefined;
    do {
      const page = await this.call(target, 'iam', operation, signal =>
        client.send(
          new SimulatePrincipalPolicyCommand({ PolicySourceArn: roleArn, ActionNames: actions, ResourceArns: resources, Marker: marker }),
          { abortSignal: signal },
        ), options,
      );
      for (const result of page.EvaluationResults ?? []) {
        const action = result.EvalActionName ?? '';
        const specific = result.ResourceSpecificResults ?? [];
        if (specific.length > 0) {
          // Each resource's own decision: the top-level one is the most restrictive over all of them.
          for (const each of specific) {
            const decision = each.EvalResourceDecision ?? 'implicitDeny';
            answers.push({ action, resource: each.EvalResourceName ?? '', allowed: decision === 'allowed', decision });
          }
        } else {
          // Only the aggregate: it holds for the resource IAM names, else for every resource asked.
          const decision = result.EvalDecision ?? 'implicitDeny';
          const named = result.EvalResourceName && resources.includes(result.EvalResourceName) ? [result.EvalResourceName] : resources;
          for (const resource of named) answers.push({ action, resource, allowed: decision === 'allowed', decision });
        }
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return answers;
  }

  async latestTraces(target: AccountRegion, functionNames: string[], window: { start: Date; end: Date }, options: CallOptions = {}): Promise<LatestTraces> {
    const latest = new Map<string, number>();
    const unread = new Set<string>();
    let requests = 0;
    if (functionNames.length === 0) return { latest, unread: [], requests };
    const client = await this.clients.xray(target);
    const operation = { description: `reading X-Ray trace summaries of ${functionNames.length} function(s)`, iamAction: 'xray:GetTraceSummaries' };
    // Newest slice first, each asking only about the functions no trace was found for yet: a busy
    // function is found in the first minutes' page, so the wider, older slices hold only the rarely
    // invoked ones' traces, and a function with none costs no page at all.
    const end = window.end.getTime();
    const edges = [...TRACE_SLICES_MS.filter(ms => ms < end - window.start.getTime()).map(ms => end - ms), window.start.getTime()];
    let sliceEnd = end;
    for (const sliceStart of edges) {
      const wanted = functionNames.filter(name => !latest.has(name));
      if (wanted.length === 0) break;
      const asked = new Set(wanted);
      const filter = wanted.map(name => `service(id(name: "${name}", type: "AWS::Lambda::Function"))`).join(' OR ');
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await this.call(target, 'xray', operation, signal =>
          client.send(
            new GetTraceSummariesCommand({ StartTime: new Date(sliceStart), EndTime: new Date(sliceEnd), FilterExpression: filter, NextToken: token }),
            { abortSignal: signal },
          ), options,
        );
        requests++;
        pages++;
        for (const summary of page.TraceSummaries ?? []) {
          const time = summary.StartTime?.getTime();
          if (time === undefined) continue;
          for (const service of summary.ServiceIds ?? []) {
            if (service.Type !== 'AWS::Lambda::Function' || !service.Name || !asked.has(service.Name)) continue;
            if (time > (latest.get(service.Name) ?? -Infinity)) latest.set(service.Name, time);
          }
        }
        // Proof, not a census: once every asked function has a trace, further pages would only move
        // "seen at" by minutes, at one call each.
        token = wanted.some(name => !latest.has(name)) ? page.NextToken : undefined;
        if (token && pages >= MAX_TRACE_PAGES) {
          // Too many traces to read them all: the functions not found yet are undetermined, not traceless.
          for (const name of wanted) if (!latest.has(name)) unread.add(name);
          token = undefined;
        }
      } while (token);
      sliceEnd = sliceStart;
    }
    return { latest, unread: [...unread].filter(name => !latest.has(name)), requests };
  }

  async putRolePolicy(roleArn: string, policyName: string, policyDocument: string, options: CallOptions = {}): Promise<void> {
    const role = parseRoleArn(roleArn);
    if (!role) throw new AwsCallError('invalid', `"${roleArn}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).`);
    const target = iamTarget(role);
    const client = await this.clients.iam(target);
    const operation = { description: `attaching the inline policy ${policyName} to role ${role.roleName}`, iamAction: 'iam:PutRolePolicy' };
    // Only throttling is retried: PutRolePolicy replaces the policy of that name, so a second send is
    // harmless, but an unanswered one is reported rather than assumed.
    await this.call(target, 'iam', operation, signal =>
      client.send(new PutRolePolicyCommand({ RoleName: role.roleName, PolicyName: policyName, PolicyDocument: policyDocument }), { abortSignal: signal }),
      options, true,
    );
  }

  private async call<T>(
    target: AccountRegion,
    bucket: Bucket,
    operation: Operation,
    send: (signal: AbortSignal) => Promise<T>,
    options: CallOptions,
    throttledOnly = false,
  ): Promise<T> {
    const limiter = this.limiters.bucket(`${target.accountId}/${target.region}/${bucket}`, this.rateOf(bucket));
    for (let attempt = 1; ; attempt++) {
      try {
        if (options.signal?.aborted) throw options.signal.reason ?? new Error('The call was cancelled.');
        await limiter.acquire(options.background ? 'background' : 'foreground');
        const timeout = AbortSignal.timeout(this.settings.requestTimeoutMs);
        const answer = await send(options.signal ? AbortSignal.any([timeout, options.signal]) : timeout);
        limiter.answeredCall();
        return answer;
      } catch (error) {
        const kind = classifyAwsError(error);
        // How fast AWS answers is what the bucket adapts to; a call with no answer says nothing of it.
        if (kind === 'throttled') limiter.throttled();
        else if (kind !== 'unavailable') limiter.answeredCall();
        const delay = options.signal?.aborted ? undefined : this.retry.nextCallAttempt(kind, attempt, throttledOnly);
        if (delay === undefined) throw toAwsCallError(error, operation, target, attempt);
        this.logger.debug(
          `Retrying ${operation.description} in ${target.accountId}/${target.region} after ${(error as Error)?.name} (attempt ${attempt}, waiting ${delay} ms)`,
        );
        await this.clock.sleep(delay);
      }
    }
  }

  private rateOf(bucket: Bucket): number {
    const limits = this.settings.rateLimit;
    if (bucket === 'getFunction') return limits.getFunctionPerSecond;
    if (bucket === 'getPolicy') return limits.getPolicyPerSecond;
    if (bucket === 'iam') return limits.iamPerSecond;
    return limits.requestsPerSecond;
  }
}

/** The gateway for the configured accounts and regions (see targets.ts for the config keys). */
export function createLambdaGateway(options: LambdaGatewayOptions): LambdaGateway & { destroy(): void } {
  const { aws, retry } = options.settings ?? readServerlessTracingSettings(options.config);
  const organization = aws.organization;
  const clients = new AwsClients({
    credentialsManager: options.credentialsManager ?? DefaultAwsCredentialsManager.fromConfig(options.config),
    endpoint: aws.endpoint,
    requestTimeoutMs: aws.requestTimeoutMs,
    ...(organization
      ? {
          memberRole: {
            sourceAccountId: organization.accountId,
            roleName: organization.roleName,
            region: organization.region,
            credentialsManager: memberRoleCredentialsManager(options.config, organization),
          },
        }
      : {}),
  });
  const credentialed = new Set(configuredAccountIds(options.config));
  return new SdkLambdaGateway(aws, retry, clients, options.logger, options.clock ?? systemClock, credentialed);
}
