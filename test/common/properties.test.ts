// Properties of planning and rollback over arbitrary functions (fast-check, 1,000 runs each).
import fc from 'fast-check';
import {
  applyUpdate, checkpointFor, classifyDatadogLayer, currentUpdate, DEFAULT_LAYER_VERSIONS, environmentSize, MAX_ENVIRONMENT_BYTES,
  MAX_LAYERS, detectTracing, planEnablement, planRollback, redactConfig, RUNTIMES, runtimeStage, SOLUTIONS, verifyApplied, type FunctionConfig,
} from '../../src/common';
import { ACCOUNT, AS_OF, layer, request } from './fixtures';

const RUNS = { numRuns: 1000 };
const RESERVED = /^(DD_|AWS_|OTEL_|NEW_RELIC_|LUMIGO_|ELASTIC_APM_|SENTRY_DSN|DT_)/;

const userKey = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,12}$/).filter(k => !RESERVED.test(k));
const userEnv = fc.dictionary(userKey, fc.string({ maxLength: 40, unit: 'grapheme' }), { maxKeys: 8 });
const userLayers = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), { maxLength: 4 })
  .map(names => names.map(n => layer(n, 1, 'eu-west-1', ACCOUNT)));
const handler = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}\.[a-z][a-z0-9_]{0,10}$/);
const ownDatadogValues = fc.record({
  DD_SERVICE: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
  DD_ENV: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
  DD_SITE: fc.option(fc.constantFrom('datadoghq.com', 'datadoghq.eu'), { nil: undefined }),
});

/** A Datadog layer version around the configured one for its family: older, equal or newer. */
const datadogLayer = (name: string, offset: number) => {
  const family = classifyDatadogLayer(layer(name, 1))!.family;
  return layer(name, Math.max(1, DEFAULT_LAYER_VERSIONS[family] + offset));
};

