import { applyUpdate, checkpointFor, checkpointState, currentUpdate, planEnablement, planRollback, verifyApplied, type FunctionConfig } from '../../src/common';
import { ACCOUNT, lambda, layer, layers, request } from './fixtures';

const NOW = '2026-11-01T10:00:00.000Z';
const userLayer = (name: string) => layer(name, 1, 'eu-west-1', ACCOUNT);

function enable(config: FunctionConfig, solution: Parameters<typeof request>[0] = 'dd-trace') {
  const plan = planEnablement(config, request(solution));
  return { plan, checkpoint: checkpointFor(config, plan, NOW), enabled: applyUpdate(config, plan.after) };
}

describe('checkpointFor', () => {
  it('records only what the plan changes', () => {
    const config = lambda({ Environment: { Variables: { TABLE: 'orders', DD_SITE: 'datadoghq.eu' } } });
    const { checkpoint } = enable(config);
    expect(checkpoint.env.map(e => e.key)).not.toContain('TABLE');
    expect(checkpoint.env.map(e => e.key)).not.toContain('DD_SITE');
    expect(checkpoint.env.find(e => e.key === 'DD_LAMBDA_HANDLER')).toEqual({ key: 'DD_LAMBDA_HANDLER', before: null, after: 'app.handler' });
    expect(checkpoint.handler).toEqual({ before: 'app.handler', after: 'datadog_lambda.handler.handler' });
    expect(checkpoint.tracingMode).toBeUndefined();
    expect(checkpoint.createdAt).toBe(NOW);
  });

  it('records the prior tracing mode when the plan changes it', () => {
    expect(enable(lambda(), 'xray').checkpoint.tracingMode).toEqual({ before: 'PassThrough', after: 'Active' });
  });
});

describe('planRollback', () => {
  it('restores the original configuration right after enable', () => {
    const original = lambda({ Layers: layers(userLayer('a')), Environment: { Variables: { TABLE: 'orders' } } });
    const { checkpoint, enabled } = enable(original, 'dd-trace-xray');
    const rollback = planRollback(enabled, checkpoint);
    expect(rollback.blockers).toEqual([]);
    expect(rollback.action).toBe('rollback');
    expect(rollback.after).toEqual(currentUpdate(original));
  });

  it('puts a replaced Datadog layer back where it was', () => {
    const original = lambda({ Layers: layers(userLayer('a'), layer('Datadog-Python312', 100), userLayer('b'), layer('Datadog-Extension', 50)) });
    const { checkpoint, enabled } = enable(original);
    expect(planRollback(enabled, checkpoint).after.Layers).toEqual(currentUpdate(original).Layers);
  });

  it('keeps a layer someone added since, in place', () => {
    const { checkpoint, enabled } = enable(lambda({ Layers: layers(userLayer('a')) }));
    const later = { ...enabled, Layers: [...enabled.Layers!, { Arn: userLayer('late') }] };
    expect(planRollback(later, checkpoint).after.Layers).toEqual([userLayer('a'), userLayer('late')]);
  });

  it('keeps a variable someone added since', () => {
    const { checkpoint, enabled } = enable(lambda());
    const later = { ...enabled, Environment: { Variables: { ...enabled.Environment!.Variables, NEW: '1' } } };
    expect(planRollback(later, checkpoint).after.Environment.Variables).toEqual({ NEW: '1' });
  });

  it('refuses, naming the key, when someone changed a variable we set', () => {
    const { checkpoint, enabled } = enable(lambda());
    const later = { ...enabled, Environment: { Variables: { ...enabled.Environment!.Variables, DD_SITE: 'datadoghq.com' } } };
    const rollback = planRollback(later, checkpoint);
    expect(rollback.blockers).toHaveLength(1);
    expect(rollback.blockers[0]).toMatchObject({ code: 'changed-since-enable' });
    expect(rollback.blockers[0].message).toContain('DD_SITE');
    expect(rollback.blockers[0].message).not.toContain('datadoghq.com');
  });

  it('refuses when someone changed the handler since', () => {
    const { checkpoint, enabled } = enable(lambda());
    expect(planRollback({ ...enabled, Handler: 'other.handler' }, checkpoint).blockers[0].message).toContain('handler');
  });

  it('refuses when someone removed a layer we added', () => {
    const { checkpoint, enabled } = enable(lambda());
    const later = { ...enabled, Layers: enabled.Layers!.slice(1) };
    expect(planRollback(later, checkpoint).blockers[0].message).toContain('Datadog-Python312');
  });

  it('refuses when someone changed the tracing mode since', () => {
    const { checkpoint, enabled } = enable(lambda(), 'xray');
    expect(planRollback({ ...enabled, TracingConfig: { Mode: 'PassThrough' } }, checkpoint).blockers[0].message).toContain('X-Ray');
  });

  it('has nothing to undo when enable changed nothing', () => {
    const { checkpoint, enabled } = enable(applyUpdate(lambda(), planEnablement(lambda(), request()).after));
    expect(planRollback(enabled, checkpoint).changes).toEqual([]);
  });
});

describe('verifyApplied', () => {
  it('finds nothing when AWS reports exactly the plan', () => {
    const { plan, enabled } = enable(lambda());
    expect(verifyApplied({ ...enabled, RevisionId: 'rev-2', LastUpdateStatus: 'Successful' }, plan)).toEqual([]);
  });

  it('names each difference in what the plan changed, without variable values', () => {
    const { plan, enabled } = enable(lambda({ Handler: 'app.handler' }));
    const drifted: FunctionConfig = {
      ...enabled,
      Handler: 'app.handler',
      Layers: enabled.Layers!.slice(0, 1),
      Environment: { Variables: { ...enabled.Environment!.Variables, DD_SITE: 'secret-canary' } },
    };
    const problems = verifyApplied(drifted, plan);
    expect(problems).toHaveLength(3);
    expect(problems.join(' ')).toContain('DD_SITE');
    expect(problems.join(' ')).toContain('Handler');
    expect(problems.join(' ')).not.toContain('secret-canary');
  });

  it('ignores what someone else changed right after our update: a new variable, another tracing mode', () => {
    const { plan, enabled } = enable(lambda());
    const deployed: FunctionConfig = {
      ...enabled,
      Environment: { Variables: { ...enabled.Environment!.Variables, RACE_1: 'deploy' } },
      TracingConfig: { Mode: 'Active' },
    };
    expect(verifyApplied(deployed, plan)).toEqual([]);
  });
});

describe('checkpointState', () => {
  it('is applied when every recorded change is in place, even with other changes around it', () => {
    const { checkpoint, enabled } = enable(lambda({ Layers: layers(userLayer('a')) }));
    expect(checkpointState({ ...enabled, Environment: { Variables: { ...enabled.Environment!.Variables, OTHER: '1' } } }, checkpoint)).toBe('applied');
  });

  it('is original when the update never landed or was undone', () => {
    const original = lambda({ Layers: layers(userLayer('a')), Environment: { Variables: { TABLE: 'orders' } } });
    const { checkpoint, enabled } = enable(original, 'dd-trace-xray');
    expect(checkpointState(original, checkpoint)).toBe('original');
    expect(checkpointState(applyUpdate(enabled, planRollback(enabled, checkpoint).after), checkpoint)).toBe('original');
  });

  it('is diverged when someone changed a recorded key to something else', () => {
    const { checkpoint, enabled } = enable(lambda());
    expect(checkpointState({ ...enabled, Environment: { Variables: { ...enabled.Environment!.Variables, DD_LAMBDA_HANDLER: 'other.handler' } } }, checkpoint)).toBe('diverged');
  });
});
