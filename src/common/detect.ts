// What tracing a function has, read from its configuration alone: status plus the findings behind it.
import type { Architecture, Finding, FunctionConfig, LayerVersions, RuntimeFamily, TracingState } from './model';
import { classifyDatadogLayer, DEFAULT_LAYER_VERSIONS, hasArmVariant, type DatadogLayer } from './layers';
import { runtimeInfo, type RuntimeInfo } from './runtimes';
import { detectVendor } from './vendors';
import { DATADOG_EXEC_WRAPPER, ENV, hasApiKeyVariable, isDatadogHandler, isTrue } from './datadog';
import { isEnvironmentUnreadable } from './update';

export interface DetectOptions {
  /** The versions the organisation wants (config); older ones are reported as outdated. */
  layerVersions?: LayerVersions;
  /** Account mirroring Datadog's layers; its layers count as Datadog's. */
  layerAccount?: string;
}

export function architectureOf(config: FunctionConfig): Architecture {
  return config.Architectures?.[0] === 'arm64' ? 'arm64' : 'x86_64';
}

export function datadogLayersOf(config: FunctionConfig, layerAccount?: string): DatadogLayer[] {
  return (config.Layers ?? [])
    .map(layer => classifyDatadogLayer(layer.Arn ?? '', layerAccount))
    .filter((layer): layer is DatadogLayer => layer !== undefined);
}

const finding = (code: string, severity: Finding['severity'], message: string): Finding => ({ code, severity, message });
const layerLabel = (layer: DatadogLayer) => `${layer.layer.name}:${layer.layer.version}`;

