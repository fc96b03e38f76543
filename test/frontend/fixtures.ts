// Mock factories typed by src/common/api.ts: realistic responses of the serverless-tracing backend.
import type {
  AuditEvent,
  CoverageSummary,
  Facets,
  FunctionDetails,
  FunctionSummary,
  FunctionsPage,
  Job,
  JobItem,
  PlanView,
  ScanInfo,
} from '../../src/common/api';
import type { Campaign, CampaignStage, UpgradeCandidates } from '../../src/common/campaigns';
import { DEFAULT_LAYER_VERSIONS } from '../../src/common/layers';

export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';

export function functionArn(name: string, accountId = ACCOUNT, region = REGION): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${name}`;
}

export function functionSummary(overrides: Partial<FunctionSummary> & { name: string }): FunctionSummary {
  return {
    arn: functionArn(overrides.name, overrides.accountId, overrides.region),
    accountId: ACCOUNT,
    region: REGION,
    runtime: 'python3.12',
    runtimeFamily: 'python',
    architecture: 'x86_64',
    packageType: 'Zip',
    status: 'untraced',
    findings: [{ code: 'no-tracing', severity: 'info', message: 'No tracing library, extension or X-Ray mode found.' }],
    solution: 'dd-trace',
    applicability: 'one-click',
    owner: 'component:default/payments',
    iac: null,
    lastModified: '2025-05-02T10:15:00.000+0000',
    canRollback: false,
    blockers: [],
    invokerGaps: [],
    drift: [],
    exclusion: null,
    traceEvidence: null,
    ...overrides,
  };
}

export const DD_PYTHON_LAYER = 'arn:aws:lambda:eu-west-1:464622532012:layer:Datadog-Python312:128';
export const DD_EXTENSION_LAYER = 'arn:aws:lambda:eu-west-1:464622532012:layer:Datadog-Extension:100';

export function enablePlan(arn: string, overrides: Partial<PlanView> = {}): PlanView {
  return {
    functionArn: arn,
    action: 'enable',
    solution: 'dd-trace',
    changes: [
      { kind: 'layer-added', arn: DD_PYTHON_LAYER },
      { kind: 'layer-added', arn: DD_EXTENSION_LAYER },
      { kind: 'env-set', key: 'DD_SITE', existed: false, before: null, after: 'datadoghq.eu' },
      { kind: 'env-set', key: 'DD_LAMBDA_HANDLER', existed: false, before: null, after: 'app.handler' },
      // A variable the function already had: its old value is not the plugin's to show.
      { kind: 'env-set', key: 'DD_SERVICE', existed: true, before: null, after: 'payments' },
      { kind: 'handler-changed', before: 'app.handler', after: 'datadog_lambda.handler.handler' },
    ],
    blockers: [],
    warnings: [],
    ...overrides,
  };
}

export function functionDetails(
  summary: FunctionSummary,
  overrides: Partial<Omit<FunctionDetails, keyof FunctionSummary>> = {},
): FunctionDetails {
  return {
    ...summary,
    handler: 'app.handler',
    layers: [],
    tracingMode: 'PassThrough',
    memorySize: 512,
    timeout: 30,
    environmentVariableNames: ['DB_PASSWORD', 'DD_SERVICE'],
    disclosedEnvironment: {},
    tags: { service: 'payments' },
    recommendation: {
      solution: summary.solution,
      applicability: summary.applicability,
      reasons: ['Python runs dd-trace from a Lambda layer: one click adds it and the Datadog extension.'],
    },
    plan: enablePlan(summary.arn),
    rollbackPlan: null,
    history: [],
    ...overrides,
  };
}

export function auditEvent(overrides: Partial<AuditEvent> & { functionArn: string }): AuditEvent {
  return {
    id: 'audit-1',
    at: '2025-05-03T09:00:00.000Z',
    actor: 'user:default/jane',
    action: 'enable',
    jobId: 'job-0',
    outcome: 'succeeded',
    summary: 'added 2 layers, set 3 variables, handler redirected',
    message: null,
    ...overrides,
  };
}

export function scanInfo(overrides: Partial<ScanInfo> = {}): ScanInfo {
  return {
    id: 'scan-1',
    state: 'succeeded',
    startedAt: '2025-05-03T08:00:00.000Z',
    finishedAt: '2025-05-03T08:01:30.000Z',
    functionCount: 3,
    errors: [],
    ...overrides,
  };
}

export function emptyFacets(): Facets {
  return { account: [], region: [], runtime: [], status: [], solution: [], applicability: [], owner: [], evidence: [] };
}

/** Facet counts as the backend computes them: occurrences of each value among the functions. */
export function facetsOf(items: FunctionSummary[]): Facets {
  const count = (values: Array<string | null>) => {
    const counts = new Map<string, number>();
    for (const value of values) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
    return [...counts].map(([value, n]) => ({ value, count: n }));
  };
  return {
    account: count(items.map(i => i.accountId)),
    region: count(items.map(i => i.region)),
    runtime: count(items.map(i => i.runtimeFamily)),
    status: count(items.map(i => i.status)),
    solution: count(items.map(i => i.solution)),
    applicability: count(items.map(i => i.applicability)),
    owner: count(items.map(i => i.owner)),
    evidence: count(items.map(i => i.traceEvidence?.state ?? null)),
  };
}

export function functionsPage(items: FunctionSummary[], overrides: Partial<FunctionsPage> = {}): FunctionsPage {
  return { items, total: items.length, offset: 0, limit: 25, facets: facetsOf(items), lastScan: scanInfo(), datadogSite: 'datadoghq.com', ...overrides };
}

export function coverageSummary(overrides: Partial<CoverageSummary> = {}): CoverageSummary {
  return {
    total: 4,
    traced: 1,
    byStatus: { untraced: 2, datadog: 1, misconfigured: 1 },
    byRuntime: [
      { key: 'python', total: 3, traced: 1, byStatus: { untraced: 1, datadog: 1, misconfigured: 1 }, excluded: 0 },
      { key: 'node', total: 1, traced: 0, byStatus: { untraced: 1 }, excluded: 0 },
    ],
    byAccount: [{ key: ACCOUNT, total: 4, traced: 1, byStatus: { untraced: 2, datadog: 1, misconfigured: 1 }, excluded: 0 }],
    byOwner: [{ key: 'component:default/payments', total: 4, traced: 1, byStatus: { untraced: 2, datadog: 1, misconfigured: 1 }, excluded: 0 }],
    excluded: 0,
    traceEvidence: { seen: 1, noneYet: 0, unknown: 0 },
    lastScan: scanInfo(),
    ...overrides,
  };
}

export function jobItem(functionArn: string, overrides: Partial<JobItem> = {}): JobItem {
  return { functionArn, state: 'pending', message: null, appliedSolution: null, updatedAt: '2025-05-03T09:00:00.000Z', ...overrides };
}

/** A job whose counts agree with its items. */
export function job(items: JobItem[], overrides: Partial<Omit<Job, 'counts' | 'items'>> = {}): Job {
  const counts = { total: items.length, pending: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
  for (const item of items) counts[item.state] += 1;
  const finished = counts.pending === 0 && counts.running === 0;
  const state: Job['state'] = !finished
    ? counts.running > 0 || counts.succeeded + counts.failed > 0
      ? 'running'
      : 'pending'
    : counts.cancelled > 0
      ? 'cancelled'
      : counts.failed === 0
      ? 'succeeded'
      : counts.succeeded === 0
        ? 'failed'
        : 'partial';
  return {
    id: 'job-1',
    action: 'enable',
    solution: null,
    state,
    createdBy: 'user:default/jane',
    createdAt: '2025-05-03T09:00:00.000Z',
    finishedAt: finished ? '2025-05-03T09:00:05.000Z' : null,
    counts,
    items,
    ...overrides,
  };
}

/** No function behind the configured layer versions, unless overridden. */
export function upgradeCandidates(overrides: Partial<UpgradeCandidates> = {}): UpgradeCandidates {
  return { targetVersions: DEFAULT_LAYER_VERSIONS, total: 0, upgradable: 0, byAccount: [], byOwner: [], items: [], ...overrides };
}

/** A campaign of two stages by account, the first running as job-1. */
export function campaign(overrides: Partial<Campaign> = {}): Campaign {
  const stage = (label: string, names: string[], jobId: string | null): CampaignStage => ({
    label,
    functionArns: names.map(name => functionArn(name)),
    jobId,
    excludedSince: [],
    startedAt: jobId ? '2025-05-03T09:00:00.000Z' : null,
    finishedAt: null,
  });
  return {
    id: 'campaign-1',
    state: 'running',
    targetVersions: DEFAULT_LAYER_VERSIONS,
    staging: { by: 'account' },
    pauseSeconds: 600,
    requireApproval: true,
    stages: [stage(`account ${ACCOUNT}`, ['orders-api'], 'job-1'), stage('account 222222222222', ['billing-api', 'billing-worker'], null)],
    currentStage: 0,
    nextStageAt: null,
    reason: null,
    createdBy: 'user:default/jane',
    createdAt: '2025-05-03T09:00:00.000Z',
    updatedAt: '2025-05-03T09:00:00.000Z',
    ...overrides,
  };
}
