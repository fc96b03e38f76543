// The Lambda runtime table, as data: one row per runtime identifier. A new runtime is one new row.
import type { RuntimeFamily } from './model';

export type HandlerStrategy = 'redirect' | 'exec-wrapper' | 'code-wrapper' | 'extension-only';

/**
 * AWS's three dates for a runtime (UTC, YYYY-MM-DD), as its Lambda runtimes page lists them: from
 * `deprecation` AWS no longer patches it; from `blockCreate` no new function may use it; from
 * `blockUpdate` no existing function using it may be updated (so tracing cannot be added in place).
 * AWS moves these dates now and then: they are data, compared with the day a decision is made.
 */
export interface RuntimeLifecycle {
  deprecation: string;
  blockCreate: string;
  blockUpdate: string;
}

/** Where a runtime stands on a given day; each stage includes the ones before it. */
export type RuntimeStage = 'supported' | 'deprecated' | 'create-blocked' | 'update-blocked';

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
  /** AWS's deprecation schedule; undefined where AWS has announced none. */
  lifecycle?: RuntimeLifecycle;
}

type Dates = [deprecation: string, blockCreate: string, blockUpdate: string];
type Row = [runtime: string, label: string, datadogLayer: string | undefined, dates?: Dates];

const rowsOf = (family: RuntimeFamily, armVariant: boolean, handlerStrategy: HandlerStrategy) => (rows: Row[]): RuntimeInfo[] =>
  rows.map(([runtime, label, datadogLayer, dates]) => ({
    runtime,
    family,
    label,
    ...(datadogLayer ? { datadogLayer } : {}),
    armVariant,
    handlerStrategy,
    ...(dates ? { lifecycle: { deprecation: dates[0], blockCreate: dates[1], blockUpdate: dates[2] } } : {}),
  }));
const python = rowsOf('python', true, 'redirect');
const node = rowsOf('node', false, 'redirect');
const ruby = rowsOf('ruby', true, 'code-wrapper');
const java = rowsOf('java', false, 'exec-wrapper');
const dotnet = rowsOf('dotnet', true, 'exec-wrapper');
const provided = rowsOf('provided', false, 'extension-only');

// Dates from AWS's Lambda runtimes page (supported and deprecated runtimes tables), late 2026; the
// Amazon Linux 2 runtimes carry AWS's extension beyond AL2's own end of life. AWS moves block dates
// (python3.9, dotnet6 and dotnet8 were moved to 2027-02-01 / 2027-03-03): check the page when updating.
export const RUNTIMES: readonly RuntimeInfo[] = [
  ...python([
    ['python3.14', 'Python 3.14', 'Datadog-Python314', ['2029-06-30', '2029-07-31', '2029-08-31']],
    ['python3.13', 'Python 3.13', 'Datadog-Python313', ['2029-06-30', '2029-07-31', '2029-08-31']],
    ['python3.12', 'Python 3.12', 'Datadog-Python312', ['2028-10-31', '2028-11-30', '2029-01-10']],
    ['python3.11', 'Python 3.11', 'Datadog-Python311', ['2027-06-30', '2027-07-31', '2027-08-31']],
    ['python3.10', 'Python 3.10', 'Datadog-Python310', ['2026-10-31', '2026-11-30', '2027-01-15']],
    ['python3.9', 'Python 3.9', 'Datadog-Python39', ['2025-12-15', '2027-02-01', '2027-03-03']],
    ['python3.8', 'Python 3.8', 'Datadog-Python38', ['2024-10-14', '2026-03-09', '2026-04-01']],
    ['python3.7', 'Python 3.7', 'Datadog-Python37', ['2023-12-04', '2024-01-09', '2024-02-08']],
    ['python3.6', 'Python 3.6', 'Datadog-Python36', ['2022-07-18', '2022-08-17', '2022-09-16']],
    ['python2.7', 'Python 2.7', 'Datadog-Python27', ['2021-07-15', '2021-08-15', '2021-09-30']],
  ]),
  ...node([
    ['nodejs24.x', 'Node.js 24', 'Datadog-Node24-x', ['2028-04-30', '2028-06-01', '2028-07-01']],
    ['nodejs22.x', 'Node.js 22', 'Datadog-Node22-x', ['2027-04-30', '2027-06-01', '2027-07-01']],
    ['nodejs20.x', 'Node.js 20', 'Datadog-Node20-x', ['2026-04-30', '2026-08-31', '2026-09-30']],
    ['nodejs18.x', 'Node.js 18', 'Datadog-Node18-x', ['2025-09-01', '2026-03-09', '2026-04-01']],
    ['nodejs16.x', 'Node.js 16', 'Datadog-Node16-x', ['2024-06-12', '2026-03-09', '2026-04-01']],
    ['nodejs14.x', 'Node.js 14', 'Datadog-Node14-x', ['2023-12-04', '2024-01-09', '2024-02-08']],
    ['nodejs12.x', 'Node.js 12', 'Datadog-Node12-x', ['2023-03-31', '2023-04-30', '2023-05-31']],
    ['nodejs10.x', 'Node.js 10', 'Datadog-Node10-x', ['2021-07-30', '2021-07-30', '2021-08-30']],
  ]),
  ...ruby([
    ['ruby4.0', 'Ruby 4.0', 'Datadog-Ruby4-0', ['2029-03-31', '2029-04-30', '2029-05-31']],
    ['ruby3.4', 'Ruby 3.4', 'Datadog-Ruby3-4', ['2028-03-31', '2028-04-30', '2028-05-31']],
    ['ruby3.3', 'Ruby 3.3', 'Datadog-Ruby3-3', ['2027-03-31', '2027-04-30', '2027-05-31']],
    ['ruby3.2', 'Ruby 3.2', 'Datadog-Ruby3-2', ['2026-03-31', '2026-08-31', '2026-09-30']],
    ['ruby2.7', 'Ruby 2.7', 'Datadog-Ruby2-7', ['2023-12-07', '2024-01-09', '2024-02-08']],
    ['ruby2.5', 'Ruby 2.5', 'Datadog-Ruby2-5', ['2021-07-30', '2021-07-30', '2021-08-30']],
  ]),
  ...java([
    ['java25', 'Java 25', 'dd-trace-java', ['2029-06-30', '2029-07-31', '2029-08-31']],
    ['java21', 'Java 21', 'dd-trace-java', ['2029-06-30', '2029-07-31', '2029-08-31']],
    ['java17', 'Java 17', 'dd-trace-java', ['2027-06-30', '2027-07-31', '2027-08-31']],
    ['java11', 'Java 11', 'dd-trace-java', ['2027-06-30', '2027-07-31', '2027-08-31']],
    ['java8.al2', 'Java 8 (Amazon Linux 2)', 'dd-trace-java', ['2027-06-30', '2027-07-31', '2027-08-31']],
    ['java8', 'Java 8 (Amazon Linux 1)', 'dd-trace-java', ['2024-01-08', '2024-02-08', '2024-03-12']],
  ]),
  ...dotnet([
    ['dotnet10', '.NET 10', 'dd-trace-dotnet', ['2028-11-14', '2028-12-14', '2029-01-15']],
    ['dotnet8', '.NET 8', 'dd-trace-dotnet', ['2026-11-10', '2027-02-01', '2027-03-03']],
    ['dotnet6', '.NET 6', 'dd-trace-dotnet', ['2024-12-20', '2027-02-01', '2027-03-03']],
    ['dotnetcore3.1', '.NET Core 3.1', 'dd-trace-dotnet', ['2023-04-03', '2023-05-03', '2023-06-05']],
    ['dotnetcore2.1', '.NET Core 2.1', 'dd-trace-dotnet', ['2022-01-05', '2022-01-05', '2022-04-13']],
  ]),
  ...provided([
    ['provided.al2023', 'OS-only runtime (Amazon Linux 2023)', undefined, ['2029-06-30', '2029-07-31', '2029-08-31']],
    ['provided.al2', 'OS-only runtime (Amazon Linux 2)', undefined, ['2027-06-30', '2027-07-31', '2027-08-31']],
    ['provided', 'Custom runtime (Amazon Linux 1)', undefined, ['2024-01-08', '2024-02-08', '2024-03-12']],
    ['go1.x', 'Go 1.x', undefined, ['2024-01-08', '2024-02-08', '2024-03-12']],
  ]),
];

