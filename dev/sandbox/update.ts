// UpdateFunctionConfiguration's semantics: the checks AWS makes before accepting an update (update in
// progress, RevisionId, layer and environment limits, layers that exist), then the write itself.
import { randomUUID } from 'node:crypto';
import { invalidParameter, preconditionFailed, updateInProgress, validationError } from './errors';
import { parseLayerVersionArn } from './layers';
import type { SandboxState, StoredFunction } from './state';

export interface UpdateRequest {
  RevisionId?: string;
  Handler?: string;
  Runtime?: string;
  Role?: string;
  Description?: string;
  Timeout?: number;
  MemorySize?: number;
  Environment?: { Variables?: Record<string, string> };
  Layers?: string[];
  TracingConfig?: { Mode?: string };
}

export const MAX_LAYERS = 5;
export const MAX_ENVIRONMENT_BYTES = 4096;

/** Variables Lambda sets itself and refuses to let a function override. */
const RESERVED_VARIABLES = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);

const VARIABLE_NAME = /^[a-zA-Z]([a-zA-Z0-9_])+$/;

/** Checks the request as AWS would and applies it; throws the error AWS would send otherwise. */
export function updateFunctionConfiguration(state: SandboxState, fn: StoredFunction, request: UpdateRequest): void {
  const arn = fn.config.FunctionArn!;
  if (state.lastUpdateStatus(fn) === 'InProgress') throw updateInProgress(arn);
  if (request.RevisionId !== undefined && request.RevisionId !== fn.config.RevisionId) throw preconditionFailed();
  if (fn.config.PackageType === 'Image' && (request.Handler || request.Runtime || request.Layers?.length)) {
    throw invalidParameter("Please don't provide Handler or Runtime or Layer when the intended function PackageType is Image.");
  }
  const layers = request.Layers && checkLayers(state, fn, request.Layers);
  if (request.Environment) checkEnvironment(request.Environment.Variables ?? {});
  if (request.TracingConfig?.Mode !== undefined && !['Active', 'PassThrough'].includes(request.TracingConfig.Mode)) {
    throw validationError(request.TracingConfig.Mode, 'tracingConfig.mode', 'Member must satisfy enum value set: [Active, PassThrough]');
  }

  const config = fn.config;
  for (const field of ['Handler', 'Runtime', 'Role', 'Description', 'Timeout', 'MemorySize'] as const) {
    if (request[field] !== undefined) (config as Record<string, unknown>)[field] = request[field];
  }
  if (request.Environment) {
    const variables = request.Environment.Variables ?? {};
    config.Environment = Object.keys(variables).length ? { Variables: { ...variables } } : undefined;
  }
  if (layers) config.Layers = layers.length ? layers : undefined;
  if (request.TracingConfig?.Mode) config.TracingConfig = { Mode: request.TracingConfig.Mode };
  config.RevisionId = randomUUID();
  config.LastModified = new Date(state.clock()).toISOString().replace('Z', '+0000');
  fn.updateSettlesAt = state.clock() + state.settings.updateDelayMs;
}

function checkLayers(state: SandboxState, fn: StoredFunction, arns: string[]): Array<{ Arn: string; CodeSize: number }> {
  if (arns.length > MAX_LAYERS) throw invalidParameter(`Cannot reference more than ${MAX_LAYERS} layers.`);
  const seen = new Set<string>();
  return arns.map(arn => {
    const parsed = parseLayerVersionArn(arn);
    if (!parsed) {
      throw validationError(
        `[${arns.join(', ')}]`,
        'layers',
        'Member must satisfy constraint: [Member must have length less than or equal to 140, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+), Member must not be null]',
      );
    }
    const layerName = `${parsed.accountId}:${parsed.name}`;
    if (seen.has(layerName)) {
      throw invalidParameter('Two different versions of the same layer are not allowed to be referenced in the same function.');
    }
    seen.add(layerName);
    const found = parsed.region === fn.region ? state.layers.find(arn) : undefined;
    if (!found) throw invalidParameter(`Layer version ${arn} does not exist.`);
    return { Arn: arn, CodeSize: found.codeSize };
  });
}

/** Environment size as AWS limits it: keys + values in UTF-8 bytes, at most 4 KB. */
export function environmentBytes(variables: Record<string, string>): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(variables)) bytes += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(value, 'utf8');
  return bytes;
}

function checkEnvironment(variables: Record<string, string>): void {
  const badName = Object.keys(variables).find(key => !VARIABLE_NAME.test(key));
  if (badName) {
    throw validationError('[sensitive]', 'environment.variables', 'Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]');
  }
  const reserved = Object.keys(variables).filter(key => RESERVED_VARIABLES.has(key));
  if (reserved.length) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  const bytes = environmentBytes(variables);
  // AWS quotes the whole environment it measured, values included: the plugin must never pass this on.
  if (bytes > MAX_ENVIRONMENT_BYTES) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${JSON.stringify(variables)}`,
    );
  }
}
