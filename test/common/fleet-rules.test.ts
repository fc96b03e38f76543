// Issue 9's recommendation rules: X-Ray teams keep X-Ray and merge, enabling again writes nothing,
// one click only where the plan applies, and missing invoker context named where it could matter.
import { planEnablement, recommend, type RecommendationContext } from '../../src/common';
import { lambda, layer, layers, request, settings, tracedPython } from './fixtures';

const ctx = (overrides: Partial<RecommendationContext> = {}): RecommendationContext => ({ invokedBy: [], ...overrides });
const xray = { TracingConfig: { Mode: 'Active' } };

describe('a function already on X-Ray active tracing', () => {
  it.each(['python3.12', 'nodejs22.x'])('keeps X-Ray and merges Datadog into it on %s', runtime => {
    const r = recommend(lambda({ Runtime: runtime, ...xray }), ctx());
    expect(r.solution).toBe('dd-trace-xray');
    expect(r.reasons.join(' ')).toMatch(/already runs X-Ray active tracing: keep it and merge/);
  });

  it('mentions Datadog\'s native Step Functions tracing next to the merge advice', () => {
    const r = recommend(lambda(xray), ctx({ invokedBy: ['stepfunctions'] }));
    expect(r.solution).toBe('dd-trace-xray');
    expect(r.reasons.join(' ')).toContain('native Step Functions integration');
  });

  it('is not merged into where Datadog cannot merge (Java): dd-trace', () => {
    expect(recommend(lambda({ Runtime: 'java21', ...xray }), ctx()).solution).toBe('dd-trace');
  });

  it('is not taken for X-Ray when another vendor owns the tracing (ADOT)', () => {
    const adot = lambda({ ...xray, Layers: layers(layer('aws-otel-python-amd64-ver-1-25-0', 1, 'eu-west-1', '901920570463')), Environment: { Variables: { AWS_LAMBDA_EXEC_WRAPPER: '/opt/otel-instrument' } } });
    expect(recommend(adot, ctx()).solution).toBe('dd-trace');
  });
});

describe('enabling a correctly traced function again', () => {
  it('plans no change at all (not even the optional variables it lacks), and the recommendation says already done', () => {
    const { DD_SERVERLESS_LOGS_ENABLED: _logs, DD_CAPTURE_LAMBDA_PAYLOAD: _payload, ...essentials } = tracedPython().Environment!.Variables!;
    const fn = tracedPython({ Environment: { Variables: essentials } });
    expect(planEnablement(fn, request('dd-trace')).changes).toEqual([]);
    expect(recommend(fn, ctx({ datadog: settings() })).applicability).toBe('already-done');
  });
});

describe('one click', () => {
  it('is offered where the plan applies', () => {
    expect(recommend(lambda(), ctx({ datadog: settings() }))).toMatchObject({ applicability: 'one-click' });
  });

  it('is replaced by "blocked", naming the blocker, where the plan would be refused', () => {
    const five = layers(...[1, 2, 3, 4, 5].map(n => layer(`own-${n}`, 1, 'eu-west-1', '123456789012')));
    const r = recommend(lambda({ Layers: five }), ctx({ datadog: settings() }));
    expect(r.applicability).toBe('blocked');
    expect(r.blockers?.map(b => b.code)).toEqual(['too-many-layers']);
  });

  it('is blocked where no API key source is configured', () => {
    const r = recommend(lambda(), ctx({ datadog: settings({ apiKeySecretArn: undefined }) }));
    expect(r.blockers?.map(b => b.code)).toEqual(['no-api-key-source']);
  });
});

describe('missing invoker context', () => {
  const gap = { source: 'step-functions' as const, reason: 'Access denied listing state machines' };

  it('leaves a Python recommendation undecided: an AppSync or Step Functions caller would change it', () => {
    const r = recommend(lambda(), ctx({ missing: [gap] }));
    expect(r.undecided).toEqual([gap]);
    expect(r.reasons.join(' ')).toMatch(/not fully known yet \(Step Functions state machines not read\)/);
  });

  it('decides for Ruby, whose choice no invoker changes', () => {
    expect(recommend(lambda({ Runtime: 'ruby3.3' }), ctx({ missing: [gap] })).undecided).toBeUndefined();
  });

  it('decides once the decisive invoker is known', () => {
    expect(recommend(lambda(), ctx({ invokedBy: ['appsync'], missing: [gap] })).undecided).toBeUndefined();
  });
});
