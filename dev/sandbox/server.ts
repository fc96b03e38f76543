// The sandbox's HTTP server: one process hosting a whole fake organisation's Lambda control plane.
// Routing, caller identification, injected failures, quotas and latency happen here; the operations
// themselves live in lambda-api.ts and tagging-api.ts.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { identifyCaller, parseCredentialScope, type Caller } from './auth';
import { getTraceSummaries, serveDatadog, xrayErrorReply } from './traces';
import {
  SandboxError,
  injectedFailure,
  lambdaErrorReply,
  lambdaThrottled,
  taggingErrorReply,
  taggingThrottled,
  type HttpReply,
  type InjectedFailure,
} from './errors';
import { lambdaRoutes } from './lambda-api';
import { publishStandardLayers } from './layers';
import { QuotaGate } from './quota';
import type { Route } from './routes';
import { seedOrganisation, type SeedOptions, type SeedOrg } from './seed';
import { SandboxState } from './state';
import { TAGGING_TARGET_PREFIX, taggingRoutes } from './tagging-api';
import { discoveryServiceOf, serveDiscovery } from './discovery-pipeline';
import { MEMBER_ROLE_NAME, organizationOf, type SandboxOrganization } from './organization';
import { globalServiceOf, serveGlobal, type OrganizationContext } from './organizations-api';

export interface SandboxOptions {
  host?: string;
  port?: number;
  /** How long LastUpdateStatus stays InProgress after an update (default 150 ms). */
  updateDelayMs?: number;
  /** Injected latency per request (default 0). */
  latencyMs?: number;
  /** Control-plane requests per second per account-region before 429 (default 15); 0 = unlimited. */
  quotaPerSecond?: number;
  /** GetFunction's own quota per account-region (default 100); 0 = unlimited. */
  getFunctionQuotaPerSecond?: number;
  /** GetPolicy's own quota per account-region (default 15); 0 = unlimited. */
  getPolicyQuotaPerSecond?: number;
  /** Default: the standard seed org; false = the same accounts without any function. */
  seed?: SeedOptions | false;
  /** Every request for that account-region fails so. */
  failures?: Array<{ accountId: string; region: string; error: InjectedFailure }>;
  log?: (line: string) => void;
  /** Time source for update delays and quotas (default Date.now): tests pass a fake one. */
  clock?: () => number;
  /** The role STS lets the organisation's accounts assume in each member (default ServerlessTracingReader). */
  memberRoleName?: string;
  /** How long after an invocation Datadog and X-Ray can find its trace (default 30 s; see traces.ts). */
  traceIngestDelayMs?: number;
  /** Datadog span queries allowed per hour of sandbox time before 429 (default 300, as Datadog). */
  datadogQueriesPerHour?: number;
}

export interface Sandbox {
  url: string;
  port: number;
  org: SeedOrg;
  /** The seed's commercial accounts as AWS Organizations lists them (management account first). */
  organization: SandboxOrganization;
  state: SandboxState;
  requestCount(filter?: { operation?: string; accountId?: string; region?: string }): number;
  /** Every authenticated request so far, counted per operation and account-region (every service's). */
  requestRows(): Array<{ operation: string; accountId: string; region: string; count: number }>;
  /** Requests refused for being over a quota (any service, whatever status its throttling answers with). */
  throttledCount(): number;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { org, functions } = seedOrganisation(options.seed === false ? { functionCount: 0 } : options.seed);
  const clock = options.clock ?? Date.now;
  const state = new SandboxState(
    {
      updateDelayMs: options.updateDelayMs ?? 150,
      latencyMs: options.latencyMs ?? 0,
      quotaPerSecond: options.quotaPerSecond ?? 15,
      getFunctionQuotaPerSecond: options.getFunctionQuotaPerSecond ?? 100,
      getPolicyQuotaPerSecond: options.getPolicyQuotaPerSecond ?? 15,
      failures: [...(options.failures ?? [])],
      traceIngestDelayMs: options.traceIngestDelayMs ?? 30_000,
      datadogQueriesPerHour: options.datadogQueriesPerHour ?? 300,
    },
    clock,
  );
  for (const account of org.accounts) state.addAccount(account);
  publishStandardLayers(state.layers, org.accounts.map(account => ({ accountId: account.accountId, partition: partitionOfAccount(account.regions) })));
  state.load(functions);