export function detectTracing(config: FunctionConfig, options: DetectOptions = {}): TracingState {
  const variables = config.Environment?.Variables ?? {};
  const xrayActive = config.TracingConfig?.Mode === 'Active';
  const layers = datadogLayersOf(config, options.layerAccount);
  const vendor = detectVendor(config);
  const image = config.PackageType === 'Image';
  const wired = isDatadogHandler(config.Handler) || variables[ENV.execWrapper] === DATADOG_EXEC_WRAPPER;
  const imageSignals = image && (hasApiKeyVariable(variables) || ENV.lambdaHandler in variables || ENV.site in variables);

  if (isEnvironmentUnreadable(config)) {
    // Wiring, API key and merge flag all live in the variables we cannot see: claim nothing about them.
    const state: TracingState = {
      status: 'unknown',
      findings: [finding('environment-unreadable', 'warning', "The environment variables could not be read (the backend's role likely lacks kms:Decrypt on the function's key), so the tracing setup cannot be checked. Grant kms:Decrypt on that key and scan again.")],
      vendor: vendor?.vendor.name,
    };
    if (layers.length) state.datadog = { library: layers.find(l => l.kind === 'library')?.layer, extension: layers.find(l => l.kind === 'extension')?.layer };
    return state;
  }

  if (layers.length === 0 && !wired && !imageSignals) {
    if (vendor) {
      const findings = [finding('other-vendor', 'info', `Instrumented by ${vendor.vendor.name} (${vendor.evidence}). Adding Datadog as well would trace every call twice.`)];
      if (xrayActive) findings.push(finding('xray-active', 'info', 'X-Ray active tracing (TracingConfig Active) is also on.'));
      return { status: 'other', findings, vendor: vendor.vendor.name };
    }
    if (xrayActive) {
      return { status: 'xray', findings: [finding('xray-active', 'info', 'X-Ray active tracing (TracingConfig Active) is on; no Datadog layers are attached.')] };
    }
    return { status: 'untraced', findings: [finding('no-tracing', 'info', 'No tracing: no Datadog layers, no other vendor, and X-Ray active tracing is off.')] };
  }

  const info = runtimeInfo(config.Runtime);
  const findings: Finding[] = [];
  if (vendor) {
    findings.push(finding('other-vendor-also-present', 'error', `Datadog and ${vendor.vendor.name} (${vendor.evidence}) are both on this function, so calls are traced twice. Remove one of them.`));
  }
  const library = layers.find(l => l.kind === 'library');
  const extension = layers.find(l => l.kind === 'extension');
  if (image) {
    findings.push(finding('datadog-in-image', 'info', 'Container image with Datadog settings: the extension and library are expected inside the image, so only the configuration was checked.'));
  } else {
    findings.push(...layerFindings(config, info, layers, options.layerVersions ?? DEFAULT_LAYER_VERSIONS));
    findings.push(...wiringFindings(config, info, library));
  }
  if ((extension || image) && !hasApiKeyVariable(variables)) {
    findings.push(finding('no-api-key', 'error', `The Datadog Extension has no API key: set one of ${ENV.apiKeySecretArn} (preferred), ${ENV.kmsApiKey} or ${ENV.apiKey}.`));
  } else if (variables[ENV.apiKey] && !variables[ENV.apiKeySecretArn] && !variables[ENV.kmsApiKey]) {
    findings.push(finding('plaintext-api-key', 'warning', `The API key is stored in plain text in ${ENV.apiKey}; prefer ${ENV.apiKeySecretArn} with a Secrets Manager secret.`));
  }
  const merging = isTrue(variables[ENV.mergeXray]) || isTrue(variables[ENV.mergeXrayRuby]);
  if (merging && !xrayActive) {
    findings.push(finding('merge-without-xray', 'error', 'Trace merging is on (DD_MERGE_XRAY_TRACES=true) but X-Ray active tracing is off, so there is nothing to merge. Turn on active tracing or remove the flag.'));
  } else if (xrayActive && !merging) {
    findings.push(finding('xray-not-merged', 'info', 'X-Ray active tracing is on next to Datadog, but the traces are not merged.'));
  }

  const misconfigured = findings.some(f => f.severity === 'error');
  if (!misconfigured && !findings.some(f => f.severity === 'warning')) {
    const parts = [library && `library ${layerLabel(library)}`, extension && `Extension ${layerLabel(extension)}`].filter(Boolean);
    findings.unshift(finding('datadog-configured', 'info', parts.length ? `Datadog ${parts.join(' and ')} attached and wired.` : 'Datadog is configured.'));
  }
  return {
    status: misconfigured ? 'misconfigured' : merging && xrayActive ? 'datadog-xray' : 'datadog',
    findings,
    datadog: { library: library?.layer, extension: extension?.layer },
    vendor: vendor?.vendor.name,
  };
}

