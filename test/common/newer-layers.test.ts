// Teams that upgraded Datadog's layers themselves keep their newer versions; only older ones are replaced.
import {
  applyUpdate, checkpointFor, currentUpdate, detectTracing, planEnablement, planRollback, verifyApplied,
} from '../../src/common';
import { ACCOUNT, lambda, layer, layers, request, tracedPython } from './fixtures';

const userLayer = (name: string) => layer(name, 1, 'eu-west-1', ACCOUNT);

describe('planEnablement keeps newer Datadog layers', () => {
  it('keeps a newer library layer of the same name in place', () => {
    const plan = planEnablement(lambda({ Layers: layers(layer('Datadog-Python312', 130), userLayer('a')) }), request());
    expect(plan.after.Layers).toEqual([layer('Datadog-Python312', 130), userLayer('a'), layer('Datadog-Extension', 100)]);
  });

  it('keeps a newer Extension layer', () => {
    const plan = planEnablement(lambda({ Layers: layers(layer('Datadog-Extension', 101)) }), request());
    expect(plan.after.Layers).toEqual([layer('Datadog-Extension', 101), layer('Datadog-Python312', 128)]);
  });

  it('warns newer-layer-kept, naming the layer', () => {
    const plan = planEnablement(lambda({ Layers: layers(layer('Datadog-Python312', 130)) }), request());
    const warning = plan.warnings.find(w => w.code === 'newer-layer-kept');
    expect(warning?.message).toContain('Datadog-Python312:130');
  });

  it('does not warn when the layer is exactly the configured version', () => {
    const plan = planEnablement(tracedPython(), request());
    expect(plan.warnings.map(w => w.code)).not.toContain('newer-layer-kept');
  });

  it('replaces a newer layer built for the wrong architecture', () => {
    const plan = planEnablement(lambda({ Layers: layers(layer('Datadog-Python312-ARM', 130)) }), request());
    expect(plan.after.Layers).toEqual([layer('Datadog-Python312', 128), layer('Datadog-Extension', 100)]);
    expect(plan.warnings.map(w => w.code)).not.toContain('newer-layer-kept');
  });

  it('replaces a newer library layer built for another runtime version', () => {
    const plan = planEnablement(lambda({ Layers: layers(layer('Datadog-Python311', 130)) }), request());
    expect(plan.after.Layers).toEqual([layer('Datadog-Python312', 128), layer('Datadog-Extension', 100)]);
  });

  it('plans no layer change on a function already carrying newer layers', () => {
    const config = tracedPython({ Layers: layers(layer('Datadog-Python312', 130), layer('Datadog-Extension', 105)) });
    expect(planEnablement(config, request()).changes).toEqual([]);
  });

  it('lands exactly as planned (verifyApplied) and rolls back exactly', () => {
    const config = lambda({ Layers: layers(layer('Datadog-Python312', 130)) });
    const plan = planEnablement(config, request());
    const enabled = applyUpdate(config, plan.after);
    expect(verifyApplied(enabled, plan)).toEqual([]);
    const rollback = planRollback(enabled, checkpointFor(config, plan, '2026-11-01T10:00:00.000Z'));
    expect(rollback.after).toEqual(currentUpdate(config));
  });
});

describe('detectTracing with newer layers', () => {
  it('does not call a layer newer than the configured version outdated', () => {
    const state = detectTracing(tracedPython({ Layers: layers(layer('Datadog-Python312', 130), layer('Datadog-Extension', 105)) }));
    expect(state.findings.map(f => f.code)).not.toContain('outdated-layer');
    expect(state.status).toBe('datadog');
  });
});