/** A zip function with the user's layers, possibly a Datadog layer pair (any version, either arch) mixed in, and own variables. */
const functionConfig = fc
  .record({
    runtime: fc.constantFrom(...RUNTIMES.filter(r => runtimeStage(r, AS_OF) === 'supported')),
    arm: fc.boolean(),
    layers: userLayers,
    oldDatadog: fc.boolean(),
    libraryOffset: fc.integer({ min: -30, max: 5 }),
    extensionOffset: fc.integer({ min: -30, max: 5 }),
    armLayers: fc.boolean(),
    insertAt: fc.nat(),
    env: userEnv,
    own: ownDatadogValues,
    handler,
    active: fc.boolean(),
  })
  .map(({ runtime, arm, layers, oldDatadog, libraryOffset, extensionOffset, armLayers, insertAt, env, own, handler: h, active }): FunctionConfig => {
    // Lambda never reports more than five layers, so neither does the generator.
    const list = layers.slice(0, oldDatadog ? MAX_LAYERS - (runtime.datadogLayer ? 2 : 1) : MAX_LAYERS);
    if (oldDatadog) {
      const at = insertAt % (list.length + 1);
      list.splice(at, 0, datadogLayer(`Datadog-Extension${armLayers ? '-ARM' : ''}`, extensionOffset));
      if (runtime.datadogLayer) {
        list.splice(at, 0, datadogLayer(`${runtime.datadogLayer}${armLayers && runtime.armVariant ? '-ARM' : ''}`, libraryOffset));
      }
    }
    const ownSet = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined)) as Record<string, string>;
    return {
      FunctionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:f`,
      Runtime: runtime.runtime,
      Handler: h,
      Architectures: [arm ? 'arm64' : 'x86_64'],
      PackageType: 'Zip',
      Layers: list.map(Arn => ({ Arn })),
      Environment: { Variables: { ...env, ...ownSet } },
      TracingConfig: { Mode: active ? 'Active' : 'PassThrough' },
    };
  });
const solution = fc.constantFrom(...SOLUTIONS);

describe('planning and rollback properties', () => {
  it('plans no changes on a configuration it has already enabled (idempotent)', () => {
    fc.assert(
      fc.property(functionConfig, solution, (config, s) => {
        const enabled = applyUpdate(config, planEnablement(config, request(s)).after);
        expect(planEnablement(enabled, request(s)).changes).toEqual([]);
      }),
      RUNS,
    );
  });

  it('restores the original configuration exactly when rolling back right after enable', () => {
    fc.assert(
      fc.property(functionConfig, solution, (config, s) => {
        const plan = planEnablement(config, request(s));
        const rollback = planRollback(applyUpdate(config, plan.after), checkpointFor(config, plan, '2026-11-01T00:00:00Z'));
        expect(rollback.blockers).toEqual([]);
        expect(rollback.after).toEqual(currentUpdate(config));
      }),
      RUNS,
    );
  });

  it("never drops, changes or reorders a user's variable or layer", () => {
    fc.assert(
      fc.property(functionConfig, solution, (config, s) => {
        const after = planEnablement(config, request(s)).after;
        for (const [key, value] of Object.entries(config.Environment!.Variables!)) {
          expect(after.Environment.Variables[key]).toBe(value);
        }
        const own = config.Layers!.map(l => l.Arn!).filter(arn => !classifyDatadogLayer(arn));
        expect(after.Layers.filter(arn => own.includes(arn))).toEqual(own);
      }),
      RUNS,
    );
  });

  it('leaves no Datadog layer older than the configured version when enabling dd-trace', () => {
    fc.assert(
      fc.property(functionConfig, fc.constantFrom('dd-trace', 'dd-trace-xray' as const), (config, s) => {
        for (const arn of planEnablement(config, request(s)).after.Layers) {
          const datadog = classifyDatadogLayer(arn);
          if (datadog) expect(datadog.layer.version).toBeGreaterThanOrEqual(DEFAULT_LAYER_VERSIONS[datadog.family]);
        }
      }),
      RUNS,
    );
  });

  it('finds the applied plan exactly as planned (verifyApplied)', () => {
    fc.assert(
      fc.property(functionConfig, solution, (config, s) => {
        const plan = planEnablement(config, request(s));
        expect(verifyApplied(applyUpdate(config, plan.after), plan)).toEqual([]);
      }),
      RUNS,
    );
  });

  it(`blocks exactly when more than ${MAX_LAYERS} layers would result`, () => {
    fc.assert(
      fc.property(functionConfig, solution, (config, s) => {
        const plan = planEnablement(config, request(s));
        expect(plan.blockers.some(b => b.code === 'too-many-layers')).toBe(plan.after.Layers.length > MAX_LAYERS);
      }),
      RUNS,
    );
  });

  it(`blocks exactly when the environment would exceed ${MAX_ENVIRONMENT_BYTES} bytes`, () => {
    fc.assert(
      fc.property(functionConfig, fc.integer({ min: -3, max: 3 }), (config, delta) => {
        const padded = (pad: string) => ({ ...config, Environment: { Variables: { ...config.Environment!.Variables, PAD: pad } } });
        const base = planEnablement(padded(''), request()).after.Environment.Variables;
        const length = Math.max(0, MAX_ENVIRONMENT_BYTES - environmentSize(base) + delta);
        const plan = planEnablement(padded('x'.repeat(length)), request());
        const size = environmentSize(plan.after.Environment.Variables);
        expect(plan.blockers.some(b => b.code === 'environment-too-large')).toBe(size > MAX_ENVIRONMENT_BYTES);
      }),
      RUNS,
    );
  });

  it('detects the same tracing on the redacted configuration the inventory stores', () => {
    fc.assert(
      fc.property(functionConfig, solution, fc.boolean(), (config, s, enable) => {
        const subject = enable ? applyUpdate(config, planEnablement(config, request(s)).after) : config;
        expect(detectTracing(redactConfig(subject))).toEqual(detectTracing(subject));
      }),
      RUNS,
    );
  });
});