/** The UTC calendar day of a date or ISO timestamp, as AWS's dates are written (YYYY-MM-DD). */
export function dayOf(date: Date | string): string {
  const iso = typeof date === 'string' ? date : date.toISOString();
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) throw new Error(`"${iso}" is not an ISO date (YYYY-MM-DD…).`);
  return iso.slice(0, 10);
}

/** Which of AWS's deprecation stages the runtime has reached on `today` (a stage starts on its date). */
export function runtimeStage(info: RuntimeInfo, today: Date | string): RuntimeStage {
  const lifecycle = info.lifecycle;
  if (!lifecycle) return 'supported';
  const day = dayOf(today);
  if (day >= lifecycle.blockUpdate) return 'update-blocked';
  if (day >= lifecycle.blockCreate) return 'create-blocked';
  if (day >= lifecycle.deprecation) return 'deprecated';
  return 'supported';
}

/**
 * What AWS's schedule means for the runtime on `today`, in words; undefined while it is supported.
 * E.g. "Python 3.10 is deprecated by AWS since 2026-10-31; new functions blocked since 2026-11-30;
 * updates blocked from 2027-01-15."
 */
export function runtimeStageReason(info: RuntimeInfo, today: Date | string): string | undefined {
  const stage = runtimeStage(info, today);
  const lifecycle = info.lifecycle;
  if (stage === 'supported' || !lifecycle) return undefined;
  const created = stage === 'deprecated' ? `new functions blocked from ${lifecycle.blockCreate}` : `new functions blocked since ${lifecycle.blockCreate}`;
  const updated = stage === 'update-blocked'
    ? `updates blocked since ${lifecycle.blockUpdate}, so nothing (tracing included) can change it until it moves to a supported runtime`
    : `updates blocked from ${lifecycle.blockUpdate}`;
  return `${info.label} is deprecated by AWS since ${lifecycle.deprecation}; ${created}; ${updated}.`;
}

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

/** The newest runtime of a family AWS still supports on `today`: what "upgrade the runtime first" points to. */
export function latestRuntimeOf(family: RuntimeFamily, today: Date | string): RuntimeInfo | undefined {
  return RUNTIMES.find(info => info.family === family && runtimeStage(info, today) === 'supported');
}

/** Library layer base names Datadog publishes, with the families they serve. */
export function familyOfLibraryLayer(baseName: string): RuntimeFamily | undefined {
  return RUNTIMES.find(info => info.datadogLayer === baseName)?.family;
}
