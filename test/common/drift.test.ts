import { applyUpdate, checkpointFor, currentUpdate, planEnablement, recommend, type Checkpoint, type FunctionConfig } from '../../src/common';
import { driftFindings, driftOf } from '../../src/common/drift';
import { lambda, layer, layers, request, settings } from './fixtures';

const NOW = '2026-11-01T10:00:00.000Z';

/** Enables `solution` on `config` and marks the checkpoint landed, as the job runner does. */
function enabled(config: FunctionConfig, solution: Parameters<typeof request>[0] = 'dd-trace', overrides: Parameters<typeof request>[1] = {}) {
  const plan = planEnablement(config, request(solution, overrides));
  const checkpoint: Checkpoint = { ...checkpointFor(config, plan, NOW), id: '1', revisionIdWritten: 'rev-2' };
  return { checkpoint, after: applyUpdate(config, plan.after) };
}

const codes = (config: FunctionConfig, checkpoints: Checkpoint[]) => driftFindings(config, checkpoints).map(f => f.code);

describe('driftFindings', () => {
  it('finds nothing while the function carries what the plugin applied, whatever else changed', () => {
    const { checkpoint, after } = enabled(lambda({ Environment: { Variables: { TABLE: 'orders' } } }));
    expect(driftFindings(after, [checkpoint])).toEqual([]);
    const otherDeploy = { ...after, Environment: { Variables: { ...after.Environment!.Variables, TABLE: 'invoices', NEW: 'x' } }, MemorySize: 1024 };
    expect(driftFindings(otherDeploy, [checkpoint])).toEqual([]);
  });

  it('names every part a deploy reverted: layers, variables, handler', () => {
    const original = lambda({ Environment: { Variables: { TABLE: 'orders' } } });
    const { checkpoint } = enabled(original);
    const found = codes(original, [checkpoint]);
    expect(found).toContain('drift-layer-removed');
    expect(found).toContain('drift-variable-removed');
    expect(found).toContain('drift-handler-reset');
    expect(found.filter(code => code === 'drift-layer-removed')).toHaveLength(checkpoint.layers.after.length - checkpoint.layers.before.length);
  });

  it('says X-Ray was turned off when the plugin had turned it on', () => {
    const { checkpoint, after } = enabled(lambda(), 'xray');
    const reverted = { ...after, TracingConfig: { Mode: 'PassThrough' } };
    expect(driftFindings(reverted, [checkpoint])).toEqual([
      { code: 'drift-tracing-mode', severity: 'error', message: 'X-Ray active tracing is PassThrough; the plugin had set it to Active.' },
    ]);
  });

  it('names a changed variable but never its value, neither ours nor the new one', () => {
    const kmsKey = 'AQICAHiSecretEncryptedApiKeyValue==';
    const { checkpoint, after } = enabled(lambda(), 'dd-trace', { apiKeySecretArn: undefined, kmsApiKey: kmsKey });
    const changed = { ...after, Environment: { Variables: { ...after.Environment!.Variables, DD_KMS_API_KEY: 'someone-elses-key' } } };
    const findings = driftFindings(changed, [checkpoint]);
    expect(findings.map(f => f.code)).toEqual(['drift-variable-changed']);
    expect(findings[0].message).toContain('DD_KMS_API_KEY');
    expect(JSON.stringify(findings)).not.toContain(kmsKey);
    expect(JSON.stringify(findings)).not.toContain('someone-elses-key');
  });

  it('takes a newer version of the same layer as still traced, an older one as drift', () => {
    const { checkpoint, after } = enabled(lambda());
    const ours = checkpoint.layers.after.find(arn => arn.includes('Datadog-Python'))!;
    const version = Number(ours.split(':').pop());
    const swap = (to: number) => ({ ...after, Layers: layers(...currentUpdate(after).Layers.map(arn => (arn === ours ? ours.replace(/:\d+$/, `:${to}`) : arn))) });
    expect(driftFindings(swap(version + 1), [checkpoint])).toEqual([]);
    expect(codes(swap(version - 1), [checkpoint])).toEqual(['drift-layer-downgraded']);
  });

  it('reports a layer the plugin replaced that came back once, with the downgrade', () => {
    const old = layer('Datadog-Python312', 90);
    const { checkpoint, after } = enabled(lambda({ Layers: layers(old) }));
    expect(checkpoint.layers.before).toContain(old);
    const ours = checkpoint.layers.after.find(arn => arn.includes('Datadog-Python312'))!;
    const reverted = { ...after, Layers: layers(...currentUpdate(after).Layers.map(arn => (arn === ours ? old : arn))) };
    expect(codes(reverted, [checkpoint])).toEqual(['drift-layer-downgraded']);
    const both = { ...after, Layers: layers(...currentUpdate(after).Layers, old) };
    expect(codes(both, [checkpoint])).toEqual(['drift-layer-restored']);
  });

  it('judges against every open checkpoint: a later upgrade does not hide an earlier variable', () => {
    const first = enabled(lambda(), 'dd-trace', { layerVersions: { ...settings().layerVersions, python: 100 } });
    const second = enabled(first.after, 'dd-trace');
    const secondCheckpoint = { ...second.checkpoint, id: '2' };
    expect(driftFindings(second.after, [first.checkpoint, secondCheckpoint])).toEqual([]);
    const vars = { ...second.after.Environment!.Variables };
    delete vars.DD_LAMBDA_HANDLER;
    expect(codes({ ...second.after, Environment: { Variables: vars } }, [first.checkpoint, secondCheckpoint])).toEqual(['drift-variable-removed']);
  });

  it('ignores checkpoints whose update never landed, and does not judge an unreadable environment', () => {
    const original = lambda();
    const { checkpoint } = enabled(original);
    expect(driftFindings(original, [{ ...checkpoint, revisionIdWritten: undefined }])).toEqual([]);
    const unreadable = { ...original, KMSKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k', Environment: { Error: { ErrorCode: 'KMSAccessDeniedException' } } };
    expect(codes(unreadable, [checkpoint]).some(code => code.startsWith('drift-variable'))).toBe(false);
  });
});

describe('driftOf', () => {
  it('gives the solution applied last, and re-applying it is one click that plans the missing parts', () => {
    const original = lambda();
    const { checkpoint } = enabled(original, 'dd-trace-xray');
    const drift = driftOf(original, [checkpoint])!;
    expect(drift.solution).toBe('dd-trace-xray');
    const recommendation = recommend(original, { invokedBy: [], missing: [{ source: 'resource-policy', reason: 'not read' }], datadog: settings(), applied: drift.solution });
    expect(recommendation).toMatchObject({ solution: 'dd-trace-xray', applicability: 'one-click' });
    expect(recommendation.undecided).toBeUndefined();
  });

  it('points an IaC-managed function to its template and stack', () => {
    const original = lambda({ Tags: { 'aws:cloudformation:stack-name': 'payments-prod' } });
    const { checkpoint } = enabled(original);
    const drift = driftOf(original, [checkpoint], 'cloudformation')!;
    expect(drift.findings.at(-1)).toMatchObject({ code: 'drift-iac-managed', severity: 'warning' });
    expect(drift.findings.at(-1)!.message).toContain('stack payments-prod');
  });

  it('is undefined without drift or without anything applied', () => {
    const { checkpoint, after } = enabled(lambda());
    expect(driftOf(after, [checkpoint])).toBeUndefined();
    expect(driftOf(lambda(), [])).toBeUndefined();
  });
});
