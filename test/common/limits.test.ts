import { environmentSize, MAX_ENVIRONMENT_BYTES, MAX_LAYERS, planEnablement } from '../../src/common';
import { ACCOUNT, lambda, layer, layers, request } from './fixtures';

describe('environmentSize', () => {
  it('counts the map as Lambda measures it: compact JSON in UTF-8 bytes', () => {
    expect(environmentSize({})).toBe(2);
    expect(environmentSize({ A: 'b' })).toBe('{"A":"b"}'.length);
    expect(environmentSize({ A: 'é' })).toBe(10);
  });

  it('counts the escaping JSON needs', () => {
    expect(environmentSize({ A: '"' })).toBe('{"A":"\\""}'.length);
  });
});

describe('the limits at the boundary', () => {
  const userLayer = (i: number) => layer(`user-${i}`, 1, 'eu-west-1', ACCOUNT);

  it(`allows exactly ${MAX_LAYERS} layers after the change`, () => {
    const plan = planEnablement(lambda({ Layers: layers(userLayer(1), userLayer(2), userLayer(3)) }), request());
    expect(plan.after.Layers).toHaveLength(5);
    expect(plan.blockers).toEqual([]);
  });

  it(`blocks ${MAX_LAYERS + 1} layers after the change`, () => {
    const plan = planEnablement(lambda({ Layers: layers(userLayer(1), userLayer(2), userLayer(3), userLayer(4)) }), request());
    expect(plan.blockers.map(b => b.code)).toEqual(['too-many-layers']);
  });

  function planWithPadding(extra: number) {
    const base = planEnablement(lambda({ Environment: { Variables: { PAD: '' } } }), request());
    const padding = MAX_ENVIRONMENT_BYTES - environmentSize(base.after.Environment.Variables) + extra;
    return planEnablement(lambda({ Environment: { Variables: { PAD: 'x'.repeat(padding) } } }), request());
  }

  it(`allows exactly ${MAX_ENVIRONMENT_BYTES} bytes of environment after the change`, () => {
    const plan = planWithPadding(0);
    expect(environmentSize(plan.after.Environment.Variables)).toBe(4096);
    expect(plan.blockers).toEqual([]);
  });

  it(`blocks ${MAX_ENVIRONMENT_BYTES + 1} bytes of environment after the change`, () => {
    const plan = planWithPadding(1);
    expect(environmentSize(plan.after.Environment.Variables)).toBe(4097);
    expect(plan.blockers.map(b => b.code)).toEqual(['environment-too-large']);
  });
});