  const organization = organizationOf(org.accounts, options.memberRoleName ?? MEMBER_ROLE_NAME);
  const counts = new Map<string, number>();
  const quota = new QuotaGate(clock);
  const handler = requestHandler(state, quota, { organization, accounts: org.accounts }, (caller, operation) => {
    const key = `${operation}|${caller.accountId}|${caller.region}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }, options.log);
  const server = createServer((request, response) => void handler(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    org,
    organization,
    state,
    requestCount: (filter = {}) => {
      let total = 0;
      for (const [key, count] of counts) {
        const [operation, accountId, region] = key.split('|');
        if ((filter.operation ?? operation) === operation && (filter.accountId ?? accountId) === accountId && (filter.region ?? region) === region) {
          total += count;
        }
      }
      return total;
    },
    throttledCount: () => quota.denied,
    requestRows: () =>
      [...counts].map(([key, count]) => {
        const [operation, accountId, region] = key.split('|');
        return { operation, accountId, region, count };
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function partitionOfAccount(regions: string[]): string {
  return regions.some(region => region.startsWith('us-gov-')) ? 'aws-us-gov' : 'aws';
}

type Service = 'lambda' | 'tagging';

function requestHandler(
  state: SandboxState,
  quota: QuotaGate,
  organization: OrganizationContext,
  record: (caller: Caller, operation: string) => void,
  log: ((line: string) => void) | undefined,
) {
  return async (request: IncomingMessage, response: ServerResponse) => {
    const started = Date.now();
    const url = new URL(request.url ?? '/', 'http://sandbox');
    // Datadog's API is no AWS service: its own keys in headers, its own paths and error shape.
    if (url.pathname.startsWith('/api/v2/')) {
      const body = await readBody(request);
      const reply = serveDatadog(state, request.method ?? 'GET', url.pathname, request.headers, body);
      record({ accessKeyId: '-', accountId: 'datadog', region: '-', service: 'datadog' }, 'datadog:AggregateSpans');
      response.writeHead(reply.status, reply.headers);
      response.end(reply.body);
      log?.(`${request.method} ${url.pathname} datadog → ${reply.status} (${Date.now() - started} ms)`);
      return;
    }
    if (parseCredentialScope(request.headers.authorization ?? '')?.service === 'xray') {
      const body = await readBody(request);
      let reply: HttpReply;
      let caller: Caller | undefined;
      try {
        if (request.method !== 'POST' || url.pathname !== '/TraceSummaries') {
          throw new SandboxError(404, 'UnknownOperationException', `The sandbox does not implement ${request.method} ${url.pathname} of X-Ray.`);
        }
        caller = identifyCaller(request.headers, accessKeyId => state.accountOfAccessKey(accessKeyId));
        record(caller, 'xray:GetTraceSummaries');
        const failure = state.failureFor(caller.accountId, caller.region);
        if (failure) throw injectedFailure(failure, caller.accountId, 'GetTraceSummaries');
        const decision = quota.take(`${caller.accountId}/${caller.region}/xray`, state.settings.quotaPerSecond);
        if (!decision.allowed) throw new SandboxError(429, 'ThrottledException', 'Rate exceeded');
        reply = getTraceSummaries(state, caller, body);
      } catch (error) {
        reply = xrayErrorReply(error instanceof SandboxError ? error : new SandboxError(500, 'ServiceException', `The sandbox failed: ${String(error)}`));
      }
      response.writeHead(reply.status, { ...reply.headers, 'x-amzn-requestid': randomUUID() });
      response.end(reply.body);
      log?.(`${request.method} ${url.pathname} xray:GetTraceSummaries ${caller ? `${caller.accountId}/${caller.region}` : '-'} → ${reply.status} (${Date.now() - started} ms)`);
      return;
    }
    const invokerService = discoveryServiceOf(request.headers);
    const globalService = globalServiceOf(request.headers);
    if (invokerService || globalService) {
      const body = await readBody(request);
      const served = invokerService
        ? await serveDiscovery(invokerService, { method: request.method ?? 'GET', url, headers: request.headers, body }, { state, quota, record })
        : await serveGlobal(globalService!, { method: request.method ?? 'GET', url, headers: request.headers, body }, { state, quota, context: organization, record });
      response.writeHead(served.reply.status, { ...served.reply.headers, 'x-amzn-requestid': randomUUID() });
      response.end(served.reply.body);
      log?.(`${request.method} ${url.pathname} ${served.operation} ${served.caller ? `${served.caller.accountId}/${served.caller.region}` : '-'} → ${served.reply.status} (${Date.now() - started} ms)`);
      return;
    }
    const target = request.headers['x-amz-target'];
    const service: Service = typeof target === 'string' ? 'tagging' : 'lambda';
    let operation = 'Unknown';
    let caller: Caller | undefined;
    let reply: HttpReply;
    try {
      const rawBody = await readBody(request);
      if (state.settings.latencyMs > 0) await new Promise(resolve => setTimeout(resolve, state.settings.latencyMs));
      const match = findRoute(service, request.method ?? 'GET', url.pathname, typeof target === 'string' ? target : undefined);
      operation = match.route.operation;
      caller = identifyCaller(request.headers, accessKeyId => state.accountOfAccessKey(accessKeyId));
      record(caller, operation);
      const failure = state.failureFor(caller.accountId, caller.region);
      if (failure) throw injectedFailure(failure, caller.accountId, operation);
      admit(state, quota, service, match.route, caller);
      reply = match.route.handle({ caller, params: match.params, query: url.searchParams, body: parseBody(service, rawBody), state });
    } catch (error) {
      reply = errorReply(service, error);
    }
    response.writeHead(reply.status, { ...reply.headers, 'x-amzn-requestid': randomUUID() });
    response.end(reply.body);
    log?.(`${request.method} ${url.pathname} ${operation} ${caller ? `${caller.accountId}/${caller.region}` : '-'} → ${reply.status} (${Date.now() - started} ms)`);
  };
}

function findRoute(service: Service, method: string, path: string, target: string | undefined): { route: Route; params: string[] } {
  const routes = service === 'tagging' ? taggingRoutes : lambdaRoutes;
  for (const route of routes) {
    if (route.method !== method) continue;
    if (service === 'tagging' && target !== `${TAGGING_TARGET_PREFIX}${route.operation}`) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, params: match.slice(1).map(decodeURIComponent) };
  }
  const what = service === 'tagging' ? `operation ${target}` : `${method} ${path}`;
  throw new SandboxError(service === 'tagging' ? 400 : 404, 'UnknownOperationException', `The sandbox does not implement ${what}.`);
}

function admit(state: SandboxState, quota: QuotaGate, service: Service, route: Route, caller: Caller): void {
  const { quotaPerSecond, getFunctionQuotaPerSecond, getPolicyQuotaPerSecond } = state.settings;
  const bucket = service === 'tagging' ? 'tagging' : (route.quota ?? 'control-plane');
  const rate = route.quota === 'GetFunction' ? getFunctionQuotaPerSecond : route.quota === 'GetPolicy' ? getPolicyQuotaPerSecond : quotaPerSecond;
  const decision = quota.take(`${caller.accountId}/${caller.region}/${bucket}`, rate);
  if (decision.allowed) return;
  throw service === 'tagging' ? taggingThrottled(decision.retryAfterSeconds) : lambdaThrottled(decision.retryAfterSeconds);
}

function parseBody(service: Service, raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw service === 'tagging'
      ? new SandboxError(400, 'SerializationException', 'The request body is not valid JSON.')
      : new SandboxError(400, 'InvalidRequestContentException', 'Could not parse request body into json: the request body is not valid JSON.');
  }
}

function errorReply(service: Service, error: unknown): HttpReply {
  const known = error instanceof SandboxError ? error : new SandboxError(500, 'ServiceException', `The sandbox failed: ${String(error)}`);
  if (service === 'lambda') return lambdaErrorReply(known);
  // The Tagging API throttles with its own error type.
  return taggingErrorReply(known.code === 'TooManyRequestsException' ? taggingThrottled(1) : known);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
