// Everything the sandbox knows: accounts and their keys, functions per account-region (kept sorted by
// name so ListFunctions pages by binary search), tags, policies, event source mappings, layers, and the
// knobs tests turn at runtime (failures, latency, quotas, update delay).
import type { InjectedFailure } from './errors';
import { LayerRegistry } from './layers';
import { RoleRegistry } from './roles';
import { TraceActivity } from './traces';
import type { SandboxFunctionConfiguration, SeedAccount, SeedEventSourceMapping, SeedFunction } from './seed';

export interface StoredFunction {
  accountId: string;
  region: string;
  scenario?: string;
  /** The configuration as last written; LastUpdateStatus is derived from updateSettlesAt on read. */
  config: SandboxFunctionConfiguration;
  tags: Record<string, string>;
  policyPrincipals: string[];
  /** Clock time at which the last update stops being InProgress. */
  updateSettlesAt: number;
}

export interface StoredEventSourceMapping extends SeedEventSourceMapping {
  FunctionArn: string;
  /** Epoch seconds, as the API's timestamp. */
  LastModified: number;
}

export interface SandboxSettings {
  updateDelayMs: number;
  latencyMs: number;
  /** Control-plane requests per second per account-region; 0 = unlimited. */
  quotaPerSecond: number;
  /** GetFunction's own quota per account-region; 0 = unlimited. */
  getFunctionQuotaPerSecond: number;
  /** GetPolicy's own quota per account-region; 0 = unlimited. */
  getPolicyQuotaPerSecond: number;
  failures: Array<{ accountId: string; region: string; error: InjectedFailure }>;
  /** How long after an invocation its trace can be found in Datadog or X-Ray (both ingest asynchronously). */
  traceIngestDelayMs: number;
  /** Datadog's rate limit on span queries (300 an hour); past it, 429. */
  datadogQueriesPerHour: number;
}

/** A function to put into the sandbox: a seed function, or one a test makes up. */
export type FunctionInput = Pick<SeedFunction, 'accountId' | 'region' | 'config'> &
  Partial<Pick<SeedFunction, 'tags' | 'policyPrincipals' | 'eventSourceMappings' | 'scenario' | 'roleDeniedActions'>>;

interface RegionStore {
  names: string[];
  byName: Map<string, StoredFunction>;
  mappings: StoredEventSourceMapping[];
}

const FUNCTION_ARN = /^arn:[a-z0-9-]+:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9$_-]+))?$/;

export function parseFunctionArn(arn: string): { region: string; accountId: string; name: string; qualifier?: string } | undefined {
  const match = FUNCTION_ARN.exec(arn);
  return match ? { region: match[1], accountId: match[2], name: match[3], qualifier: match[4] } : undefined;
}

export class SandboxState {
  readonly layers = new LayerRegistry();
  /** The functions' execution roles, for IAM's policy simulator. */
  readonly roles = new RoleRegistry();
  /** Which functions are invoked and produce traces, for the emulated tracing backends (traces.ts). */
  readonly traces: TraceActivity = new TraceActivity(this);
  private readonly regions = new Map<string, RegionStore>();
  private readonly accountsByKey = new Map<string, SeedAccount>();
  private readonly temporaryKeys = new Map<string, string>();

  constructor(
    readonly settings: SandboxSettings,
    readonly clock: () => number = Date.now,
  ) {}

  addAccount(account: SeedAccount): void {
    this.accountsByKey.set(account.accessKeyId, account);
  }

  accountOfAccessKey(accessKeyId: string): string | undefined {
    return this.accountsByKey.get(accessKeyId)?.accountId ?? this.temporaryKeys.get(accessKeyId);
  }

  /** An assumed role's temporary access key: it signs as the account whose role was assumed. */
  addTemporaryKey(accessKeyId: string, accountId: string): void {
    this.temporaryKeys.set(accessKeyId, accountId);
  }

  /** Loads many functions at once (taking ownership of their objects): appended, then each account-region sorted once. */
  load(functions: readonly FunctionInput[]): void {
    const touched = new Set<RegionStore>();
    for (const input of functions) {
      const store = this.store(input.accountId, input.region);
      if (!store.byName.has(input.config.FunctionName!)) store.names.push(input.config.FunctionName!);
      this.insert(store, input, false);
      touched.add(store);
    }
    for (const store of touched) store.names.sort(byCodePoint);
  }

