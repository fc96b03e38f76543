// InventoryRecord fixtures for the store tests: realistic summaries with only what a test varies.
import type { FunctionSummary } from '../../../src/common/api';
import type { InventoryRecord } from '../../../src/backend/store/types';

export type RecordOverrides = Partial<Omit<FunctionSummary, 'arn'>> & { env?: Record<string, string> };

export function record(name: string, overrides: RecordOverrides = {}): InventoryRecord {
  const { env, ...summaryOverrides } = overrides;
  const accountId = overrides.accountId ?? '111111111111';
  const region = overrides.region ?? 'us-east-1';
  const arn = `arn:aws:lambda:${region}:${accountId}:function:${name}`;
  const summary: FunctionSummary = {
    arn,
    name,
    accountId,
    region,
    runtime: 'python3.12',
    runtimeFamily: 'python',
    architecture: 'x86_64',
    packageType: 'Zip',
    status: 'untraced',
    findings: [],
    solution: 'dd-trace',
    applicability: 'one-click',
    owner: null,
    iac: null,
    lastModified: '2026-01-01T00:00:00.000+0000',
    canRollback: false,
    blockers: [],
    invokerGaps: [],
    drift: [],
    exclusion: null,
    traceEvidence: null,
    ...summaryOverrides,
  };
  return {
    summary,
    config: {
      FunctionName: name,
      FunctionArn: arn,
      Runtime: summary.runtime ?? undefined,
      Handler: 'app.handler',
      Environment: { Variables: env ?? {} },
    },
    state: { status: summary.status, findings: [] },
    recommendation: { solution: summary.solution, applicability: summary.applicability, reasons: ['because'] },
    invokers: [],
    scannedAt: '2026-06-01T00:00:00.000Z',
  };
}
