// What the suite puts into moto through the real SDK: Datadog's layers mirrored into moto's account,
// a couple of the user's own layers, and functions of several runtimes that carry both.
import { randomBytes } from 'node:crypto';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  LambdaClient,
  PublishLayerVersionCommand,
  type Architecture,
  type Runtime,
} from '@aws-sdk/client-lambda';
import type { FunctionConfig } from '../../src/common/model';
import { createRole, MOTO_CREDENTIALS, REGION, type Moto } from './moto';

/** The smallest valid zip archive (an empty one): moto stores it as code and layer content alike. */
const EMPTY_ZIP = Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64');

/** Datadog's layer names the plugin asks for with the runtimes below (datadog-lambda.md's naming). */
export const DATADOG_LAYER_NAMES = [
  'Datadog-Python312',
  'Datadog-Python312-ARM',
  'Datadog-Node24-x',
  'Datadog-Node22-x',
  'dd-trace-java',
  'dd-trace-dotnet',
  'dd-trace-dotnet-ARM',
  'Datadog-Ruby3-3',
  'Datadog-Ruby3-3-ARM',
  'Datadog-Extension',
  'Datadog-Extension-ARM',
] as const;

/** Each Datadog layer is published this often, so versions 1…N exist and N is the current one. */
export const PUBLISHED_VERSIONS = 2;

export interface FunctionSpec {
  /** Short label, also part of the function's name. */
  label: string;
  runtime: Runtime;
  architecture: Architecture;
  handler: string;
  /** Indexes into the user layers, in the order attached. */
  userLayers: number[];
  /** An older Datadog library layer already attached (the plan must replace it in place). */
  outdatedDatadogLayer?: string;
  /** Datadog layers expected after enabling, in order (library, then extension). */
  datadogLayers: string[];
  /** How Datadog gets called: the handler redirected to Datadog's, the exec wrapper, or neither. */
  wiring: { redirectTo: string } | 'exec-wrapper' | 'none';
}

const PYTHON = { redirectTo: 'datadog_lambda.handler.handler' };
const NODE = { redirectTo: '/opt/nodejs/node_modules/datadog-lambda-js/handler.handler' };

export const FUNCTION_SPECS: FunctionSpec[] = [
  { label: 'py312-x86', runtime: 'python3.12', architecture: 'x86_64', handler: 'app.handler', userLayers: [0, 1], datadogLayers: ['Datadog-Python312', 'Datadog-Extension'], wiring: PYTHON },
  { label: 'py312-arm', runtime: 'python3.12', architecture: 'arm64', handler: 'app.handler', userLayers: [1, 0], datadogLayers: ['Datadog-Python312-ARM', 'Datadog-Extension-ARM'], wiring: PYTHON },
  { label: 'node22', runtime: 'nodejs22.x', architecture: 'x86_64', handler: 'index.handler', userLayers: [0], datadogLayers: ['Datadog-Node22-x', 'Datadog-Extension'], wiring: NODE },
  { label: 'java21', runtime: 'java21', architecture: 'x86_64', handler: 'com.example.Handler::handleRequest', userLayers: [1], datadogLayers: ['dd-trace-java', 'Datadog-Extension'], wiring: 'exec-wrapper' },
  { label: 'dotnet8', runtime: 'dotnet8', architecture: 'x86_64', handler: 'Orders::Orders.Function::Handle', userLayers: [0, 1], datadogLayers: ['dd-trace-dotnet', 'Datadog-Extension'], wiring: 'exec-wrapper' },
  // Node.js layers have no ARM variant; the extension does.
  { label: 'node24-arm', runtime: 'nodejs24.x', architecture: 'arm64', handler: 'src/index.handler', userLayers: [1, 0], datadogLayers: ['Datadog-Node24-x', 'Datadog-Extension-ARM'], wiring: NODE },
  { label: 'dotnet8-arm', runtime: 'dotnet8', architecture: 'arm64', handler: 'Orders::Orders.Function::Handle', userLayers: [1], datadogLayers: ['dd-trace-dotnet-ARM', 'Datadog-Extension-ARM'], wiring: 'exec-wrapper' },
  { label: 'ruby33-arm', runtime: 'ruby3.3', architecture: 'arm64', handler: 'app.handler', userLayers: [], datadogLayers: ['Datadog-Ruby3-3-ARM', 'Datadog-Extension-ARM'], wiring: 'none' },
  { label: 'al2023', runtime: 'provided.al2023', architecture: 'arm64', handler: 'bootstrap', userLayers: [1], datadogLayers: ['Datadog-Extension-ARM'], wiring: 'none' },
  {
    label: 'py312-outdated',
    runtime: 'python3.12',
    architecture: 'x86_64',
    handler: 'app.handler',
    userLayers: [0],
    outdatedDatadogLayer: 'Datadog-Python312',
    datadogLayers: ['Datadog-Python312', 'Datadog-Extension'],
    wiring: PYTHON,
  },
];

