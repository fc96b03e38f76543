// The services that invoke functions, each in its own wire format, so the real SDK clients talk to them
// unchanged: Step Functions (awsJson1_0), EventBridge (awsJson1_1), AppSync and API Gateway REST/HTTP
// (restJson1), SNS (awsQuery, XML). Only the listing operations bulk discovery needs.
import { decodeMarker, encodeMarker } from './routes';
import { SandboxError, type HttpReply, type InjectedFailure } from './errors';
import { invokerResources } from './invoker-resources';
import type { SandboxState } from './state';
import type { Caller } from './auth';

/** The SigV4 signing name of each service (API Gateway's REST and HTTP APIs share one). */
export type DiscoveryService = 'states' | 'events' | 'appsync' | 'apigateway' | 'sns';
export const DISCOVERY_SERVICES: readonly DiscoveryService[] = ['states', 'events', 'appsync', 'apigateway', 'sns'];

interface Request {
  caller: Caller;
  state: SandboxState;
  method: string;
  path: string;
  query: URLSearchParams;
  target: string | undefined;
  body: string;
}

interface Operation {
  service: DiscoveryService;
  name: string;
  matches(request: Pick<Request, 'method' | 'path' | 'target' | 'body'>): string[] | undefined;
  handle(request: Request, params: string[]): HttpReply;
}

const failures = new WeakMap<SandboxState, Map<string, InjectedFailure>>();

/** Makes one service fail for one account-region (or stop failing, with `undefined`). */
export function setDiscoveryFailure(state: SandboxState, accountId: string, region: string, service: DiscoveryService, error: InjectedFailure | undefined): void {
  const map = failures.get(state) ?? new Map<string, InjectedFailure>();
  const key = `${accountId}/${region}/${service}`;
  if (error) map.set(key, error);
  else map.delete(key);
  failures.set(state, map);
}

export function discoveryFailureFor(state: SandboxState, caller: Caller, service: DiscoveryService): InjectedFailure | undefined {
  return failures.get(state)?.get(`${caller.accountId}/${caller.region}/${service}`) ?? state.failureFor(caller.accountId, caller.region);
}

// ---- paging -----------------------------------------------------------------------------------------

function page<T>(items: T[], token: string | null | undefined, size: number, kind: string): { items: T[]; next?: string } {
  const start = token ? Number(decodeMarker(kind, token)) : 0;
  if (!Number.isInteger(start) || start < 0) throw new SandboxError(400, 'InvalidToken', `Invalid pagination token: ${token}`);
  const next = start + size < items.length ? encodeMarker(kind, String(start + size)) : undefined;
  return { items: items.slice(start, start + size), next };
}

function size(raw: unknown, fallback: number, max: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new SandboxError(400, 'ValidationException', `Page size must be between 1 and ${max}, got ${String(raw)}.`);
  return value;
}

const jsonReply = (body: unknown, contentType = 'application/json'): HttpReply => ({ status: 200, headers: { 'content-type': contentType }, body: JSON.stringify(body) });
const jsonBody = (raw: string): Record<string, unknown> => {
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new SandboxError(400, 'SerializationException', 'The request body is not valid JSON.');
  }
};
const resources = (request: Request) => invokerResources(request.state, request.caller.accountId, request.caller.region);

// ---- operations -------------------------------------------------------------------------------------

const byTarget = (service: DiscoveryService, prefix: string, name: string): Operation['matches'] =>
  ({ method, target }) => (method === 'POST' && target === `${prefix}.${name}` ? [] : undefined);
const byPath = (pattern: RegExp): Operation['matches'] =>
  ({ method, path }) => {
    const match = method === 'GET' ? pattern.exec(path) : null;
    return match ? match.slice(1).map(decodeURIComponent) : undefined;
  };

const STATES_JSON = 'application/x-amz-json-1.0';
const EVENTS_JSON = 'application/x-amz-json-1.1';

