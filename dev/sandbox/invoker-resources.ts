// The resources that invoke the org's functions, as the services owning them would list them: state
// machines, GraphQL APIs, REST and HTTP APIs, EventBridge rules and SNS subscriptions. They are derived
// from each function's resource-policy principals (seed-relations.ts), so bulk discovery and GetPolicy
// always tell the same story. S3 notifications are not listed: for them the policy stays the only source.
import { partitionOf } from './routes';
import type { SandboxState, StoredFunction } from './state';

export interface StateMachine {
  name: string;
  arn: string;
  definition: string;
  creationDate: number;
}

export interface GraphqlApi {
  apiId: string;
  name: string;
  arn: string;
  dataSources: Array<{ name: string; type: string; dataSourceArn: string; lambdaConfig?: { lambdaFunctionArn: string } }>;
}

export interface RestApi {
  id: string;
  name: string;
  resources: Array<{ id: string; path: string; resourceMethods?: Record<string, { httpMethod: string; methodIntegration: { type: string; uri?: string } }> }>;
}

export interface HttpApi {
  apiId: string;
  name: string;
  integrations: Array<{ integrationId: string; integrationType: string; integrationUri?: string }>;
}

export interface Rule {
  name: string;
  arn: string;
  targets: Array<{ Id: string; Arn: string }>;
}

export interface Subscription {
  SubscriptionArn: string;
  Owner: string;
  Protocol: string;
  Endpoint: string;
  TopicArn: string;
}

export interface InvokerResources {
  stateMachines: StateMachine[];
  graphqlApis: GraphqlApi[];
  restApis: RestApi[];
  httpApis: HttpApi[];
  rules: Rule[];
  subscriptions: Subscription[];
}

const hidden = new WeakMap<SandboxState, Set<string>>();

/**
 * Leaves a function out of every bulk listing, as when its invoker lives in another account: only its
 * resource policy (GetPolicy) still names the invoking service.
 */
export function hideFromBulkDiscovery(state: SandboxState, functionArn: string): void {
  const set = hidden.get(state) ?? new Set<string>();
  set.add(functionArn);
  hidden.set(state, set);
}

/** A small stable hash, so each function's resource style is fixed without touching the seed's PRNG. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const domainOf = (name: string) => name.split('-')[0];
/** The API id the function's policy SourceArn names (seed-relations.ts sourceArnFor). */
export const apiIdOf = (name: string) => name.slice(0, 10).replace(/-/g, '');

export function invokerResources(state: SandboxState, accountId: string, region: string): InvokerResources {
  const partition = partitionOf(region);
  const excluded = hidden.get(state);
  const resources: InvokerResources = { stateMachines: [], graphqlApis: [], restApis: [], httpApis: [], rules: [], subscriptions: [] };
  const graphql = new Map<string, GraphqlApi>();
  const rest = new Map<string, RestApi>();
  const http = new Map<string, HttpApi>();
  const base = `${region}:${accountId}`;
  for (const fn of state.functions(accountId, region)) {
    if (excluded?.has(fn.config.FunctionArn!)) continue;
    for (const principal of fn.policyPrincipals) {
      switch (principal) {
        case 'states.amazonaws.com':
          resources.stateMachines.push(stateMachine(fn, partition, base));
          break;
        case 'appsync.amazonaws.com':
          addDataSource(graphql, fn, partition, base);
          break;
        case 'apigateway.amazonaws.com':
          addApiRoute(rest, http, fn, partition, region);
          break;
        case 'events.amazonaws.com':
          resources.rules.push({
            name: `${fn.config.FunctionName}-schedule`,
            arn: `arn:${partition}:events:${base}:rule/${fn.config.FunctionName}-schedule`,
            targets: [{ Id: 'invoke', Arn: fn.config.FunctionArn! }],
          });
          break;
        case 'sns.amazonaws.com':
          resources.subscriptions.push(...subscriptions(fn, partition, base));
          break;
      }
    }
  }
  resources.graphqlApis = [...graphql.values()];
  resources.restApis = [...rest.values()];
  resources.httpApis = [...http.values()];
  return resources;
}

