// Layer facts for the seed, written out literally from shared/domain/datadog-lambda.md. Deliberately
// independent of src/common's layer tables: the seed is a second opinion the detector is checked against.

export type Partition = 'aws' | 'aws-us-gov';

export const DATADOG_ACCOUNT: Record<Partition, string> = { aws: '464622532012', 'aws-us-gov': '002406178527' };

/** Latest versions per datadog-ci 5.25. */
export const DATADOG_LATEST = { extension: 100, python: 128, node: 143, java: 28, dotnet: 26, ruby: 30 } as const;

export type DatadogFamily = keyof typeof DATADOG_LATEST;

interface LibraryLayer {
  name: string;
  family: Exclude<DatadogFamily, 'extension'>;
  /** Has a separate -ARM variant (Python, Ruby, .NET); Node and Java serve both architectures. */
  arm: boolean;
}

const python = (name: string): LibraryLayer => ({ name, family: 'python', arm: true });
const node = (name: string): LibraryLayer => ({ name, family: 'node', arm: false });
const ruby = (name: string): LibraryLayer => ({ name, family: 'ruby', arm: true });
const java: LibraryLayer = { name: 'dd-trace-java', family: 'java', arm: false };
const dotnet: LibraryLayer = { name: 'dd-trace-dotnet', family: 'dotnet', arm: true };

export const DATADOG_LIBRARY: Record<string, LibraryLayer> = {
  'python3.8': python('Datadog-Python38'),
  'python3.9': python('Datadog-Python39'),
  'python3.10': python('Datadog-Python310'),
  'python3.11': python('Datadog-Python311'),
  'python3.12': python('Datadog-Python312'),
  'python3.13': python('Datadog-Python313'),
  'python3.14': python('Datadog-Python314'),
  'nodejs16.x': node('Datadog-Node16-x'),
  'nodejs18.x': node('Datadog-Node18-x'),
  'nodejs20.x': node('Datadog-Node20-x'),
  'nodejs22.x': node('Datadog-Node22-x'),
  'nodejs24.x': node('Datadog-Node24-x'),
  'ruby3.2': ruby('Datadog-Ruby3-2'),
  'ruby3.3': ruby('Datadog-Ruby3-3'),
  'ruby3.4': ruby('Datadog-Ruby3-4'),
  'ruby4.0': ruby('Datadog-Ruby4-0'),
  'java8.al2': java,
  java11: java,
  java17: java,
  java21: java,
  java25: java,
  dotnet6: dotnet,
  dotnet8: dotnet,
  dotnet10: dotnet,
};

export const DATADOG_EXTENSION_NAMES = [
  'Datadog-Extension',
  'Datadog-Extension-ARM',
  'Datadog-Extension-FIPS',
  'Datadog-Extension-ARM-FIPS',
] as const;

/** Every Datadog layer name, with the family whose latest version bounds it. */
export function datadogLayerNames(): Array<{ name: string; family: DatadogFamily }> {
  const names = new Map<string, DatadogFamily>();
  for (const layer of Object.values(DATADOG_LIBRARY)) {
    names.set(layer.name, layer.family);
    if (layer.arm) names.set(`${layer.name}-ARM`, layer.family);
  }
  for (const name of DATADOG_EXTENSION_NAMES) names.set(name, 'extension');
  return [...names].map(([name, family]) => ({ name, family }));
}

export function layerArn(partition: string, region: string, accountId: string, name: string, version: number): string {
  return `arn:${partition}:lambda:${region}:${accountId}:layer:${name}:${version}`;
}

/** Other vendors' published layers used by the seed, with the highest version that exists. */
export const VENDOR_LAYERS: ReadonlyArray<{ vendor: string; accountId: string; name: string; latestVersion: number }> = [
  { vendor: 'adot', accountId: '901920570463', name: 'aws-otel-python-amd64-ver-1-25-0', latestVersion: 1 },
  { vendor: 'adot', accountId: '901920570463', name: 'aws-otel-python-arm64-ver-1-25-0', latestVersion: 1 },
  { vendor: 'adot', accountId: '901920570463', name: 'aws-otel-nodejs-amd64-ver-1-18-1', latestVersion: 4 },
  { vendor: 'adot', accountId: '901920570463', name: 'aws-otel-nodejs-arm64-ver-1-18-1', latestVersion: 4 },
  { vendor: 'adot', accountId: '901920570463', name: 'aws-otel-java-agent-amd64-ver-1-32-0', latestVersion: 3 },
  { vendor: 'adot', accountId: '901920570463', name: 'aws-otel-java-agent-arm64-ver-1-32-0', latestVersion: 3 },
  { vendor: 'otel', accountId: '184161586896', name: 'opentelemetry-nodejs-0_11_0', latestVersion: 1 },
  { vendor: 'otel', accountId: '184161586896', name: 'opentelemetry-python-0_10_0', latestVersion: 1 },
  { vendor: 'otel', accountId: '184161586896', name: 'opentelemetry-collector-amd64-0_12_0', latestVersion: 1 },
  { vendor: 'otel', accountId: '184161586896', name: 'opentelemetry-collector-arm64-0_12_0', latestVersion: 1 },
  { vendor: 'newrelic', accountId: '451483290750', name: 'NewRelicPython312', latestVersion: 24 },
  { vendor: 'newrelic', accountId: '451483290750', name: 'NewRelicPython312ARM64', latestVersion: 24 },
  { vendor: 'newrelic', accountId: '451483290750', name: 'NewRelicNodeJS20X', latestVersion: 31 },
  { vendor: 'newrelic', accountId: '451483290750', name: 'NewRelicNodeJS20XARM64', latestVersion: 31 },
  { vendor: 'lumigo', accountId: '114300393969', name: 'lumigo-node-tracer', latestVersion: 280 },
];

/** The organisation's own layers, published in every account and region of the seed. */
export const USER_LAYERS: ReadonlyArray<{ name: string; latestVersion: number }> = [
  { name: 'shared-utils', latestVersion: 14 },
  { name: 'common-deps', latestVersion: 9 },
  { name: 'pandas-numpy', latestVersion: 6 },
  { name: 'auth-helpers', latestVersion: 11 },
  { name: 'pdf-renderer', latestVersion: 4 },
  { name: 'feature-flags', latestVersion: 7 },
];
