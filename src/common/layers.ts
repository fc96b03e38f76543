// Datadog's Lambda layers, as data: names, publishing accounts per partition, default versions,
// regions where some layers are missing. Versions drift every few weeks: config overrides them.
import type { Architecture, LayerArn, LayerVersions, Partition, PlanNote } from './model';
import { familyOfLibraryLayer, RUNTIMES, type RuntimeInfo } from './runtimes';
import { partitionOfRegion } from './arn';

/** Latest versions per datadog-ci 5.25 (late 2026). */
export const DEFAULT_LAYER_VERSIONS: LayerVersions = {
  extension: 100,
  python: 128,
  node: 143,
  java: 28,
  dotnet: 26,
  ruby: 30,
};

/** Where Datadog publishes its layers; none in China. */
export const DATADOG_LAYER_ACCOUNTS: Readonly<Record<Partition, string | undefined>> = {
  aws: '464622532012',
  'aws-us-gov': '002406178527',
  'aws-cn': undefined,
};

export const EXTENSION_LAYER = 'Datadog-Extension';
export const ARM_SUFFIX = '-ARM';
export const FIPS_SUFFIX = '-FIPS';

/** A key of LayerVersions: the extension, or a library family. */
export type LayerFamily = keyof LayerVersions;

/** Regions where Datadog does not (yet) publish some layers. */
export const MISSING_LAYERS: ReadonlyArray<{ region: string; missing: readonly LayerFamily[] }> = [
  { region: 'ap-east-2', missing: ['java', 'dotnet', 'ruby'] },
  { region: 'ap-southeast-6', missing: ['java', 'dotnet', 'ruby'] },
];

export function isLayerPublished(region: string, family: LayerFamily): boolean {
  return !MISSING_LAYERS.some(gap => gap.region === region && gap.missing.includes(family));
}

const LAYER_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):layer:([A-Za-z0-9_-]+):(\d+)$/;

/** Takes apart arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>. */
export function parseLayerArn(arn: string): LayerArn | undefined {
  const match = LAYER_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, accountId, name, version] = match;
  return { partition, region, accountId, name, version: Number(version) };
}

export function formatLayerArn(layer: LayerArn): string {
  return `arn:${layer.partition}:lambda:${layer.region}:${layer.accountId}:layer:${layer.name}:${layer.version}`;
}

/** The library layer's name for a runtime and architecture, e.g. Datadog-Python312-ARM. */
export function libraryLayerName(info: RuntimeInfo, architecture: Architecture): string | undefined {
  if (!info.datadogLayer) return undefined;
  return architecture === 'arm64' && info.armVariant ? info.datadogLayer + ARM_SUFFIX : info.datadogLayer;
}

// The Extension always has an -ARM variant; a library has one where its runtimes' rows say so.
const FAMILIES_WITH_ARM_VARIANT = new Set<string>(['extension', ...RUNTIMES.filter(r => r.armVariant).map(r => r.family)]);

/** Whether Datadog publishes an -ARM variant of this layer family ('extension' or a runtime family). */
export function hasArmVariant(family: string): boolean {
  return FAMILIES_WITH_ARM_VARIANT.has(family);
}

/** The extension layer's name, e.g. Datadog-Extension-ARM-FIPS. */
export function extensionLayerName(architecture: Architecture, fips: boolean): string {
  return EXTENSION_LAYER + (architecture === 'arm64' ? ARM_SUFFIX : '') + (fips ? FIPS_SUFFIX : '');
}

/** A Datadog layer recognised on a function. */
export interface DatadogLayer {
  arn: string;
  layer: LayerArn;
  kind: 'library' | 'extension';
  family: LayerFamily;
  /** Name without -ARM / -FIPS. */
  baseName: string;
  arm: boolean;
  fips: boolean;
}

/** Accounts whose layers we take as Datadog's: Datadog's own and the configured mirror. */
export function datadogAccounts(layerAccount?: string): Set<string> {
  const accounts = Object.values(DATADOG_LAYER_ACCOUNTS).filter((a): a is string => Boolean(a));
  return new Set(layerAccount ? [...accounts, layerAccount] : accounts);
}

const EXTENSION_NAME = /^Datadog-Extension(-ARM)?(-FIPS)?$/;

/** Recognises a Datadog layer by its account (Datadog's or the mirror) and its name. */
export function classifyDatadogLayer(arn: string, layerAccount?: string): DatadogLayer | undefined {
  const layer = parseLayerArn(arn);
  if (!layer || !datadogAccounts(layerAccount).has(layer.accountId)) return undefined;
  const extension = EXTENSION_NAME.exec(layer.name);
  if (extension) {
    return { arn, layer, kind: 'extension', family: 'extension', baseName: EXTENSION_LAYER, arm: Boolean(extension[1]), fips: Boolean(extension[2]) };
  }
  const arm = layer.name.endsWith(ARM_SUFFIX);
  const baseName = arm ? layer.name.slice(0, -ARM_SUFFIX.length) : layer.name;
  const family = familyOfLibraryLayer(baseName);
  if (!family || !isLayerFamily(family)) return undefined;
  return { arn, layer, kind: 'library', family, baseName, arm, fips: false };
}

function isLayerFamily(family: string): family is LayerFamily {
  return family in DEFAULT_LAYER_VERSIONS;
}

export interface LayerRequest {
  region: string;
  runtime: RuntimeInfo;
  architecture: Architecture;
  versions: LayerVersions;
  layerAccount?: string;
  fips?: boolean;
}

/** The Datadog layer ARNs a function needs, or why none can be built. Never a bogus ARN. */
export function datadogLayersFor(
  request: LayerRequest,
): { library?: string; extension?: string; blockers: PlanNote[] } {
  const partition = partitionOfRegion(request.region);
  const account = request.layerAccount ?? DATADOG_LAYER_ACCOUNTS[partition];
  const blockers: PlanNote[] = [];
  if (!account) {
    blockers.push({
      code: 'no-layers-in-partition',
      message: `Datadog publishes no Lambda layers in the ${partition} partition (region ${request.region}). Mirror the layers into an account of yours and set serverlessTracing.datadog.layerAccount.`,
    });
    return { blockers };
  }
  const family = request.runtime.family;
  const needed: LayerFamily[] = ['extension', ...(request.runtime.datadogLayer && isLayerFamily(family) ? [family] : [])];
  if (!request.layerAccount) {
    for (const missing of needed.filter(f => !isLayerPublished(request.region, f))) {
      blockers.push({
        code: 'layer-missing-in-region',
        message: `Datadog does not publish its ${missing === 'extension' ? 'Extension' : missing} layer in ${request.region}. Mirror the layer into an account of yours and set serverlessTracing.datadog.layerAccount.`,
      });
    }
  }
  const fips = request.fips ?? partition === 'aws-us-gov';
  const arn = (name: string, version: number) =>
    formatLayerArn({ partition, region: request.region, accountId: account, name, version });
  const libraryName = libraryLayerName(request.runtime, request.architecture);
  return {
    library: libraryName && isLayerFamily(family) ? arn(libraryName, request.versions[family]) : undefined,
    extension: arn(extensionLayerName(request.architecture, fips), request.versions.extension),
    blockers,
  };
}
