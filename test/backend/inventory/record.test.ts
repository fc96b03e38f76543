import { toInventoryRecord } from '../../../src/backend/inventory/record';
import { DEFAULT_LAYER_VERSIONS } from '../../../src/common/layers';
import type { FunctionConfig } from '../../../src/common/model';

const settings = {
  datadog: { site: 'datadoghq.com', apiKeySecretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:dd-api-key', layerVersions: DEFAULT_LAYER_VERSIONS },
};
const scannedAt = '2026-06-01T12:00:00.000Z';

function python(overrides: Partial<FunctionConfig> = {}): FunctionConfig {
  return {
    FunctionName: 'payments-api',
    FunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:payments-api',
    Runtime: 'python3.12',
    Handler: 'app.handler',
    PackageType: 'Zip',
    Architectures: ['arm64'],
    LastModified: '2026-05-01T00:00:00.000+0000',
    TracingConfig: { Mode: 'PassThrough' },
    Environment: { Variables: { DB_PASSWORD: 'canary-s3cret', DD_SITE: 'datadoghq.eu' } },
    Tags: {},
    ...overrides,
  };
}

describe('toInventoryRecord', () => {
  it('summarises where the function lives and what it runs', () => {
    const { summary } = toInventoryRecord(python(), [], 'component:default/payments', settings, scannedAt);
    expect(summary).toMatchObject({
      arn: 'arn:aws:lambda:eu-west-1:111111111111:function:payments-api',
      name: 'payments-api',
      accountId: '111111111111',
      region: 'eu-west-1',
      runtime: 'python3.12',
      runtimeFamily: 'python',
      architecture: 'arm64',
      packageType: 'Zip',
      owner: 'component:default/payments',
      lastModified: '2026-05-01T00:00:00.000+0000',
      canRollback: false,
    });
  });

  it('carries the detected status and findings and the recommendation into the summary', () => {
    const record = toInventoryRecord(python(), [], null, settings, scannedAt);
    expect(record.summary.status).toBe(record.state.status);
    expect(record.summary.findings).toEqual(record.state.findings);
    expect(record.summary.solution).toBe(record.recommendation.solution);
    expect(record.summary.applicability).toBe(record.recommendation.applicability);
    expect(record.scannedAt).toBe(scannedAt);
  });

  it('recommends with the invokers it was given', () => {
    const direct = toInventoryRecord(python(), [], null, settings, scannedAt);
    const viaAppSync = toInventoryRecord(python(), ['appsync'], null, settings, scannedAt);
    expect(direct.recommendation.solution).toBe('dd-trace');
    expect(viaAppSync.recommendation.solution).toBe('dd-trace-xray');
    expect(viaAppSync.invokers).toEqual(['appsync']);
  });

  it('recognises infrastructure-as-code from the tags', () => {
    const record = toInventoryRecord(python({ Tags: { 'aws:cloudformation:stack-name': 'payments', 'lambda:createdBy': 'SAM' } }), [], null, settings, scannedAt);
    expect(record.summary.iac).toBe('sam');
  });

  it('keeps only disclosed environment values in the stored configuration', () => {
    const record = toInventoryRecord(python(), [], null, settings, scannedAt);
    expect(JSON.stringify(record)).not.toContain('canary-s3cret');
    expect(record.config.Environment?.Variables?.DD_SITE).toBe('datadoghq.eu');
  });

  it('summarises a container image without a runtime', () => {
    const { summary } = toInventoryRecord(python({ PackageType: 'Image', Runtime: undefined, Handler: undefined, Architectures: undefined }), [], null, settings, scannedAt);
    expect(summary).toMatchObject({ packageType: 'Image', runtime: null, runtimeFamily: 'other', architecture: 'x86_64' });
  });

  it('has no blockers when one click can apply the recommendation', () => {
    const { summary } = toInventoryRecord(python(), [], null, settings, scannedAt);
    expect(summary).toMatchObject({ applicability: 'one-click', blockers: [] });
  });

  it('offers no one click where the plan is blocked, and names the blocker', () => {
    const fiveUserLayers = [1, 2, 3, 4, 5].map(n => ({ Arn: `arn:aws:lambda:eu-west-1:111111111111:layer:shared-${n}:1` }));
    const { summary, recommendation } = toInventoryRecord(python({ Layers: fiveUserLayers }), [], null, settings, scannedAt);
    expect(summary.applicability).toBe('blocked');
    expect(summary.blockers.map(b => b.code)).toEqual(['too-many-layers']);
    expect(recommendation.blockers).toEqual(summary.blockers);
  });

  it('keeps no gaps for a complete context and names each missing invoker source otherwise', () => {
    expect(toInventoryRecord(python(), [], null, settings, scannedAt).summary.invokerGaps).toEqual([]);
    const gap = { source: 'resource-policy' as const, reason: 'not read yet' };
    const { summary, recommendation } = toInventoryRecord(python(), { invokedBy: [], missing: [gap] }, null, settings, scannedAt);
    expect(summary.invokerGaps).toEqual([gap]);
    expect(summary.findings.find(f => f.code === 'invoker-context-incomplete')?.severity).toBe('warning');
    expect(recommendation.undecided).toEqual([gap]);
  });

  it('calls a gap harmless where no invoker could change the choice (Java)', () => {
    const gap = { source: 'step-functions' as const, reason: 'access denied' };
    const java = python({ Runtime: 'java21', Handler: 'com.example.Handler::handleRequest' });
    const { summary, recommendation } = toInventoryRecord(java, { invokedBy: [], missing: [gap] }, null, settings, scannedAt);
    expect(summary.invokerGaps).toEqual([gap]);
    expect(summary.findings.find(f => f.code === 'invoker-context-incomplete')?.severity).toBe('info');
    expect(recommendation.undecided).toBeUndefined();
  });

  it('plans from the full environment, not the redacted one, so the 4 KB limit is exact', () => {
    const nearLimit = { BIG: 'x'.repeat(3900), DD_SITE: 'datadoghq.eu' };
    const { summary } = toInventoryRecord(python({ Environment: { Variables: nearLimit } }), [], null, settings, scannedAt);
    expect(summary.blockers.map(b => b.code)).toContain('environment-too-large');
  });

  it('refuses a configuration without a function ARN, naming the function', () => {
    expect(() => toInventoryRecord(python({ FunctionArn: undefined }), [], null, settings, scannedAt)).toThrow(/without a valid FunctionArn.*payments-api/);
  });

  it("judges the runtime's deprecation stage on the day the function was scanned", () => {
    const on = (day: string) => toInventoryRecord(python({ Runtime: 'python3.10' }), [], null, settings, `${day}T08:00:00.000Z`).summary;
    expect(on('2027-01-14')).toMatchObject({ applicability: 'one-click', blockers: [] });
    expect(on('2027-01-15').applicability).toBe('upgrade-runtime-first');
  });
});
