// The tracing backends' side of the sandbox: which functions actually produce traces, and the two APIs
// the plugin asks for proof — Datadog's span aggregation (POST /api/v2/spans/analytics/aggregate, the
// JSON:API shape Datadog answers with) and X-Ray's GetTraceSummaries (restJson1, POST /TraceSummaries,
// signed for the "xray" service).
//
// A function produces traces when it is invoked and its LIVE configuration really traces: for Datadog
// the extension layer, the runtime's library layer wired in (handler redirect or exec wrapper) and an
// API key the role can read; for X-Ray active tracing and a role allowed to send segments. It is
// invoked at the moment its configuration last changed (LastModified) and then every period; each
// trace becomes visible `ingestDelayMs` after its invocation. Everything is arithmetic on the clock, so
// answers are deterministic. About one function in eight is never invoked (by a hash of its name), so
// correctly configured functions can still show "no traces yet"; tests override it per function.
import { SandboxError, type HttpReply } from './errors';
import { ROLE_ARN } from './roles';
import type { SandboxState, StoredFunction } from './state';

export type TraceSource = 'datadog' | 'xray';

/** The keys the emulated Datadog organisation accepts (DD-API-KEY and DD-APPLICATION-KEY headers). */
export const SANDBOX_DATADOG_API_KEY = 'sandbox-datadog-api-key';
export const SANDBOX_DATADOG_APPLICATION_KEY = 'sandbox-datadog-application-key';

const MINUTE = 60_000;
/** Largest window either API is asked for here (X-Ray refuses more than 24 hours too). */
const MAX_WINDOW_MS = 24 * 60 * MINUTE;
const XRAY_PAGE = 100;

const EXTENSION_LAYER = /:layer:Datadog-Extension(-ARM)?(-FIPS)?:\d+$/;
const NODE_HANDLERS = ['/opt/nodejs/node_modules/datadog-lambda-js/handler.handler', 'node_modules/datadog-lambda-js/dist/handler.handler'];
const DATADOG_WRAPPER = '/opt/datadog_wrapper';

export class TraceActivity {
  private readonly invokedOverride = new Map<string, boolean>();
  /** When the span queries of the last hour were answered (Datadog's rate limit). */
  private readonly datadogQueries: number[] = [];

  constructor(private readonly state: SandboxState) {}

  /** Whether the function receives invocations (a test's "deployed but nobody calls it"). */
  isInvoked(fn: StoredFunction): boolean {
    return this.invokedOverride.get(fn.config.FunctionArn!) ?? hash(fn.config.FunctionName!) % 8 !== 0;
  }

  setInvoked(functionArn: string, invoked: boolean): void {
    this.invokedOverride.set(functionArn, invoked);
  }

  /** Takes one span query from Datadog's hourly allowance; false when it is spent. */
  takeDatadogQuery(): boolean {
    const now = this.state.clock();
    while (this.datadogQueries.length > 0 && this.datadogQueries[0] <= now - 60 * MINUTE) this.datadogQueries.shift();
    if (this.datadogQueries.length >= this.state.settings.datadogQueriesPerHour) return false;
    this.datadogQueries.push(now);
    return true;
  }

  /** Minutes between invocations: 1 to 10, by the function's name. */
  periodMs(fn: StoredFunction): number {
    return (1 + (hash(`${fn.config.FunctionName}/period`) % 10)) * MINUTE;
  }

  /** Whether the live configuration sends traces to this backend at all (the reasons are the module comment's). */
  produces(fn: StoredFunction, source: TraceSource): boolean {
    const config = fn.config;
    const allows = (action: string) => !config.Role || !ROLE_ARN.test(config.Role) || this.state.roles.allows(config.Role, action);
    if (source === 'xray') return config.TracingConfig?.Mode === 'Active' && allows('xray:PutTraceSegments');
    const layers = (config.Layers ?? []).map(layer => layer.Arn ?? '');
    const variables = config.Environment?.Variables ?? {};
    if (!layers.some(arn => EXTENSION_LAYER.test(arn))) return false;
    const apiKey = variables.DD_API_KEY
      ? true
      : variables.DD_API_KEY_SECRET_ARN
        ? allows('secretsmanager:GetSecretValue')
        : variables.DD_KMS_API_KEY
          ? allows('kms:Decrypt')
          : false;
    if (!apiKey) return false;
    const runtime = config.Runtime ?? '';
    const library = (name: RegExp) => layers.some(arn => name.test(arn));
    if (runtime.startsWith('nodejs')) return library(/:layer:Datadog-Node/) && NODE_HANDLERS.includes(config.Handler ?? '');
    if (runtime.startsWith('python')) return library(/:layer:Datadog-Python/) && config.Handler === 'datadog_lambda.handler.handler';
    if (runtime.startsWith('ruby')) return library(/:layer:Datadog-Ruby/);
    if (runtime.startsWith('java')) return library(/:layer:dd-trace-java:/) && variables.AWS_LAMBDA_EXEC_WRAPPER === DATADOG_WRAPPER;
    if (runtime.startsWith('dotnet')) return library(/:layer:dd-trace-dotnet/) && variables.AWS_LAMBDA_EXEC_WRAPPER === DATADOG_WRAPPER;
    return false;
  }