export interface Estate {
  lambda: LambdaClient;
  /** Unique per run, so names never collide with an earlier run's leftovers. */
  runId: string;
  /** A secret value in every function's environment: it must come back untouched. */
  canary: string;
  userLayerArns: string[];
  /** Layer name → ARN of every published version, index 0 = version 1. */
  datadogLayerArns: Map<string, string[]>;
  /** Function label → ARN. */
  functions: Map<string, string>;
}

export function lambdaClient(moto: Moto): LambdaClient {
  return new LambdaClient({ region: REGION, endpoint: moto.url, credentials: MOTO_CREDENTIALS });
}

async function publishLayer(lambda: LambdaClient, name: string): Promise<string> {
  const answer = await lambda.send(
    new PublishLayerVersionCommand({ LayerName: name, Content: { ZipFile: EMPTY_ZIP }, CompatibleRuntimes: [] }),
  );
  return answer.LayerVersionArn!;
}

/** Publishes the Datadog layers PUBLISHED_VERSIONS times each, in moto's (the mirror) account. */
export async function publishDatadogLayers(lambda: LambdaClient, names: readonly string[] = DATADOG_LAYER_NAMES) {
  const arns = new Map<string, string[]>();
  for (const name of names) {
    const versions: string[] = [];
    for (let i = 0; i < PUBLISHED_VERSIONS; i++) versions.push(await publishLayer(lambda, name));
    arns.set(name, versions);
  }
  return arns;
}

export function functionEnvironment(canary: string, spec: FunctionSpec): Record<string, string> {
  return {
    APP_MODE: 'production',
    DB_PASSWORD: canary,
    // The user's own Datadog settings: the plan must leave them as they are.
    DD_ENV: 'staging',
    FUNCTION_LABEL: spec.label,
  };
}

/** Creates the role, the user layers and one function per spec. */
export async function buildEstate(moto: Moto, specs: FunctionSpec[] = FUNCTION_SPECS): Promise<Estate> {
  const lambda = lambdaClient(moto);
  const runId = `conf-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const canary = `canary-${randomBytes(12).toString('hex')}`;
  const role = await createRole(moto, `${runId}-lambda`);
  const datadogLayerArns = await publishDatadogLayers(lambda);
  const userLayerArns = [await publishLayer(lambda, `${runId}-shared-deps`), await publishLayer(lambda, `${runId}-observability-utils`)];
  const functions = new Map<string, string>();
  for (const spec of specs) {
    const layers = spec.userLayers.map(index => userLayerArns[index]);
    if (spec.outdatedDatadogLayer) layers.push(datadogLayerArns.get(spec.outdatedDatadogLayer)![0]);
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: `${runId}-${spec.label}`,
        Runtime: spec.runtime,
        Architectures: [spec.architecture],
        Handler: spec.handler,
        Role: role,
        Code: { ZipFile: EMPTY_ZIP },
        Layers: layers,
        Environment: { Variables: functionEnvironment(canary, spec) },
        Tags: { team: 'conformance', run: runId },
      }),
    );
    functions.set(spec.label, created.FunctionArn!);
  }
  return { lambda, runId, canary, userLayerArns, datadogLayerArns, functions };
}

/** The function as GetFunction returns it, in the shape the project's domain code takes. */
export async function readFunction(lambda: LambdaClient, arn: string): Promise<FunctionConfig> {
  const answer = await lambda.send(new GetFunctionCommand({ FunctionName: arn }));
  return { ...(answer.Configuration as FunctionConfig), Tags: { ...(answer.Tags ?? {}) } };
}

/** What enable and rollback touch, as moto reports it. */
export interface Touched {
  Handler: string | undefined;
  Layers: string[];
  Variables: Record<string, string>;
}

export function touched(config: FunctionConfig): Touched {
  return {
    Handler: config.Handler,
    Layers: (config.Layers ?? []).map(layer => layer.Arn!),
    Variables: { ...(config.Environment?.Variables ?? {}) },
  };
}
