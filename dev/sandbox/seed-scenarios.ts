// The kinds of function the seed org contains: each scenario builds a runtime, layers, environment,
// handler and tracing mode that a real estate would have, the good, the outdated and the broken.
import {
  CANARY_SECRET,
  DATADOG_EXEC_WRAPPER,
  DATADOG_SITES,
  DEPRECATED_RUNTIMES,
  NODE_DATADOG_HANDLER,
  PYTHON_DATADOG_HANDLER,
  RUNTIME_FAMILIES,
  SUPPORTED_RUNTIMES,
  familyOf,
  handlerFor,
  type RuntimeFamily,
} from './seed-catalog';
import { DATADOG_ACCOUNT, DATADOG_LATEST, DATADOG_LIBRARY, USER_LAYERS, VENDOR_LAYERS, layerArn } from './seed-layers';
import type { Random } from './prng';

export type Architecture = 'x86_64' | 'arm64';
export type Invoker = 'apigateway' | 'appsync' | 'stepfunctions' | 'eventbridge' | 'sns' | 's3' | 'sqs' | 'kinesis';

export interface ScenarioContext {
  rng: Random;
  name: string;
  accountId: string;
  region: string;
  partition: 'aws' | 'aws-us-gov';
  /** How many functions of this scenario were built before this one. */
  ordinal: number;
}

/** A function's shape before the seed adds the common parts (ARN, role, tags, sizes). */
export interface Shape {
  runtime?: string;
  packageType: 'Zip' | 'Image';
  architecture: Architecture;
  handler?: string;
  layers: string[];
  env: Record<string, string>;
  tracing: 'Active' | 'PassThrough';
  /** Who invokes it, when the scenario needs particular invokers. */
  invokers?: Invoker[];
  /** Pad the environment to this many bytes (keys + values) after all variables are set. */
  envTargetBytes?: number;
}

interface Scenario {
  name: string;
  weight: number;
  /** How many of it the first pass builds, so small orgs still cover every scenario. */
  guaranteed?: number;
  /** Uses layers published only in the commercial partition. */
  commercialOnly?: boolean;
  build(ctx: ScenarioContext): Shape;
}

const supported = (rng: Random, family: RuntimeFamily) => rng.pick(SUPPORTED_RUNTIMES[family]);
const anyArch = (rng: Random): Architecture => (rng.chance(0.35) ? 'arm64' : 'x86_64');
const anySupported = (rng: Random) => supported(rng, rng.pick(RUNTIME_FAMILIES));

function plain(ctx: ScenarioContext, runtime: string, architecture = anyArch(ctx.rng)): Shape {
  const handler = handlerFor(runtime, ctx.name, ctx.rng.pick);
  return { runtime, packageType: 'Zip', architecture, handler, layers: [], env: {}, tracing: 'PassThrough' };
}

function userLayer(ctx: ScenarioContext, index: number): string {
  const layer = USER_LAYERS[index % USER_LAYERS.length];
  return layerArn(ctx.partition, ctx.region, ctx.accountId, layer.name, ctx.rng.int(1, layer.latestVersion));
}

function datadogLibrary(ctx: ScenarioContext, runtime: string, architecture: Architecture, version?: number): string {
  const library = DATADOG_LIBRARY[runtime];
  const name = architecture === 'arm64' && library.arm ? `${library.name}-ARM` : library.name;
  const account = DATADOG_ACCOUNT[ctx.partition];
  return layerArn(ctx.partition, ctx.region, account, name, version ?? DATADOG_LATEST[library.family]);
}

function datadogExtension(ctx: ScenarioContext, architecture: Architecture, version: number = DATADOG_LATEST.extension): string {
  const arm = architecture === 'arm64' ? '-ARM' : '';
  // Datadog's tools default to the FIPS extension in GovCloud.
  const name = `Datadog-Extension${arm}${ctx.partition === 'aws-us-gov' ? '-FIPS' : ''}`;
  return layerArn(ctx.partition, ctx.region, DATADOG_ACCOUNT[ctx.partition], name, version);
}

