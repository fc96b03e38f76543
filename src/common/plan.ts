// planEnablement: the full desired configuration for a solution, the changes, and why it may not apply.
import type { EnablementPlan, EnablementRequest, FunctionConfig, FunctionUpdate, PlanNote } from './model';
import { parseFunctionArn } from './arn';
import { architectureOf, detectTracing } from './detect';
import { isSolutionInPlace } from './inPlace';
import { classifyDatadogLayer, datadogLayersFor, parseLayerArn } from './layers';
import { FAMILIES, dayOf, latestRuntimeOf, runtimeInfo, runtimeStage, runtimeStageReason, type RuntimeInfo } from './runtimes';
import { detectVendor } from './vendors';
import { detectIac, IAC_LABELS, stackName } from './iac';
import { limitBlockers } from './limits';
import { cloneUpdate, currentUpdate, diffUpdates, environmentUnreadableNote, isEnvironmentUnreadable } from './update';
import {
  DATADOG_EXEC_WRAPPER, datadogHandlerFor, ENV, hasApiKeyVariable, isDatadogHandler, isTrue, mergeFlagFor,
} from './datadog';



interface Draft {
  config: FunctionConfig;
  request: EnablementRequest;
  after: FunctionUpdate;
  blockers: PlanNote[];
  warnings: PlanNote[];
}

export function planEnablement(config: FunctionConfig, request: EnablementRequest): EnablementPlan {
  const before = currentUpdate(config);
  const state = detectTracing(config, { layerVersions: request.datadog.layerVersions, layerAccount: request.datadog.layerAccount });
  if (!request.reapply && isSolutionInPlace(request.solution, state, config)) {
    // Correctly traced already: optional variables it lacks are not worth an update (and a checkpoint).
    return { functionArn: config.FunctionArn ?? '', action: 'enable', solution: request.solution, changes: [], blockers: [], warnings: [], after: before };
  }
  const draft: Draft = { config, request, after: cloneUpdate(before), blockers: [], warnings: [] };
  if (isEnvironmentUnreadable(config)) draft.blockers.push(environmentUnreadableNote(config));
  const info = runtimeInfo(config.Runtime);
  if (config.PackageType !== 'Image') runtimeBlockers(draft, info);
  if (request.solution !== 'xray') planDatadog(draft, info);
  if (request.solution !== 'dd-trace' && draft.after.TracingConfig.Mode !== 'Active') {
    draft.after.TracingConfig.Mode = 'Active';
    draft.warnings.push({
      code: 'xray-permissions',
      message: "The function's role needs xray:PutTraceSegments and xray:PutTelemetryRecords (AWS managed policy AWSXRayDaemonWriteAccess) to send X-Ray traces.",
    });
  }
  const changes = diffUpdates(before, draft.after);
  const iac = detectIac(config.Tags);
  if (iac && changes.length > 0) {
    const stack = stackName(config.Tags);
    draft.warnings.push({
      code: 'iac-managed',
      message: `This function is managed by ${IAC_LABELS[iac]}${stack ? ` (stack ${stack})` : ''}: the next deploy reverts this change. Make the same change in your infrastructure code.`,
    });
  }
  draft.blockers.push(...limitBlockers(draft.after));
  return {
    functionArn: config.FunctionArn ?? '',
    action: 'enable',
    solution: request.solution,
    changes,
    blockers: draft.blockers,
    warnings: draft.warnings,
    after: draft.after,
  };
}

function runtimeBlockers(draft: Draft, info: RuntimeInfo | undefined): void {
  if (!info) {
    draft.blockers.push({
      code: 'unknown-runtime',
      message: `The runtime ${draft.config.Runtime ?? '(none)'} is not one this plugin knows, so it cannot tell which layers fit. Move the function to a supported runtime first.`,
    });
    return;
  }
  // Only AWS's block-update date stops an update; a deprecated runtime can still be changed until then.
  const today = draft.request.today ?? dayOf(new Date());
  if (runtimeStage(info, today) === 'update-blocked') {
    const latest = latestRuntimeOf(info.family, today);
    draft.blockers.push({
      code: 'deprecated-runtime',
      message: `${runtimeStageReason(info, today)} Upgrade the function${latest ? ` to ${latest.label}` : ''} first.`,
    });
  }
}

