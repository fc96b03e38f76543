// Signatures of other instrumentation, as data: so we recognise it and never double-instrument.
import type { FunctionConfig } from './model';
import { parseLayerArn } from './layers';

export interface VendorSignature {
  /** Stable id, e.g. 'new-relic'. */
  id: string;
  /** For people, e.g. 'New Relic'. */
  name: string;
  /** Accounts the vendor publishes its layers from. */
  layerAccounts: readonly string[];
  /** Layer names that identify the vendor whatever the account (mirrored layers). */
  layerNames: readonly RegExp[];
  /** AWS_LAMBDA_EXEC_WRAPPER values the vendor installs. */
  execWrappers: readonly string[];
  /** Environment variable name prefixes or exact names the vendor reads. */
  envPrefixes: readonly string[];
}

export const VENDORS: readonly VendorSignature[] = [
  {
    id: 'adot',
    name: 'AWS Distro for OpenTelemetry',
    layerAccounts: ['901920570463'],
    layerNames: [/^aws-otel-/i, /^AWSOpenTelemetryDistro/],
    execWrappers: ['/opt/otel-instrument', '/opt/otel-handler', '/opt/otel-proxy-handler', '/opt/otel-stream-handler'],
    envPrefixes: [],
  },
  {
    id: 'opentelemetry',
    name: 'OpenTelemetry',
    layerAccounts: ['184161586896'],
    layerNames: [/^opentelemetry-/i],
    execWrappers: [],
    envPrefixes: ['OTEL_'],
  },
  {
    id: 'new-relic',
    name: 'New Relic',
    layerAccounts: ['451483290750'],
    layerNames: [/^NewRelic/],
    execWrappers: [],
    envPrefixes: ['NEW_RELIC_'],
  },
  {
    id: 'lumigo',
    name: 'Lumigo',
    layerAccounts: ['114300393969'],
    layerNames: [/^lumigo-/i],
    execWrappers: ['/opt/lumigo_wrapper'],
    envPrefixes: ['LUMIGO_'],
  },
  {
    id: 'elastic',
    name: 'Elastic APM',
    layerAccounts: ['267093732750'],
    layerNames: [/^elastic-apm-/i],
    execWrappers: ['/opt/elastic-apm-handler'],
    envPrefixes: ['ELASTIC_APM_'],
  },
  {
    id: 'sentry',
    name: 'Sentry',
    layerAccounts: ['943013980633'],
    layerNames: [/^Sentry.*ServerlessSDK/i],
    execWrappers: ['/opt/sentry-wrapper'],
    envPrefixes: ['SENTRY_DSN'],
  },
  {
    id: 'dynatrace',
    name: 'Dynatrace',
    layerAccounts: [],
    layerNames: [/^Dynatrace_OneAgent_/],
    execWrappers: ['/opt/dynatrace'],
    envPrefixes: ['DT_TENANT', 'DT_CLUSTER_ID', 'DT_CONNECTION_', 'DT_OPEN_TELEMETRY_'],
  },
];

export interface VendorMatch {
  vendor: VendorSignature;
  /** What gave it away, for the finding's message (layer ARN, wrapper or variable name; never a value). */
  evidence: string;
}

/** The first other vendor whose layer, exec wrapper or variables are on the function. */
export function detectVendor(config: FunctionConfig): VendorMatch | undefined {
  const layers = (config.Layers ?? []).map(l => l.Arn ?? '');
  const variables = config.Environment?.Variables ?? {};
  const wrapper = variables.AWS_LAMBDA_EXEC_WRAPPER;
  for (const vendor of VENDORS) {
    for (const arn of layers) {
      const layer = parseLayerArn(arn);
      if (!layer) continue;
      if (vendor.layerAccounts.includes(layer.accountId) || vendor.layerNames.some(re => re.test(layer.name))) {
        return { vendor, evidence: `layer ${layer.name}:${layer.version}` };
      }
    }
    if (wrapper && vendor.execWrappers.includes(wrapper)) {
      return { vendor, evidence: `AWS_LAMBDA_EXEC_WRAPPER=${wrapper}` };
    }
    const key = Object.keys(variables).find(k => vendor.envPrefixes.some(prefix => k.startsWith(prefix)));
    if (key) return { vendor, evidence: `variable ${key}` };
  }
  return undefined;
}
