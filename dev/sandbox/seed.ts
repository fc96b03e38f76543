// The deterministic seed organisation: accounts with credentials, and functions across their regions.
// Same seed, same org: every choice comes from a seeded generator.
import type { FunctionConfig } from '../../src/common/model';
import { codeSizeOf, parseLayerVersionArn } from './layers';
import { createRandom, uuid, type Random } from './prng';
import { ACCOUNTS, ACTIONS, CANARY_SECRET, COMPONENTS, accessKeyIdOf, fleetAccounts, secretAccessKeyOf, type AccountPlan } from './seed-catalog';
import { COVERAGE_PASS, pickScenario, type Invoker, type Shape } from './seed-scenarios';
import { functionTags, invokerPolicyPrincipals, eventSourceMappingsFor, type SeedEventSourceMapping } from './seed-relations';

export { CANARY_SECRET };
export type { SeedEventSourceMapping };

export interface SeedOptions {
  seed?: number;
  /** Default 300; scales to 10,000+ for benchmarks. */
  functionCount?: number;
  /** Instead of the four seed accounts, a generated fleet of this many accounts in these regions. */
  fleet?: { accounts: number; regions: string[] };
}

export interface SeedAccount {
  accountId: string;
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  regions: string[];
}

export interface SeedOrg {
  accounts: SeedAccount[];
  functionCount: number;
}

/** The configuration fields Lambda returns beyond the domain's FunctionConfig. */
export type SandboxFunctionConfiguration = FunctionConfig & {
  EphemeralStorage?: { Size: number };
  LoggingConfig?: { LogFormat: string; LogGroup: string };
};

export interface SeedFunction {
  accountId: string;
  region: string;
  /** Which seed scenario built it (untraced, datadog-python, misconfigured-…): for tests and demos. */
  scenario: string;
  /** FunctionConfiguration as GetFunctionConfiguration returns it, without tags. */
  config: SandboxFunctionConfiguration;
  tags: Record<string, string>;
  /** Service principals its resource policy allows to invoke it (appsync.amazonaws.com, …). */
  policyPrincipals: string[];
  eventSourceMappings: SeedEventSourceMapping[];
  /** Actions its execution role lacks (IAM's policy simulator denies them; see roles.ts). */
  roleDeniedActions: string[];
}

export const DEFAULT_SEED = 20260101;
export const DEFAULT_FUNCTION_COUNT = 300;
const ENV_LIMIT_BYTES = 4096;

export function seedOrganisation(options: SeedOptions = {}): { org: SeedOrg; functions: SeedFunction[] } {
  const rng = createRandom(options.seed ?? DEFAULT_SEED);
  const count = options.functionCount ?? DEFAULT_FUNCTION_COUNT;
  const accounts = options.fleet ? fleetAccounts(options.fleet.accounts, options.fleet.regions) : ACCOUNTS;
  const targets = accounts.flatMap(account => account.regions.map(([region, weight]) => [{ account, region }, weight] as const));
  const commercialTargets = targets.filter(([target]) => target.account.partition === 'aws');
  const namesTaken = new Map<string, number>();
  const ordinals = new Map<string, number>();
  const functions: SeedFunction[] = [];

  for (let index = 0; index < count; index++) {
    const scenario = index < COVERAGE_PASS.length ? COVERAGE_PASS[index] : pickScenario(rng);
    const { account, region } = rng.weighted(scenario.commercialOnly ? commercialTargets : targets);
    const name = uniqueName(rng, account, region, namesTaken);
    const ordinal = ordinals.get(scenario.name) ?? 0;
    ordinals.set(scenario.name, ordinal + 1);
    const shape = scenario.build({ rng, name, accountId: account.accountId, region, partition: account.partition, ordinal });
    functions.push(assemble(rng, index, scenario.name, account, region, name, shape));
  }
  return { org: { accounts: accounts.map(seedAccount), functionCount: functions.length }, functions };
}

function seedAccount(plan: AccountPlan): SeedAccount {
  return {
    accountId: plan.accountId,
    name: plan.name,
    accessKeyId: accessKeyIdOf(plan.accountId),
    secretAccessKey: secretAccessKeyOf(plan.accountId),
    regions: plan.regions.map(([region]) => region),
  };
}

/** A realistic name, numbered when the account-region already has it (payments-api-capture-2). */
function uniqueName(rng: Random, account: AccountPlan, region: string, taken: Map<string, number>): string {
  const base = `${rng.pick(account.domains)}-${rng.pick(COMPONENTS)}-${rng.pick(ACTIONS)}`;
  const key = `${account.accountId}/${region}/${base}`;
  const uses = (taken.get(key) ?? 0) + 1;
  taken.set(key, uses);
  // A numbered name never collides with a base name: bases never end in a number.
  return uses === 1 ? base : `${base}-${uses}`;
}

/** Invokers for the cross-cutting traits: the first functions cycle through all, then by chance. */
const INVOKER_CHOICES: ReadonlyArray<readonly [Invoker[], number]> = [
  [[], 30], [['apigateway'], 25], [['appsync'], 8], [['stepfunctions'], 8], [['sqs'], 15], [['kinesis'], 6], [['eventbridge'], 5], [['s3'], 3],
];