function planDatadog(draft: Draft, info: RuntimeInfo | undefined): void {
  const { config, request, blockers } = draft;
  if (config.PackageType === 'Image') {
    blockers.push({
      code: 'container-image',
      message: 'This function is a container image: Lambda layers cannot be attached, so Datadog has to be built into the image (see the recommendation for the Dockerfile lines). X-Ray alone needs no rebuild.',
    });
    return;
  }
  const vendor = detectVendor(config);
  if (vendor) {
    blockers.push({
      code: 'other-vendor',
      message: `This function is already instrumented by ${vendor.vendor.name} (${vendor.evidence}); adding Datadog would trace every call twice. Remove ${vendor.vendor.name} first.`,
    });
  }
  if (!info) return;
  if (request.solution === 'dd-trace-xray' && !FAMILIES[info.family].mergesXray) {
    blockers.push({
      code: 'solution-unsupported',
      message: `Datadog merges its traces with X-Ray only in Python, Node.js and Ruby, not in ${info.label}. Choose dd-trace or xray.`,
    });
  }
  const region = parseFunctionArn(config.FunctionArn ?? '')?.region;
  if (!region) {
    blockers.push({ code: 'unknown-region', message: `The function ARN ${config.FunctionArn ?? '(none)'} does not name a region, so no layer ARN can be built. Scan the function again.` });
    return;
  }
  const layers = datadogLayersFor({
    region,
    runtime: info,
    architecture: architectureOf(config),
    versions: request.datadog.layerVersions,
    layerAccount: request.datadog.layerAccount,
    fips: request.datadog.fips,
  });
  blockers.push(...layers.blockers);
  if (!layers.extension) return;
  const merged = mergeLayers(draft.after.Layers, { library: layers.library, extension: layers.extension }, request.datadog.layerAccount);
  draft.after.Layers = merged.layers;
  for (const kept of merged.keptNewer) {
    draft.warnings.push({
      code: 'newer-layer-kept',
      message: `${kept.name}:${kept.version} is newer than the configured version ${kept.configured} and is kept, not downgraded. Raise serverlessTracing.datadog.layerVersions if every function should get it.`,
    });
  }
  planEnvironment(draft, info);
  planHandler(draft, info);
}

interface KeptLayer { name: string; version: number; configured: number }

/**
 * User layers stay where they are; Datadog's are replaced in place or appended (library, then extension).
 * A Datadog layer with exactly the wanted name (runtime and architecture variant) and a newer version is
 * kept: teams that upgraded themselves are never downgraded.
 */
function mergeLayers(
  current: string[], wanted: { library?: string; extension: string }, layerAccount?: string,
): { layers: string[]; keptNewer: KeptLayer[] } {
  const layers: string[] = [];
  const keptNewer: KeptLayer[] = [];
  const placed = { library: false, extension: false };
  for (const arn of current) {
    const datadog = classifyDatadogLayer(arn, layerAccount);
    if (!datadog) {
      layers.push(arn);
      continue;
    }
    const replacement = wanted[datadog.kind];
    if (!replacement || placed[datadog.kind]) continue;
    const configured = parseLayerArn(replacement);
    const newer = configured && datadog.layer.name === configured.name && datadog.layer.version > configured.version;
    layers.push(newer ? arn : replacement);
    if (newer) keptNewer.push({ name: datadog.layer.name, version: datadog.layer.version, configured: configured.version });
    placed[datadog.kind] = true;
  }
  if (wanted.library && !placed.library) layers.push(wanted.library);
  if (!placed.extension) layers.push(wanted.extension);
  return { layers, keptNewer };
}

