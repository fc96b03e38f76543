// The Lambda runtime table, as data: one row per runtime identifier. A new runtime is one new row.
import type { RuntimeFamily } from './model';

export type HandlerStrategy = 'redirect' | 'exec-wrapper' | 'code-wrapper' | 'extension-only';

export interface RuntimeInfo {
  /** Lambda's runtime identifier, e.g. 'python3.12'. */
  runtime: string;
  family: RuntimeFamily;
  /** For people, e.g. 'Python 3.12'. */
  label: string;
  /** Datadog library layer base name (without -ARM); undefined for provided.* (extension only). */
  datadogLayer?: string;
  /** The library layer has an -ARM variant (Python, Ruby, .NET); Node and Java serve both architectures. */
  armVariant: boolean;
  /** How Datadog hooks into the function: handler redirect, exec wrapper, code wrapper, or none. */
  handlerStrategy: HandlerStrategy;
  /** Past AWS's deprecation date (as of late 2026): updates are blocked or soon will be. */
  deprecated: boolean;
  /** AWS's (projected) deprecation date, for messages. */
  deprecationDate?: string;
}

type Row = [runtime: string, label: string, datadogLayer: string | undefined, deprecated: boolean, deprecationDate?: string];

const python = (rows: Row[]): RuntimeInfo[] =>
  rows.map(([runtime, label, datadogLayer, deprecated, deprecationDate]) => ({
    runtime, family: 'python', label, datadogLayer, armVariant: true, handlerStrategy: 'redirect', deprecated, deprecationDate,
  }));
const node = (rows: Row[]): RuntimeInfo[] =>
  rows.map(([runtime, label, datadogLayer, deprecated, deprecationDate]) => ({
    runtime, family: 'node', label, datadogLayer, armVariant: false, handlerStrategy: 'redirect', deprecated, deprecationDate,
  }));
const ruby = (rows: Row[]): RuntimeInfo[] =>
  rows.map(([runtime, label, datadogLayer, deprecated, deprecationDate]) => ({
    runtime, family: 'ruby', label, datadogLayer, armVariant: true, handlerStrategy: 'code-wrapper', deprecated, deprecationDate,
  }));
const java = (rows: Row[]): RuntimeInfo[] =>
  rows.map(([runtime, label, datadogLayer, deprecated, deprecationDate]) => ({
    runtime, family: 'java', label, datadogLayer, armVariant: false, handlerStrategy: 'exec-wrapper', deprecated, deprecationDate,
  }));
const dotnet = (rows: Row[]): RuntimeInfo[] =>
  rows.map(([runtime, label, datadogLayer, deprecated, deprecationDate]) => ({
    runtime, family: 'dotnet', label, datadogLayer, armVariant: true, handlerStrategy: 'exec-wrapper', deprecated, deprecationDate,
  }));
const provided = (rows: Row[]): RuntimeInfo[] =>
  rows.map(([runtime, label, , deprecated, deprecationDate]) => ({
    runtime, family: 'provided', label, armVariant: false, handlerStrategy: 'extension-only', deprecated, deprecationDate,
  }));

