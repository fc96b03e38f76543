// The sandbox's layer registry: which layer versions exist, so an update naming a version that does not
// exist is rejected as AWS rejects it. Versions 1..latestVersion of a published layer exist in every
// region of its partition.
import {
  DATADOG_ACCOUNT,
  DATADOG_LATEST,
  USER_LAYERS,
  VENDOR_LAYERS,
  datadogLayerNames,
  type Partition,
} from './seed-layers';

export interface PublishedLayer {
  partition: string;
  accountId: string;
  name: string;
  latestVersion: number;
}

export interface ParsedLayerArn {
  partition: string;
  region: string;
  accountId: string;
  name: string;
  version: number;
}

const LAYER_VERSION_ARN = /^arn:([a-z0-9-]+):lambda:([a-z0-9-]+):(\d{12}):layer:([a-zA-Z0-9-_]+):(\d+)$/;

export function parseLayerVersionArn(arn: string): ParsedLayerArn | undefined {
  const match = LAYER_VERSION_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, accountId, name, version] = match;
  return { partition, region, accountId, name, version: Number(version) };
}

export class LayerRegistry {
  private readonly layers = new Map<string, PublishedLayer>();

  publish(layer: PublishedLayer): void {
    this.layers.set(key(layer.partition, layer.accountId, layer.name), layer);
  }

  /** The layer version named by the ARN, if it exists. */
  find(arn: string): (ParsedLayerArn & { codeSize: number }) | undefined {
    const parsed = parseLayerVersionArn(arn);
    if (!parsed || parsed.version < 1) return undefined;
    const layer = this.layers.get(key(parsed.partition, parsed.accountId, parsed.name));
    if (!layer || parsed.version > layer.latestVersion) return undefined;
    return { ...parsed, codeSize: codeSizeOf(parsed.name, parsed.version) };
  }

  published(): PublishedLayer[] {
    return [...this.layers.values()];
  }
}

/** Datadog's layers in both partitions, the other vendors' layers, and each account's own layers. */
export function publishStandardLayers(registry: LayerRegistry, accounts: Array<{ accountId: string; partition: string }>): void {
  for (const partition of Object.keys(DATADOG_ACCOUNT) as Partition[]) {
    for (const { name, family } of datadogLayerNames()) {
      registry.publish({ partition, accountId: DATADOG_ACCOUNT[partition], name, latestVersion: DATADOG_LATEST[family] });
    }
  }
  for (const layer of VENDOR_LAYERS) {
    registry.publish({ partition: 'aws', accountId: layer.accountId, name: layer.name, latestVersion: layer.latestVersion });
  }
  for (const { accountId, partition } of accounts) {
    for (const layer of USER_LAYERS) registry.publish({ partition, accountId, name: layer.name, latestVersion: layer.latestVersion });
  }
}

function key(partition: string, accountId: string, name: string): string {
  return `${partition}|${accountId}|${name}`;
}

/** A stable, plausible size in bytes, so the same layer always reports the same CodeSize. */
export function codeSizeOf(name: string, version: number): number {
  let hash = version;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0;
  return 200_000 + (hash % 30_000_000);
}