function layerFindings(config: FunctionConfig, info: RuntimeInfo | undefined, layers: DatadogLayer[], versions: LayerVersions): Finding[] {
  const findings: Finding[] = [];
  const family: RuntimeFamily = info?.family ?? 'other';
  const architecture = architectureOf(config);
  const libraries = layers.filter(l => l.kind === 'library');
  const extensions = layers.filter(l => l.kind === 'extension');
  for (const [kind, found] of [['library', libraries], ['Extension', extensions]] as const) {
    if (found.length > 1) {
      findings.push(finding('duplicate-datadog-layer', 'error', `${found.length} Datadog ${kind} layers are attached (${found.map(layerLabel).join(', ')}); keep exactly one.`));
    }
  }
  if (!info) {
    findings.push(finding('unknown-runtime', 'warning', `Runtime ${config.Runtime ?? '(none)'} is not in the runtime table, so the Datadog layers could not be checked against it.`));
  }
  const library = libraries[0];
  if (extensions.length === 0) {
    findings.push(finding('extension-missing', 'error', library
      ? `The Datadog library layer ${layerLabel(library)} is attached without the Datadog Extension layer, so traces are never sent. Enable dd-trace again to add it.`
      : 'The function is wired for Datadog (handler or exec wrapper) but the Datadog Extension layer is missing. Enable dd-trace again to add it.'));
  }
  if (!library && info?.datadogLayer) {
    if (info.handlerStrategy === 'redirect' && isDatadogHandler(config.Handler)) {
      findings.push(finding('library-bundled', 'info', `No ${info.datadogLayer} layer: the Datadog library is expected in the deployment package.`));
    } else {
      findings.push(finding('library-missing', 'error', `The Datadog library layer ${info.datadogLayer} is missing, so nothing creates spans. Enable dd-trace again to add it.`));
    }
  }
  if (library && info) {
    if (library.family !== family) {
      findings.push(finding('library-family-mismatch', 'error', `${layerLabel(library)} is Datadog's ${library.family} library, but the function runs ${info.label}. Replace it with ${info.datadogLayer ?? 'the Extension alone'}.`));
    } else if (info.datadogLayer && library.baseName !== info.datadogLayer) {
      findings.push(finding('library-runtime-mismatch', 'error', `${layerLabel(library)} is built for another ${info.label.split(' ')[0]} version; ${info.label} needs ${info.datadogLayer}.`));
    }
  }
  for (const layer of layers) {
    const wantsArm = architecture === 'arm64' && hasArmVariant(layer.family);
    if (layer.arm !== wantsArm) {
      findings.push(finding('wrong-architecture-layer', 'error', `${layerLabel(layer)} is built for ${layer.arm ? 'arm64' : 'x86_64'} but the function runs on ${architecture}; it fails to start ("exec format error"). Use the ${wantsArm ? '-ARM' : 'non-ARM'} variant.`));
    }
    if (layer.layer.version < versions[layer.family]) {
      findings.push(finding('outdated-layer', 'warning', `${layerLabel(layer)} is older than the configured version ${versions[layer.family]}; enabling again upgrades it.`));
    }
  }
  return findings;
}

function wiringFindings(config: FunctionConfig, info: RuntimeInfo | undefined, library: DatadogLayer | undefined): Finding[] {
  const variables = config.Environment?.Variables ?? {};
  const original = variables[ENV.lambdaHandler];
  switch (info?.handlerStrategy) {
    case 'redirect':
      if (!library && !isDatadogHandler(config.Handler)) return [];
      if (!isDatadogHandler(config.Handler)) {
        return [finding('handler-not-redirected', 'error', `The handler ${config.Handler ?? '(none)'} does not point to Datadog's, so the library never runs (unless your code wraps the handler itself). Enable dd-trace again to redirect it.`)];
      }
      if (!original) {
        return [finding('original-handler-missing', 'error', `The handler is redirected to Datadog's but ${ENV.lambdaHandler} is not set, so Datadog cannot call your code. Set ${ENV.lambdaHandler} to your handler.`)];
      }
      if (isDatadogHandler(original)) {
        return [finding('original-handler-is-datadog', 'error', `${ENV.lambdaHandler} points to Datadog's own handler instead of yours. Set it to your handler.`)];
      }
      return [];
    case 'exec-wrapper': {
      const wrapper = variables[ENV.execWrapper];
      if (wrapper === DATADOG_EXEC_WRAPPER) return [];
      return [finding('exec-wrapper-missing', 'error', wrapper
        ? `${ENV.execWrapper} is ${wrapper}, not ${DATADOG_EXEC_WRAPPER}, so the Datadog tracer is never loaded.`
        : `${ENV.execWrapper} is not set to ${DATADOG_EXEC_WRAPPER}, so the Datadog tracer is never loaded.`)];
    }
    case 'code-wrapper':
      return [finding('code-wrapper-unverified', 'info', "The layers are attached; traces also need the handler wrapped in code (require 'datadog/lambda' and Datadog::Lambda.wrap), which cannot be checked from here.")];
    case 'extension-only':
      return [finding('code-wrapper-unverified', 'info', 'The Extension is attached; traces also need the handler wrapped in code (datadog-lambda-go ddlambda.WrapFunction), which cannot be checked from here.')];
    default:
      return [];
  }
}