const OPERATIONS: Operation[] = [
  {
    service: 'states', name: 'ListStateMachines', matches: byTarget('states', 'AWSStepFunctions', 'ListStateMachines'),
    handle(request) {
      const input = jsonBody(request.body);
      const machines = resources(request).stateMachines;
      const { items, next } = page(machines, input.nextToken as string | undefined, size(input.maxResults, 100, 1000), 'states');
      return jsonReply({ stateMachines: items.map(m => ({ stateMachineArn: m.arn, name: m.name, type: 'STANDARD', creationDate: m.creationDate })), nextToken: next }, STATES_JSON);
    },
  },
  {
    service: 'states', name: 'DescribeStateMachine', matches: byTarget('states', 'AWSStepFunctions', 'DescribeStateMachine'),
    handle(request) {
      const arn = jsonBody(request.body).stateMachineArn;
      const machine = resources(request).stateMachines.find(m => m.arn === arn);
      if (!machine) throw new SandboxError(400, 'StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(arn)}'`);
      const roleArn = `arn:aws:iam::${request.caller.accountId}:role/${machine.name}-role`;
      return jsonReply({ stateMachineArn: machine.arn, name: machine.name, status: 'ACTIVE', definition: machine.definition, roleArn, type: 'STANDARD', creationDate: machine.creationDate }, STATES_JSON);
    },
  },
  {
    service: 'events', name: 'ListRules', matches: byTarget('events', 'AWSEvents', 'ListRules'),
    handle(request) {
      const input = jsonBody(request.body);
      const bus = (input.EventBusName as string | undefined) ?? 'default';
      const rules = bus === 'default' ? resources(request).rules : [];
      const { items, next } = page(rules, input.NextToken as string | undefined, size(input.Limit, 100, 100), 'rules');
      return jsonReply({ Rules: items.map(r => ({ Name: r.name, Arn: r.arn, State: 'ENABLED', ScheduleExpression: 'rate(5 minutes)', EventBusName: 'default' })), NextToken: next }, EVENTS_JSON);
    },
  },
  {
    service: 'events', name: 'ListTargetsByRule', matches: byTarget('events', 'AWSEvents', 'ListTargetsByRule'),
    handle(request) {
      const input = jsonBody(request.body);
      const rule = resources(request).rules.find(r => r.name === input.Rule);
      if (!rule) throw new SandboxError(400, 'ResourceNotFoundException', `Rule ${String(input.Rule)} does not exist on EventBus default.`);
      const { items, next } = page(rule.targets, input.NextToken as string | undefined, size(input.Limit, 100, 100), 'targets');
      return jsonReply({ Targets: items, NextToken: next }, EVENTS_JSON);
    },
  },
  {
    service: 'appsync', name: 'ListGraphqlApis', matches: byPath(/^\/v1\/apis\/?$/),
    handle(request) {
      const { items, next } = page(resources(request).graphqlApis, request.query.get('nextToken'), size(request.query.get('maxResults'), 25, 25), 'graphql');
      return jsonReply({ graphqlApis: items.map(api => ({ apiId: api.apiId, name: api.name, arn: api.arn, authenticationType: 'AWS_IAM', apiType: 'GRAPHQL' })), nextToken: next });
    },
  },
  {
    service: 'appsync', name: 'ListDataSources', matches: byPath(/^\/v1\/apis\/([^/]+)\/datasources\/?$/),
    handle(request, [apiId]) {
      const api = resources(request).graphqlApis.find(candidate => candidate.apiId === apiId);
      if (!api) throw new SandboxError(404, 'NotFoundException', `GraphQL API ${apiId} not found.`);
      const { items, next } = page(api.dataSources, request.query.get('nextToken'), size(request.query.get('maxResults'), 25, 25), 'datasources');
      return jsonReply({ dataSources: items, nextToken: next });
    },
  },
  {
    service: 'apigateway', name: 'GetRestApis', matches: byPath(/^\/restapis\/?$/),
    handle(request) {
      const { items, next } = page(resources(request).restApis, request.query.get('position'), size(request.query.get('limit'), 25, 500), 'restapis');
      return jsonReply({ item: items.map(api => ({ id: api.id, name: api.name, createdDate: 1735689600 })), position: next });
    },
  },
  {
    service: 'apigateway', name: 'GetResources', matches: byPath(/^\/restapis\/([^/]+)\/resources\/?$/),
    handle(request, [restApiId]) {
      const api = resources(request).restApis.find(candidate => candidate.id === restApiId);
      if (!api) throw new SandboxError(404, 'NotFoundException', 'Invalid API identifier specified');
      const embed = request.query.getAll('embed').flatMap(value => value.split(','));
      const { items, next } = page(api.resources, request.query.get('position'), size(request.query.get('limit'), 25, 500), 'resources');
      // Without embed=methods, AWS lists only each method's name.
      const shaped = items.map(resource =>
        embed.includes('methods') || !resource.resourceMethods
          ? resource
          : { ...resource, resourceMethods: Object.fromEntries(Object.keys(resource.resourceMethods).map(method => [method, {}])) },
      );
      return jsonReply({ item: shaped, position: next });
    },
  },
  {
    service: 'apigateway', name: 'GetApis', matches: byPath(/^\/v2\/apis\/?$/),
    handle(request) {
      const { items, next } = page(resources(request).httpApis, request.query.get('nextToken'), size(request.query.get('maxResults'), 100, 500), 'apis');
      return jsonReply({ items: items.map(api => ({ apiId: api.apiId, name: api.name, protocolType: 'HTTP', routeSelectionExpression: '$request.method $request.path' })), nextToken: next });
    },
  },
  {
    service: 'apigateway', name: 'GetIntegrations', matches: byPath(/^\/v2\/apis\/([^/]+)\/integrations\/?$/),
    handle(request, [apiId]) {
      const api = resources(request).httpApis.find(candidate => candidate.apiId === apiId);
      if (!api) throw new SandboxError(404, 'NotFoundException', `Invalid API identifier specified ${request.caller.accountId}:${apiId}`);
      const { items, next } = page(api.integrations, request.query.get('nextToken'), size(request.query.get('maxResults'), 100, 500), 'integrations');
      return jsonReply({ items: items.map(i => ({ ...i, payloadFormatVersion: '2.0' })), nextToken: next });
    },
  },
  {
    service: 'sns', name: 'ListSubscriptions',
    matches: ({ method, body }) => (method === 'POST' && new URLSearchParams(body).get('Action') === 'ListSubscriptions' ? [] : undefined),
    handle(request) {
      const form = new URLSearchParams(request.body);
      const { items, next } = page(resources(request).subscriptions, form.get('NextToken'), 100, 'subscriptions');
      const members = items
        .map(s => `<member><SubscriptionArn>${s.SubscriptionArn}</SubscriptionArn><Owner>${s.Owner}</Owner><Protocol>${s.Protocol}</Protocol><Endpoint>${s.Endpoint}</Endpoint><TopicArn>${s.TopicArn}</TopicArn></member>`)
        .join('');
      const token = next ? `<NextToken>${next}</NextToken>` : '';
      return {
        status: 200,
        headers: { 'content-type': 'text/xml' },
        body: `<ListSubscriptionsResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ListSubscriptionsResult><Subscriptions>${members}</Subscriptions>${token}</ListSubscriptionsResult><ResponseMetadata><RequestId>sandbox</RequestId></ResponseMetadata></ListSubscriptionsResponse>`,
      };
    },
  },
];

export function findDiscoveryOperation(service: DiscoveryService, request: Pick<Request, 'method' | 'path' | 'target' | 'body'>): { operation: Operation; params: string[] } {
  for (const operation of OPERATIONS) {
    if (operation.service !== service) continue;
    const params = operation.matches(request);
    if (params) return { operation, params };
  }
  throw new SandboxError(service === 'appsync' || service === 'apigateway' ? 404 : 400, 'UnknownOperationException', `The sandbox does not implement this ${service} operation (${request.method} ${request.path}${request.target ? ` ${request.target}` : ''}).`);
}

export function runDiscoveryOperation(found: { operation: Operation; params: string[] }, request: Request): HttpReply {
  return found.operation.handle(request, found.params);
}

// ---- errors, in each protocol's shape ---------------------------------------------------------------

/** The error a service sends for an injected failure or throttling. */
export function discoveryFailure(service: DiscoveryService, kind: InjectedFailure | 'throttled', accountId: string, operation: string): SandboxError {
  if (kind === 'ServiceUnavailable') return new SandboxError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Retry the request later.');
  if (kind === 'TooManyRequestsException' || kind === 'throttled') {
    const retry = { 'retry-after': '1' };
    if (service === 'sns') return new SandboxError(400, 'Throttling', 'Rate exceeded', retry);
    if (service === 'states' || service === 'events') return new SandboxError(400, 'ThrottlingException', 'Rate exceeded', retry);
    return new SandboxError(429, 'TooManyRequestsException', 'Too Many Requests', retry);
  }
  const message = `User: arn:aws:sts::${accountId}:assumed-role/backstage-serverless-tracing/sandbox is not authorized to perform: ${service}:${operation}`;
  if (service === 'sns') return new SandboxError(403, 'AuthorizationError', message);
  if (service === 'appsync') return new SandboxError(401, 'UnauthorizedException', message);
  return new SandboxError(service === 'apigateway' ? 403 : 400, 'AccessDeniedException', message);
}

export function discoveryErrorReply(service: DiscoveryService, error: SandboxError): HttpReply {
  if (service === 'sns') {
    const type = error.status >= 500 ? 'Receiver' : 'Sender';
    return {
      status: error.status,
      headers: { 'content-type': 'text/xml', ...error.headers },
      body: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>${type}</Type><Code>${error.code}</Code><Message>${error.message}</Message></Error><RequestId>sandbox</RequestId></ErrorResponse>`,
    };
  }
  const contentType = service === 'states' ? STATES_JSON : service === 'events' ? EVENTS_JSON : 'application/json';
  return {
    status: error.status,
    headers: { 'content-type': contentType, 'x-amzn-errortype': error.code, ...error.headers },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}