function planEnvironment(draft: Draft, info: RuntimeInfo): void {
  const { request, warnings, blockers } = draft;
  const settings = request.datadog;
  const env = draft.after.Environment.Variables;
  const setIfAbsent = (key: string, value: string | undefined) => {
    if (value !== undefined && env[key] === undefined) env[key] = value;
  };
  const requireValue = (key: string, value: string, consequence: string) => {
    if (env[key] === undefined) env[key] = value;
    else if (env[key] !== value) warnings.push({ code: 'variable-kept', message: `${key} is already set to another value, which is kept: ${consequence}` });
  };

  if (!hasApiKeyVariable(env)) {
    if (settings.apiKeySecretArn) {
      env[ENV.apiKeySecretArn] = settings.apiKeySecretArn;
      warnings.push({ code: 'secret-permissions', message: "The function's role needs secretsmanager:GetSecretValue on the Datadog API key secret (and kms:Decrypt if the secret uses a customer managed key)." });
    } else if (settings.kmsApiKey) {
      env[ENV.kmsApiKey] = settings.kmsApiKey;
      warnings.push({ code: 'kms-permissions', message: "The function's role needs kms:Decrypt on the key that encrypted the Datadog API key." });
    } else {
      blockers.push({ code: 'no-api-key-source', message: 'No API key source is configured and the function has none: set serverlessTracing.datadog.apiKeySecretArn (preferred) or kmsApiKey.' });
    }
  }
  setIfAbsent(ENV.site, settings.site);
  setIfAbsent(ENV.env, settings.env);
  setIfAbsent(ENV.service, settings.service);
  setIfAbsent(ENV.version, settings.version);
  requireValue(ENV.traceEnabled, 'true', 'tracing stays off until it is true.');
  setIfAbsent(ENV.logsEnabled, 'true');
  setIfAbsent(ENV.capturePayload, 'false');
  const merge = mergeFlagFor(info.family);
  if (request.solution === 'dd-trace-xray' && FAMILIES[info.family].mergesXray) {
    requireValue(merge, 'true', 'Datadog and X-Ray traces stay separate until it is true.');
  } else if (isTrue(env[merge]) && request.solution === 'dd-trace' && draft.after.TracingConfig.Mode !== 'Active') {
    warnings.push({ code: 'variable-kept', message: `${merge} is true but X-Ray active tracing stays off; choose dd-trace-xray or remove the flag.` });
  }
}

function planHandler(draft: Draft, info: RuntimeInfo): void {
  const { after, blockers, warnings } = draft;
  const env = after.Environment.Variables;
  switch (info.handlerStrategy) {
    case 'redirect': {
      const current = after.Handler;
      const original = env[ENV.lambdaHandler];
      if (isDatadogHandler(current)) {
        // Already redirected: the original must come from DD_LAMBDA_HANDLER, never from the handler itself.
        if (!original || isDatadogHandler(original)) {
          blockers.push({ code: 'original-handler-unknown', message: `The handler already points to Datadog's but ${ENV.lambdaHandler} does not name your handler, so Datadog could not call your code. Set ${ENV.lambdaHandler} to your handler (or restore the handler) first.` });
        }
        return;
      }
      if (!current) return;
      after.Handler = datadogHandlerFor(info.family);
      if (original !== current) {
        if (original !== undefined) {
          warnings.push({ code: 'original-handler-replaced', message: `${ENV.lambdaHandler} named ${original}, but the function's handler is ${current}; it is set to ${current} so Datadog calls the code that runs today.` });
        }
        env[ENV.lambdaHandler] = current;
      }
      return;
    }
    case 'exec-wrapper': {
      const wrapper = env[ENV.execWrapper];
      if (wrapper === undefined) env[ENV.execWrapper] = DATADOG_EXEC_WRAPPER;
      else if (wrapper !== DATADOG_EXEC_WRAPPER) {
        blockers.push({ code: 'foreign-exec-wrapper', message: `${ENV.execWrapper} already holds another tool's wrapper (${wrapper}); Lambda runs only one. Remove that tool first.` });
      }
      return;
    }
    case 'code-wrapper':
      warnings.push({ code: 'code-change-needed', message: "The layers are attached, but Ruby traces only once the code wraps the handler: require 'datadog/lambda' and wrap it with Datadog::Lambda.wrap (see the recommendation's steps)." });
      return;
    case 'extension-only':
      warnings.push({ code: 'code-change-needed', message: "Only the Extension is attached; Go traces once the code wraps the handler with datadog-lambda-go's ddlambda.WrapFunction (see the recommendation's steps)." });
      return;
  }
}