function datadogEnv(ctx: ScenarioContext, withApiKey = true): Record<string, string> {
  const { rng, partition, region, accountId, name } = ctx;
  const env: Record<string, string> = {
    DD_SITE: partition === 'aws-us-gov' ? 'ddog-gov.com' : rng.pick(DATADOG_SITES),
    DD_ENV: rng.pick(['prod', 'staging']),
    DD_SERVICE: name,
    DD_TRACE_ENABLED: 'true',
    DD_SERVERLESS_LOGS_ENABLED: 'true',
  };
  if (!withApiKey) return env;
  if (rng.chance(0.2)) env.DD_API_KEY = CANARY_SECRET; // plaintext key: discouraged, and secret
  else env.DD_API_KEY_SECRET_ARN = `arn:${partition}:secretsmanager:${region}:${accountId}:secret:datadog/api-key-${rng.hex(6)}`;
  return env;
}

/** Datadog as its tools install it: library + extension, key, handler redirect or exec wrapper. */
function datadog(ctx: ScenarioContext, runtime: string, architecture: Architecture, versions?: { library: number; extension: number }): Shape {
  const shape = plain(ctx, runtime, architecture);
  const family = familyOf(runtime);
  const own = ctx.rng.chance(0.4) ? [userLayer(ctx, ctx.rng.int(0, 5))] : [];
  const library = family === 'provided' ? [] : [datadogLibrary(ctx, runtime, architecture, versions?.library)];
  shape.layers = [...own, ...library, datadogExtension(ctx, architecture, versions?.extension)];
  shape.env = datadogEnv(ctx);
  if (family === 'python' || family === 'node') {
    shape.env.DD_LAMBDA_HANDLER = shape.handler!;
    shape.handler = family === 'python' ? PYTHON_DATADOG_HANDLER : NODE_DATADOG_HANDLER;
  }
  if (family === 'java' || family === 'dotnet') shape.env.AWS_LAMBDA_EXEC_WRAPPER = DATADOG_EXEC_WRAPPER;
  return shape;
}

const pythonOrNode = (rng: Random) => supported(rng, rng.pick(['python', 'node'] as const));

function vendorLayer(ctx: ScenarioContext, name: string): string {
  const layer = VENDOR_LAYERS.find(candidate => candidate.name === name)!;
  return layerArn('aws', ctx.region, layer.accountId, layer.name, layer.latestVersion);
}