  /** Invocation times (epoch ms) whose traces this backend holds in [from, to], newest first. */
  traces(fn: StoredFunction, source: TraceSource, from: number, to: number): number[] {
    if (!this.isInvoked(fn) || !this.produces(fn, source)) return [];
    const since = Date.parse((fn.config.LastModified ?? '').replace('+0000', 'Z'));
    if (Number.isNaN(since)) return [];
    const period = this.periodMs(fn);
    const newestVisible = Math.min(to, this.state.clock() - this.state.settings.traceIngestDelayMs);
    if (newestVisible < since || newestVisible < from) return [];
    const times: number[] = [];
    for (let t = since + Math.floor((newestVisible - since) / period) * period; t >= Math.max(from, since); t -= period) times.push(t);
    return times;
  }
}

/** The service name Datadog files a function's spans under: DD_SERVICE, else the function's name (lowercase). */
export function datadogServiceOf(fn: StoredFunction): string {
  return (fn.config.Environment?.Variables?.DD_SERVICE || fn.config.FunctionName!).toLowerCase();
}

// ---- Datadog: POST /api/v2/spans/analytics/aggregate ----

interface AggregateRequest {
  data?: {
    type?: string;
    attributes?: {
      filter?: { query?: string; from?: string; to?: string };
      compute?: Array<{ aggregation?: string; type?: string; interval?: string }>;
      group_by?: Array<{ facet?: string; limit?: number }>;
    };
  };
}

/** service is a reserved attribute; function_arn a span tag the Lambda libraries set, so a facet with @. */
const GROUP_FACETS = ['service', '@function_arn'] as const;

/** Answers a Datadog span aggregation over the sandbox's functions, or Datadog's error shape. */
export function serveDatadog(state: SandboxState, method: string, path: string, headers: Record<string, string | string[] | undefined>, body: string): HttpReply {
  if (method !== 'POST' || path !== '/api/v2/spans/analytics/aggregate') return datadogError(404, `The sandbox does not implement ${method} ${path} of Datadog's API.`);
  if (headers['dd-api-key'] !== SANDBOX_DATADOG_API_KEY || headers['dd-application-key'] !== SANDBOX_DATADOG_APPLICATION_KEY) {
    return datadogError(403, 'Forbidden');
  }
  if (!state.traces.takeDatadogQuery()) return datadogError(429, 'Too many requests');
  let request: AggregateRequest;
  try {
    request = JSON.parse(body) as AggregateRequest;
  } catch {
    return datadogError(400, 'Malformed JSON body');
  }
  const attributes = request.data?.attributes;
  if (request.data?.type !== 'aggregate_request' || !attributes) return datadogError(400, 'data.type must be "aggregate_request" with attributes');
  const now = state.clock();
  const from = parseDatadogTime(attributes.filter?.from ?? 'now-15m', now);
  const to = parseDatadogTime(attributes.filter?.to ?? 'now', now);
  if (from === undefined || to === undefined || from > to) return datadogError(400, 'filter.from and filter.to must be ISO 8601 dates, epoch milliseconds or now[-<n>(s|m|h|d)], from before to');
  const services = servicesOf(attributes.filter?.query ?? '*');
  if (services === 'invalid') return datadogError(400, 'The sandbox understands only queries of the form * or service:<name> or service:(<a> OR <b> …)');
  const groupBy = attributes.group_by ?? [];
  const unknownFacet = groupBy.find(group => !(GROUP_FACETS as readonly string[]).includes(group.facet ?? ''));
  if (unknownFacet) return datadogError(400, `The sandbox groups only by ${GROUP_FACETS.join(' or ')}, not "${unknownFacet.facet}"`);
  const compute = attributes.compute?.[0] ?? { aggregation: 'count', type: 'total' };
  if (compute.aggregation !== 'count') return datadogError(400, 'The sandbox computes only aggregation "count"');
  const intervalMs = compute.type === 'timeseries' ? parseDuration(compute.interval ?? '') : undefined;
  if (compute.type === 'timeseries' && !intervalMs) return datadogError(400, 'A timeseries compute needs an interval such as "10m"');

  const buckets = new Map<string, { by: Record<string, string>; times: number[] }>();
  for (const fn of state.allFunctions()) {
    const service = datadogServiceOf(fn);
    if (services !== '*' && !services.has(service)) continue;
    const times = state.traces.traces(fn, 'datadog', from, to);
    if (times.length === 0) continue;
    const by: Record<string, string> = {};
    for (const group of groupBy) by[group.facet!] = group.facet === 'service' ? service : fn.config.FunctionArn!.toLowerCase();
    const key = JSON.stringify(by);
    const bucket = buckets.get(key) ?? { by, times: [] };
    bucket.times.push(...times);
    buckets.set(key, bucket);
  }
  const data = withinGroupLimits([...buckets.values()].sort((a, b) => b.times.length - a.times.length), groupBy)
    .map((bucket, index) => ({
      type: 'bucket',
      id: `bucket-${index}`,
      attributes: { by: bucket.by, computes: { c0: intervalMs ? timeseries(bucket.times, from, intervalMs) : bucket.times.length } },
    }));
  return json(200, { data, meta: { status: 'done', elapsed: 1, request_id: `sandbox-${now}` } });
}