const SNS_EVERY = 20;
const SNS_OFFSET = 13;

function assemble(rng: Random, index: number, scenario: string, account: AccountPlan, region: string, name: string, shape: Shape): SeedFunction {
  const { partition, accountId } = account;
  const functionArn = `arn:${partition}:lambda:${region}:${accountId}:function:${name}`;
  const drawn = shape.invokers ?? (index < INVOKER_CHOICES.length ? INVOKER_CHOICES[index][0] : rng.weighted(INVOKER_CHOICES));
  // Some functions also take a topic's messages; chosen by position so the rest of the org stays as drawn.
  const invokers: Invoker[] = index % SNS_EVERY === SNS_OFFSET ? [...drawn, 'sns'] : drawn;
  const env = { ...baseEnvironment(rng, name, region, accountId), ...shape.env };
  if (index % 9 === 4 || rng.chance(0.05)) env.DB_PASSWORD = CANARY_SECRET;
  if (shape.envTargetBytes) padEnvironment(env, Math.min(shape.envTargetBytes, ENV_LIMIT_BYTES));

  const config: SandboxFunctionConfiguration = {
    FunctionName: name,
    FunctionArn: functionArn,
    Runtime: shape.runtime,
    Role: `arn:${partition}:iam::${accountId}:role/${name}-role`,
    Handler: shape.handler,
    CodeSize: shape.packageType === 'Image' ? 0 : rng.int(2_000, 40_000_000),
    Description: '',
    Timeout: rng.pick([3, 6, 10, 15, 30, 60, 300, 900]),
    MemorySize: rng.pick([128, 256, 512, 1024, 1769, 2048, 3008]),
    LastModified: lastModified(rng),
    CodeSha256: codeSha256(rng),
    Version: '$LATEST',
    Environment: Object.keys(env).length ? { Variables: env } : undefined,
    TracingConfig: { Mode: shape.tracing },
    RevisionId: uuid(rng),
    Layers: shape.layers.map(arn => ({ Arn: arn, CodeSize: layerCodeSize(arn) })),
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: shape.packageType,
    Architectures: [shape.architecture],
    EphemeralStorage: { Size: 512 },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
  };
  if (!config.Layers!.length) delete config.Layers;
  if (shape.packageType === 'Image') {
    delete config.Runtime;
    delete config.Handler;
  }
  return {
    accountId,
    region,
    scenario,
    config,
    tags: functionTags(rng, index, account, name),
    policyPrincipals: invokerPolicyPrincipals(invokers),
    eventSourceMappings: eventSourceMappingsFor(rng, invokers, partition, region, accountId, name),
    roleDeniedActions: roleDeniedActionsOf(scenario),
  };
}

/**
 * Whoever put the Datadog extension on a function and never gave it an API key never granted its role
 * the key's secret either: enabling it is blocked by the role pre-flight. No other seed role lacks
 * anything, so the untraced functions tests and demos enable stay enableable.
 */
function roleDeniedActionsOf(scenario: string): string[] {
  return scenario === 'misconfigured-extension-without-api-key' ? ['secretsmanager:GetSecretValue'] : [];
}

function baseEnvironment(rng: Random, name: string, region: string, accountId: string): Record<string, string> {
  const candidates: Array<[string, string]> = [
    ['LOG_LEVEL', rng.pick(['INFO', 'DEBUG', 'WARN'])],
    ['POWERTOOLS_SERVICE_NAME', name],
    ['TABLE_NAME', `${name}-table`],
    ['QUEUE_URL', `https://sqs.${region}.amazonaws.com/${accountId}/${name}-queue`],
    ['STAGE', rng.pick(['prod', 'staging', 'dev'])],
  ];
  return Object.fromEntries(candidates.filter(() => rng.chance(0.5)));
}

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Fills APP_CONFIG_JSON so keys + values take exactly `target` bytes. */
function padEnvironment(env: Record<string, string>, target: number): void {
  const key = 'APP_CONFIG_JSON';
  const used = Object.entries(env).reduce((sum, [k, v]) => sum + utf8Bytes(k) + utf8Bytes(v), 0) + utf8Bytes(key);
  const room = Math.max(0, target - used);
  env[key] = JSON.stringify({ flags: 'x'.repeat(Math.max(0, room - 12)) }).slice(0, room);
}

function lastModified(rng: Random): string {
  const date = new Date(Date.UTC(2024, 0, 1) + rng.int(0, 900 * 24 * 3600) * 1000);
  return date.toISOString().replace('Z', '+0000');
}


function layerCodeSize(arn: string): number {
  const layer = parseLayerVersionArn(arn)!;
  return codeSizeOf(layer.name, layer.version);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A SHA-256 digest's shape in base64 (43 characters and padding). */
function codeSha256(rng: Random): string {
  let digest = '';
  for (let i = 0; i < 43; i++) digest += BASE64[rng.int(0, i === 42 ? 15 : 63) * (i === 42 ? 4 : 1)];
  return `${digest}=`;
}