const SCENARIOS: Scenario[] = [
  {
    name: 'untraced',
    weight: 30,
    guaranteed: RUNTIME_FAMILIES.length,
    build: ctx => {
      const family = ctx.ordinal < RUNTIME_FAMILIES.length ? RUNTIME_FAMILIES[ctx.ordinal] : ctx.rng.pick(RUNTIME_FAMILIES);
      const shape = plain(ctx, supported(ctx.rng, family));
      if (ctx.rng.chance(0.3)) shape.layers = [userLayer(ctx, ctx.rng.int(0, 5))];
      return shape;
    },
  },
  { name: 'untraced-deprecated-runtime', weight: 4, build: ctx => plain(ctx, ctx.rng.pick(DEPRECATED_RUNTIMES), 'x86_64') },
  {
    name: 'container-image',
    weight: 5,
    build: ctx => ({
      packageType: 'Image',
      architecture: anyArch(ctx.rng),
      layers: [],
      env: {},
      tracing: ctx.rng.chance(0.3) ? 'Active' : 'PassThrough',
    }),
  },
  {
    name: 'xray',
    weight: 10,
    build: ctx => {
      const shape = plain(ctx, anySupported(ctx.rng));
      shape.tracing = 'Active';
      if (ctx.rng.chance(0.5)) shape.invokers = [ctx.rng.pick(['apigateway', 'stepfunctions'] as const)];
      return shape;
    },
  },
  { name: 'datadog-python', weight: 6, build: ctx => datadog(ctx, supported(ctx.rng, 'python'), anyArch(ctx.rng)) },
  { name: 'datadog-node', weight: 6, build: ctx => datadog(ctx, supported(ctx.rng, 'node'), anyArch(ctx.rng)) },
  { name: 'datadog-ruby', weight: 2, build: ctx => datadog(ctx, supported(ctx.rng, 'ruby'), anyArch(ctx.rng)) },
  { name: 'datadog-java', weight: 3, build: ctx => datadog(ctx, supported(ctx.rng, 'java'), anyArch(ctx.rng)) },
  { name: 'datadog-dotnet', weight: 2, build: ctx => datadog(ctx, 'dotnet8', anyArch(ctx.rng)) },
  { name: 'datadog-go', weight: 2, build: ctx => datadog(ctx, supported(ctx.rng, 'provided'), anyArch(ctx.rng)) },
  {
    name: 'datadog-xray',
    weight: 4,
    build: ctx => {
      const shape = datadog(ctx, pythonOrNode(ctx.rng), anyArch(ctx.rng));
      shape.tracing = 'Active';
      shape.env.DD_MERGE_XRAY_TRACES = 'true';
      shape.invokers = [ctx.rng.pick(['appsync', 'stepfunctions'] as const)];
      return shape;
    },
  },
  {
    name: 'datadog-outdated',
    weight: 6,
    build: ctx => {
      const runtime = supported(ctx.rng, ctx.rng.pick(['python', 'node', 'java'] as const));
      const library = DATADOG_LATEST[DATADOG_LIBRARY[runtime].family] - ctx.rng.int(12, 20);
      return datadog(ctx, runtime, 'x86_64', { library, extension: ctx.rng.int(40, 70) });
    },
  },
  {
    name: 'misconfigured-library-without-extension',
    weight: 2,
    build: ctx => {
      const shape = datadog(ctx, pythonOrNode(ctx.rng), 'x86_64');
      shape.layers = shape.layers.filter(arn => !arn.includes(':layer:Datadog-Extension'));
      return shape;
    },
  },
  {
    name: 'misconfigured-extension-without-api-key',
    weight: 2,
    build: ctx => {
      const shape = datadog(ctx, pythonOrNode(ctx.rng), 'x86_64');
      delete shape.env.DD_API_KEY;
      delete shape.env.DD_API_KEY_SECRET_ARN;
      return shape;
    },
  },
  {
    name: 'misconfigured-x86-layer-on-arm64',
    weight: 2,
    build: ctx => {
      const runtime = supported(ctx.rng, 'python');
      const shape = datadog(ctx, runtime, 'arm64');
      shape.layers = [datadogLibrary(ctx, runtime, 'x86_64'), datadogExtension(ctx, 'x86_64')];
      return shape;
    },
  },
  {
    name: 'misconfigured-python311-layer-on-python312',
    weight: 2,
    build: ctx => {
      const shape = datadog(ctx, 'python3.12', 'x86_64');
      shape.layers = [datadogLibrary(ctx, 'python3.11', 'x86_64'), datadogExtension(ctx, 'x86_64')];
      return shape;
    },
  },
  {
    name: 'misconfigured-handler-not-redirected',
    weight: 2,
    build: ctx => {
      const shape = datadog(ctx, pythonOrNode(ctx.rng), 'x86_64');
      shape.handler = shape.env.DD_LAMBDA_HANDLER;
      delete shape.env.DD_LAMBDA_HANDLER;
      return shape;
    },
  },
  {
    name: 'misconfigured-missing-exec-wrapper',
    weight: 2,
    build: ctx => {
      const shape = datadog(ctx, ctx.rng.pick(['java21', 'dotnet8']), 'x86_64');
      delete shape.env.AWS_LAMBDA_EXEC_WRAPPER;
      return shape;
    },
  },
  {
    name: 'opentelemetry-adot',
    weight: 3,
    commercialOnly: true,
    build: ctx => {
      const family = ctx.rng.pick(['python', 'node', 'java'] as const);
      const architecture = anyArch(ctx.rng);
      const shape = plain(ctx, supported(ctx.rng, family), architecture);
      const arch = architecture === 'arm64' ? 'arm64' : 'amd64';
      const layer = { python: `aws-otel-python-${arch}-ver-1-25-0`, node: `aws-otel-nodejs-${arch}-ver-1-18-1`, java: `aws-otel-java-agent-${arch}-ver-1-32-0` }[family];
      shape.layers = [vendorLayer(ctx, layer)];
      shape.env = { AWS_LAMBDA_EXEC_WRAPPER: family === 'java' ? '/opt/otel-handler' : '/opt/otel-instrument', OTEL_SERVICE_NAME: ctx.name };
      shape.tracing = 'Active';
      return shape;
    },
  },
  {
    name: 'opentelemetry-upstream',
    weight: 1,
    commercialOnly: true,
    build: ctx => {
      const shape = plain(ctx, supported(ctx.rng, 'node'), 'x86_64');
      shape.layers = [vendorLayer(ctx, 'opentelemetry-nodejs-0_11_0'), vendorLayer(ctx, 'opentelemetry-collector-amd64-0_12_0')];
      shape.env = { AWS_LAMBDA_EXEC_WRAPPER: '/opt/otel-handler', OTEL_SERVICE_NAME: ctx.name, OTEL_TRACES_SAMPLER: 'always_on' };
      return shape;
    },
  },
  {
    name: 'newrelic',
    weight: 3,
    commercialOnly: true,
    build: ctx => {
      const python = ctx.rng.chance(0.5);
      const architecture = anyArch(ctx.rng);
      const shape = plain(ctx, python ? 'python3.12' : 'nodejs20.x', architecture);
      const layer = `${python ? 'NewRelicPython312' : 'NewRelicNodeJS20X'}${architecture === 'arm64' ? 'ARM64' : ''}`;
      shape.layers = [vendorLayer(ctx, layer)];
      shape.env = { NEW_RELIC_LAMBDA_HANDLER: shape.handler!, NEW_RELIC_ACCOUNT_ID: String(ctx.rng.int(1000000, 9999999)), NEW_RELIC_EXTENSION_SEND_FUNCTION_LOGS: 'true' };
      shape.handler = python ? 'newrelic_lambda_wrapper.handler' : 'newrelic-lambda-wrapper.handler';
      return shape;
    },
  },
  {
    // Three layers of their own: Datadog's two more make exactly five.
    name: 'layer-limit-reached-by-datadog',
    weight: 2,
    build: ctx => ({ ...plain(ctx, pythonOrNode(ctx.rng)), layers: [0, 1, 2].map(i => userLayer(ctx, i + ctx.ordinal)) }),
  },
  {
    // Four layers of their own: adding Datadog's two would exceed five.
    name: 'layer-limit-exceeded-by-datadog',
    weight: 2,
    build: ctx => ({ ...plain(ctx, pythonOrNode(ctx.rng)), layers: [0, 1, 2, 3].map(i => userLayer(ctx, i + ctx.ordinal)) }),
  },
  {
    name: 'environment-near-limit',
    weight: 2,
    build: ctx => ({ ...plain(ctx, anySupported(ctx.rng)), envTargetBytes: ctx.rng.int(3900, 4096) }),
  },
];

export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map(scenario => scenario.name);

/** The first pass: every scenario at least once (untraced once per runtime family). */
export const COVERAGE_PASS: readonly Scenario[] = SCENARIOS.flatMap(scenario => Array<Scenario>(scenario.guaranteed ?? 1).fill(scenario));

const SCENARIO_WEIGHTS = SCENARIOS.map(scenario => [scenario, scenario.weight] as const);

export function pickScenario(rng: Random): Scenario {
  return rng.weighted(SCENARIO_WEIGHTS);
}

export type { Scenario };