/** Four ways a workflow calls a function: by ARN, through lambda:invoke, nested in Parallel or Map. */
function stateMachine(fn: StoredFunction, partition: string, base: string): StateMachine {
  const name = fn.config.FunctionName!;
  const arn = fn.config.FunctionArn!;
  const invoke = (FunctionName: string, resource = `arn:${partition}:states:::lambda:invoke`) => ({
    Type: 'Task', Resource: resource, Parameters: { FunctionName, 'Payload.$': '$' }, End: true,
  });
  const styles = [
    () => ({ StartAt: 'Run', States: { Run: { Type: 'Task', Resource: arn, End: true } } }),
    () => ({ StartAt: 'Run', States: { Run: invoke(arn) } }),
    () => ({
      StartAt: 'Fan',
      States: { Fan: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 1, End: true } } }, { StartAt: 'Run', States: { Run: invoke(name) } }] } },
    }),
    () => ({
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map', End: true,
          ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Run', States: { Run: invoke(`${fn.accountId}:function:${name}:live`, `arn:${partition}:states:::lambda:invoke.waitForTaskToken`) } },
        },
      },
    }),
  ];
  const definition = styles[hash(name) % styles.length]();
  return {
    name: `${name}-flow`,
    arn: `arn:${partition}:states:${base}:stateMachine:${name}-flow`,
    definition: JSON.stringify({ Comment: `Workflow around ${name}`, ...definition }),
    creationDate: Math.floor(Date.parse((fn.config.LastModified ?? '2025-01-01T00:00:00.000+0000').replace('+0000', 'Z')) / 1000) || 0,
  };
}

function addDataSource(apis: Map<string, GraphqlApi>, fn: StoredFunction, partition: string, base: string): void {
  const apiId = `${domainOf(fn.config.FunctionName!)}graphqlapi`;
  let api = apis.get(apiId);
  if (!api) {
    const arn = `arn:${partition}:appsync:${base}:apis/${apiId}`;
    // Every API also reads a table directly: not every data source is a function.
    api = { apiId, name: `${domainOf(fn.config.FunctionName!)}-graphql`, arn, dataSources: [{ name: 'table', type: 'AMAZON_DYNAMODB', dataSourceArn: `${arn}/datasources/table` }] };
    apis.set(apiId, api);
  }
  const dsName = fn.config.FunctionName!.replace(/-/g, '_');
  api.dataSources.push({ name: dsName, type: 'AWS_LAMBDA', dataSourceArn: `${api.arn}/datasources/${dsName}`, lambdaConfig: { lambdaFunctionArn: fn.config.FunctionArn! } });
}

function addApiRoute(rest: Map<string, RestApi>, http: Map<string, HttpApi>, fn: StoredFunction, partition: string, region: string): void {
  const name = fn.config.FunctionName!;
  const id = apiIdOf(name);
  const lambdaUri = `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${fn.config.FunctionArn}/invocations`;
  if (hash(id) % 2 === 0) {
    let api = rest.get(id);
    if (!api) {
      api = { id, name: `${id}-rest`, resources: [{ id: `${id}root`, path: '/' }, { id: `${id}hlth`, path: '/health', resourceMethods: { GET: { httpMethod: 'GET', methodIntegration: { type: 'MOCK' } } } }] };
      rest.set(id, api);
    }
    api.resources.push({ id: `r${hash(name).toString(36)}`, path: `/${name}`, resourceMethods: { POST: { httpMethod: 'POST', methodIntegration: { type: 'AWS_PROXY', uri: lambdaUri } } } });
  } else {
    let api = http.get(id);
    if (!api) {
      api = { apiId: id, name: `${id}-http`, integrations: [{ integrationId: `${id}web`, integrationType: 'HTTP_PROXY', integrationUri: 'https://example.com/{proxy}' }] };
      http.set(id, api);
    }
    // HTTP APIs accept the function ARN itself, or the same URI REST APIs use.
    const integrationUri = hash(name) % 2 === 0 ? fn.config.FunctionArn! : lambdaUri;
    api.integrations.push({ integrationId: `i${hash(name).toString(36)}`, integrationType: 'AWS_PROXY', integrationUri });
  }
}

function subscriptions(fn: StoredFunction, partition: string, base: string): Subscription[] {
  const topic = `arn:${partition}:sns:${base}:${domainOf(fn.config.FunctionName!)}-notifications`;
  const owner = fn.accountId;
  return [
    { SubscriptionArn: `${topic}:${hash(fn.config.FunctionName!).toString(16)}`, Owner: owner, Protocol: 'lambda', Endpoint: fn.config.FunctionArn!, TopicArn: topic },
    // The same topic also feeds a queue: not every subscription is a function.
    { SubscriptionArn: `${topic}:${hash(`${fn.config.FunctionName}-q`).toString(16)}`, Owner: owner, Protocol: 'sqs', Endpoint: `arn:${partition}:sqs:${base}:${fn.config.FunctionName}-audit`, TopicArn: topic },
  ];
}