  /** Adds or replaces one function (its mappings are added to the account-region's list). */
  putFunction(input: FunctionInput): StoredFunction {
    const store = this.store(input.accountId, input.region);
    const name = input.config.FunctionName!;
    if (!store.byName.has(name)) store.names.splice(lowerBound(store.names, name), 0, name);
    return this.insert(store, input, true);
  }

  getFunction(accountId: string, region: string, name: string): StoredFunction | undefined {
    return this.regions.get(regionKey(accountId, region))?.byName.get(name);
  }

  getFunctionByArn(arn: string): StoredFunction | undefined {
    const parsed = parseFunctionArn(arn);
    return parsed && this.getFunction(parsed.accountId, parsed.region, parsed.name);
  }

  /** Function names of one account-region, sorted; with `after`, only the names that sort after it. */
  functionNames(accountId: string, region: string, after?: string): { names: readonly string[]; start: number } {
    const names = this.regions.get(regionKey(accountId, region))?.names ?? [];
    return { names, start: after === undefined ? 0 : upperBound(names, after) };
  }

  functions(accountId: string, region: string): StoredFunction[] {
    const store = this.regions.get(regionKey(accountId, region));
    return store ? store.names.map(name => store.byName.get(name)!) : [];
  }

  allFunctions(): StoredFunction[] {
    return [...this.regions.values()].flatMap(store => store.names.map(name => store.byName.get(name)!));
  }

  eventSourceMappings(accountId: string, region: string): readonly StoredEventSourceMapping[] {
    return this.regions.get(regionKey(accountId, region))?.mappings ?? [];
  }

  /** The status AWS would report now: InProgress until the last update settles. */
  lastUpdateStatus(fn: StoredFunction): 'InProgress' | 'Successful' {
    return this.clock() < fn.updateSettlesAt ? 'InProgress' : 'Successful';
  }

  failureFor(accountId: string, region: string): InjectedFailure | undefined {
    return this.settings.failures.find(failure => failure.accountId === accountId && failure.region === region)?.error;
  }

  /** Makes every request for the account-region fail (or stop failing, with `undefined`). */
  setFailure(accountId: string, region: string, error: InjectedFailure | undefined): void {
    const others = this.settings.failures.filter(failure => failure.accountId !== accountId || failure.region !== region);
    this.settings.failures = error ? [...others, { accountId, region, error }] : others;
  }

  private store(accountId: string, region: string): RegionStore {
    const key = regionKey(accountId, region);
    let store = this.regions.get(key);
    if (!store) {
      store = { names: [], byName: new Map(), mappings: [] };
      this.regions.set(key, store);
    }
    return store;
  }

  private insert(store: RegionStore, input: FunctionInput, copy: boolean): StoredFunction {
    const stored: StoredFunction = {
      accountId: input.accountId,
      region: input.region,
      scenario: input.scenario,
      config: copy ? structuredClone(input.config) : input.config,
      tags: copy || !input.tags ? { ...input.tags } : input.tags,
      policyPrincipals: copy || !input.policyPrincipals ? [...(input.policyPrincipals ?? [])] : input.policyPrincipals,
      updateSettlesAt: 0,
    };
    store.byName.set(input.config.FunctionName!, stored);
    if (input.config.Role) this.roles.register(input.config.Role, input.roleDeniedActions);
    const lastModified = Math.floor(Date.parse(input.config.LastModified?.replace('+0000', 'Z') ?? '') / 1000) || 0;
    for (const mapping of input.eventSourceMappings ?? []) {
      store.mappings.push({ ...mapping, FunctionArn: input.config.FunctionArn!, LastModified: lastModified });
    }
    return stored;
  }
}

const regionKey = (accountId: string, region: string) => `${accountId}/${region}`;

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** First index whose name is >= target. */
function lowerBound(names: readonly string[], target: string): number {
  let low = 0;
  let high = names.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (names[mid] < target) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** First index whose name is > target. */
function upperBound(names: readonly string[], target: string): number {
  let low = 0;
  let high = names.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (names[mid] <= target) low = mid + 1;
    else high = mid;
  }
  return low;
}