/** Datadog's limits per level: at most `limit` values of the first facet, and of the second within each. */
function withinGroupLimits<T extends { by: Record<string, string> }>(buckets: T[], groupBy: Array<{ facet?: string; limit?: number }>): T[] {
  const [first, second] = groupBy;
  if (!first) return buckets.slice(0, 1);
  const firstValues = new Set<string>();
  const perFirst = new Map<string, number>();
  return buckets.filter(bucket => {
    const value = bucket.by[first.facet!];
    if (!firstValues.has(value)) {
      if (firstValues.size >= (first.limit ?? 10)) return false;
      firstValues.add(value);
    }
    if (!second) return true;
    const taken = perFirst.get(value) ?? 0;
    if (taken >= (second.limit ?? 10)) return false;
    perFirst.set(value, taken + 1);
    return true;
  });
}

/** Non-empty points of a count timeseries, oldest first; each point's time is its interval's start. */
function timeseries(times: number[], from: number, intervalMs: number): Array<{ time: string; value: number }> {
  const counts = new Map<number, number>();
  for (const t of times) {
    const start = from + Math.floor((t - from) / intervalMs) * intervalMs;
    counts.set(start, (counts.get(start) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => a[0] - b[0]).map(([start, value]) => ({ time: new Date(start).toISOString(), value }));
}

function servicesOf(query: string): Set<string> | '*' | 'invalid' {
  const trimmed = query.trim();
  if (trimmed === '*' || trimmed === '') return '*';
  const single = /^service:([\w.\-/:]+)$/.exec(trimmed);
  if (single) return new Set([single[1].toLowerCase()]);
  const list = /^service:\(([^)]*)\)$/.exec(trimmed);
  if (!list) return 'invalid';
  const names = list[1].split(/\s+OR\s+/).map(name => name.trim().replace(/^"(.*)"$/, '$1').toLowerCase());
  return names.every(Boolean) ? new Set(names) : 'invalid';
}

function parseDatadogTime(value: string, now: number): number | undefined {
  if (value === 'now') return now;
  const relative = /^now-(\d+)(s|m|h|d)$/.exec(value);
  if (relative) return now - Number(relative[1]) * { s: 1_000, m: MINUTE, h: 60 * MINUTE, d: 24 * 60 * MINUTE }[relative[2] as 's' | 'm' | 'h' | 'd'];
  if (/^\d+$/.test(value)) return Number(value);
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function parseDuration(value: string): number | undefined {
  const match = /^(\d+)(s|m|h)$/.exec(value);
  return match ? Number(match[1]) * { s: 1_000, m: MINUTE, h: 60 * MINUTE }[match[2] as 's' | 'm' | 'h'] : undefined;
}

function datadogError(status: number, message: string): HttpReply {
  return json(status, { errors: [message] });
}

// ---- X-Ray: GetTraceSummaries (restJson1) ----

interface TraceSummariesRequest {
  StartTime?: number;
  EndTime?: number;
  FilterExpression?: string;
  NextToken?: string;
}

const SERVICE_FILTER = /^service\(id\(name:\s*"([^"]+)",\s*type:\s*"AWS::Lambda::Function"\)\)$/;

/** Trace summaries of the caller's account-region whose Lambda service matches the filter, newest first, 100 a page. */
export function getTraceSummaries(state: SandboxState, caller: { accountId: string; region: string }, body: string): HttpReply {
  let request: TraceSummariesRequest;
  try {
    request = JSON.parse(body || '{}') as TraceSummariesRequest;
  } catch {
    return xrayError(400, 'InvalidRequestException', 'The request body is not valid JSON.');
  }
  const { StartTime: start, EndTime: end } = request;
  if (typeof start !== 'number' || typeof end !== 'number') return xrayError(400, 'InvalidRequestException', 'StartTime and EndTime are required.');
  if (end < start || (end - start) * 1_000 > MAX_WINDOW_MS) return xrayError(400, 'InvalidRequestException', 'The time range must be positive and at most 24 hours.');
  let names: Set<string> | undefined;
  if (request.FilterExpression) {
    const terms = request.FilterExpression.split(/\s+OR\s+/).map(term => SERVICE_FILTER.exec(term.trim()));
    if (terms.some(term => !term)) {
      return xrayError(400, 'InvalidRequestException', 'The sandbox understands only filters of service(id(name: "<fn>", type: "AWS::Lambda::Function")) joined by OR.');
    }
    names = new Set(terms.map(term => term![1]));
  }
  const summaries: Array<{ fn: StoredFunction; time: number }> = [];
  for (const fn of state.functions(caller.accountId, caller.region)) {
    if (names && !names.has(fn.config.FunctionName!)) continue;
    for (const time of state.traces.traces(fn, 'xray', start * 1_000, end * 1_000)) summaries.push({ fn, time });
  }
  summaries.sort((a, b) => b.time - a.time || (a.fn.config.FunctionName! < b.fn.config.FunctionName! ? -1 : 1));
  const offset = request.NextToken ? Number(Buffer.from(request.NextToken, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) return xrayError(400, 'InvalidRequestException', 'NextToken is not one this API gave.');
  const page = summaries.slice(offset, offset + XRAY_PAGE);
  const next = offset + XRAY_PAGE < summaries.length ? Buffer.from(String(offset + XRAY_PAGE)).toString('base64') : undefined;
  return json(200, {
    TraceSummaries: page.map(({ fn, time }) => ({
      Id: traceId(fn, time),
      StartTime: time / 1_000,
      Duration: 0.05,
      ResponseTime: 0.05,
      HasFault: false,
      HasError: false,
      HasThrottle: false,
      ServiceIds: [{ Name: fn.config.FunctionName, Names: [fn.config.FunctionName], AccountId: fn.accountId, Type: 'AWS::Lambda::Function' }],
      ResourceARNs: [{ ARN: fn.config.FunctionArn }],
    })),
    ApproximateTime: Math.floor(state.clock() / 1_000),
    TracesProcessedCount: summaries.length,
    ...(next ? { NextToken: next } : {}),
  });
}

function traceId(fn: StoredFunction, time: number): string {
  const seconds = Math.floor(time / 1_000).toString(16).padStart(8, '0');
  return `1-${seconds}-${hash(`${fn.config.FunctionArn}/${time}`).toString(16).padStart(8, '0')}${'0'.repeat(16)}`;
}

export function xrayError(status: number, code: string, message: string): HttpReply {
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': code }, body: JSON.stringify({ message }) };
}

/** The X-Ray error reply of a sandbox failure (throttling, injected faults). */
export function xrayErrorReply(error: SandboxError): HttpReply {
  const code = error.code === 'TooManyRequestsException' ? 'ThrottledException' : error.code;
  return xrayError(error.status, code, error.message);
}

function json(status: number, body: unknown): HttpReply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** FNV-1a: a stable small hash of a string. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    value ^= text.charCodeAt(i);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}