export const RUNTIMES: readonly RuntimeInfo[] = [
  ...python([
    ['python3.14', 'Python 3.14', 'Datadog-Python314', false],
    ['python3.13', 'Python 3.13', 'Datadog-Python313', false],
    ['python3.12', 'Python 3.12', 'Datadog-Python312', false],
    ['python3.11', 'Python 3.11', 'Datadog-Python311', false],
    ['python3.10', 'Python 3.10', 'Datadog-Python310', false],
    ['python3.9', 'Python 3.9', 'Datadog-Python39', true, '2025-12-15'],
    ['python3.8', 'Python 3.8', 'Datadog-Python38', true, '2024-10-14'],
    ['python3.7', 'Python 3.7', 'Datadog-Python37', true, '2023-12-04'],
    ['python3.6', 'Python 3.6', 'Datadog-Python36', true, '2022-07-18'],
    ['python2.7', 'Python 2.7', 'Datadog-Python27', true, '2021-07-15'],
  ]),
  ...node([
    ['nodejs24.x', 'Node.js 24', 'Datadog-Node24-x', false],
    ['nodejs22.x', 'Node.js 22', 'Datadog-Node22-x', false],
    ['nodejs20.x', 'Node.js 20', 'Datadog-Node20-x', true, '2026-04-30'],
    ['nodejs18.x', 'Node.js 18', 'Datadog-Node18-x', true, '2025-09-01'],
    ['nodejs16.x', 'Node.js 16', 'Datadog-Node16-x', true, '2024-06-12'],
    ['nodejs14.x', 'Node.js 14', 'Datadog-Node14-x', true, '2023-12-04'],
    ['nodejs12.x', 'Node.js 12', 'Datadog-Node12-x', true, '2023-03-31'],
    ['nodejs10.x', 'Node.js 10', 'Datadog-Node10-x', true, '2021-07-30'],
  ]),
  ...ruby([
    ['ruby4.0', 'Ruby 4.0', 'Datadog-Ruby4-0', false],
    ['ruby3.4', 'Ruby 3.4', 'Datadog-Ruby3-4', false],
    ['ruby3.3', 'Ruby 3.3', 'Datadog-Ruby3-3', false],
    ['ruby3.2', 'Ruby 3.2', 'Datadog-Ruby3-2', true, '2026-03-31'],
    ['ruby2.7', 'Ruby 2.7', 'Datadog-Ruby2-7', true, '2023-12-07'],
    ['ruby2.5', 'Ruby 2.5', 'Datadog-Ruby2-5', true, '2021-07-30'],
  ]),
  ...java([
    ['java25', 'Java 25', 'dd-trace-java', false],
    ['java21', 'Java 21', 'dd-trace-java', false],
    ['java17', 'Java 17', 'dd-trace-java', false],
    ['java11', 'Java 11', 'dd-trace-java', false],
    ['java8.al2', 'Java 8 (Amazon Linux 2)', 'dd-trace-java', false],
    ['java8', 'Java 8 (Amazon Linux 1)', 'dd-trace-java', true, '2024-01-08'],
  ]),
  ...dotnet([
    ['dotnet10', '.NET 10', 'dd-trace-dotnet', false],
    ['dotnet8', '.NET 8', 'dd-trace-dotnet', false],
    ['dotnet6', '.NET 6', 'dd-trace-dotnet', true, '2024-12-20'],
    ['dotnetcore3.1', '.NET Core 3.1', 'dd-trace-dotnet', true, '2023-04-03'],
    ['dotnetcore2.1', '.NET Core 2.1', 'dd-trace-dotnet', true, '2022-01-05'],
  ]),
  ...provided([
    ['provided.al2023', 'OS-only runtime (Amazon Linux 2023)', undefined, false],
    ['provided.al2', 'OS-only runtime (Amazon Linux 2)', undefined, false],
    ['provided', 'Custom runtime (Amazon Linux 1)', undefined, true, '2024-01-08'],
    ['go1.x', 'Go 1.x', undefined, true, '2024-01-08'],
  ]),
];

/** What holds for every runtime of a family, as data like the rows above. */
export interface FamilyInfo {
  /** Datadog's library merges its traces with X-Ray's (dd-trace-xray is possible). */
  mergesXray: boolean;
  /** The variable that turns merging on, where the library reads one. */
  mergeFlag?: string;
  /** Where a redirected handler points (the first is what the plugin writes); [] when the handler is not redirected. */
  datadogHandlers: readonly string[];
}

export const FAMILIES: Readonly<Record<RuntimeFamily, FamilyInfo>> = {
  python: { mergesXray: true, mergeFlag: 'DD_MERGE_XRAY_TRACES', datadogHandlers: ['datadog_lambda.handler.handler'] },
  node: {
    mergesXray: true,
    mergeFlag: 'DD_MERGE_XRAY_TRACES',
    datadogHandlers: ['/opt/nodejs/node_modules/datadog-lambda-js/handler.handler', 'node_modules/datadog-lambda-js/dist/handler.handler'],
  },
  ruby: { mergesXray: true, mergeFlag: 'DD_MERGE_DATADOG_XRAY_TRACES', datadogHandlers: [] },
  java: { mergesXray: false, datadogHandlers: [] },
  dotnet: { mergesXray: false, datadogHandlers: [] },
  provided: { mergesXray: false, datadogHandlers: [] },
  other: { mergesXray: false, datadogHandlers: [] },
};

const BY_RUNTIME = new Map(RUNTIMES.map(info => [info.runtime, info]));

export function runtimeInfo(runtime: string | undefined): RuntimeInfo | undefined {
  return runtime ? BY_RUNTIME.get(runtime) : undefined;
}

/** 'other' when the runtime is absent (container images) or not in the table. */
export function runtimeFamily(runtime: string | undefined): RuntimeFamily {
  return runtimeInfo(runtime)?.family ?? 'other';
}

/** The newest supported runtime of a family: what "upgrade the runtime first" points to. */
export function latestRuntimeOf(family: RuntimeFamily): RuntimeInfo | undefined {
  return RUNTIMES.find(info => info.family === family && !info.deprecated);
}

/** Library layer base names Datadog publishes, with the families they serve. */
export function familyOfLibraryLayer(baseName: string): RuntimeFamily | undefined {
  return RUNTIMES.find(info => info.datadogLayer === baseName)?.family;
}
