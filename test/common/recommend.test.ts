import { recommend, type FunctionConfig, type RecommendationContext } from '../../src/common';
import { AS_OF, lambda, layer, layers, tracedPython } from './fixtures';

const ctx = (overrides: Partial<RecommendationContext> = {}): RecommendationContext => ({ invokedBy: [], today: AS_OF, ...overrides });
const text = (r: ReturnType<typeof recommend>) => r.reasons.join(' ');
const snippets = (steps: ReturnType<typeof recommend>['steps']) => (steps ?? []).map(s => s.snippet ?? '').join('\n');
const image = (overrides: Partial<FunctionConfig> = {}) => lambda({ PackageType: 'Image', Runtime: undefined, Handler: undefined, ...overrides });

describe('recommend: solution', () => {
  it.each(['python3.12', 'nodejs22.x'])('recommends dd-trace for %s, one click', runtime => {
    const r = recommend(lambda({ Runtime: runtime }), ctx());
    expect(r).toMatchObject({ solution: 'dd-trace', applicability: 'one-click' });
    expect(text(r)).toContain('DD_LAMBDA_HANDLER');
  });

  it('recommends dd-trace-xray behind AppSync and names AppSync', () => {
    const r = recommend(lambda({ Runtime: 'nodejs22.x' }), ctx({ invokedBy: ['appsync'] }));
    expect(r.solution).toBe('dd-trace-xray');
    expect(text(r)).toContain('AppSync');
  });

  it("recommends dd-trace-xray behind Step Functions and mentions Datadog's native integration", () => {
    const r = recommend(lambda(), ctx({ invokedBy: ['stepfunctions'] }));
    expect(r.solution).toBe('dd-trace-xray');
    expect(text(r)).toContain('native Step Functions integration');
  });

  it('recommends dd-trace-xray in a hybrid estate', () => {
    expect(recommend(lambda(), ctx({ hybridEstate: true })).solution).toBe('dd-trace-xray');
  });

  it('explains that X-Ray means the TracingConfig setting, not the SDK in maintenance', () => {
    const r = recommend(lambda(), ctx({ invokedBy: ['appsync'] }));
    expect(text(r)).toContain('TracingConfig');
    expect(text(r)).toContain('maintenance');
  });

  it.each(['java21', 'dotnet8'])('recommends dd-trace for %s with the exec wrapper, one click', runtime => {
    const r = recommend(lambda({ Runtime: runtime }), ctx({ invokedBy: ['apigateway'] }));
    expect(r).toMatchObject({ solution: 'dd-trace', applicability: 'one-click' });
    expect(text(r)).toContain('AWS_LAMBDA_EXEC_WRAPPER');
  });

  it.each(['java21', 'dotnet8', 'provided.al2023'])('recommends X-Ray for %s when active tracing is required', runtime => {
    const r = recommend(lambda({ Runtime: runtime }), ctx({ requiresActiveXRay: true }));
    expect(r).toMatchObject({ solution: 'xray', applicability: 'one-click' });
  });
});

describe('recommend: applicability', () => {
  it("needs a code change for Ruby, with the wrapper in the steps", () => {
    const r = recommend(lambda({ Runtime: 'ruby3.4' }), ctx());
    expect(r).toMatchObject({ solution: 'dd-trace', applicability: 'needs-code-change' });
    expect(snippets(r.steps)).toContain("require 'datadog/lambda'");
    expect(snippets(r.steps)).toContain('Datadog::Lambda.wrap');
  });

  it('needs a code change for Go, with WrapFunction in the steps', () => {
    const r = recommend(lambda({ Runtime: 'provided.al2023', Handler: 'bootstrap' }), ctx());
    expect(r.applicability).toBe('needs-code-change');
    expect(snippets(r.steps)).toContain('ddlambda.WrapFunction');
  });

  it('needs an image rebuild for a container image, with the Dockerfile lines', () => {
    const r = recommend(image(), ctx());
    expect(r).toMatchObject({ solution: 'dd-trace', applicability: 'needs-image-rebuild' });
    expect(snippets(r.steps)).toContain('COPY --from=public.ecr.aws/datadog/lambda-extension:100 /opt/. /opt/');
    expect(snippets(r.steps)).toContain('pip install datadog-lambda');
    expect(snippets(r.steps)).toContain('CMD ["datadog_lambda.handler.handler"]');
  });

  it('recommends X-Ray in one click for a container image behind Step Functions', () => {
    expect(recommend(image(), ctx({ invokedBy: ['stepfunctions'] }))).toMatchObject({ solution: 'xray', applicability: 'one-click' });
  });

  it('asks to upgrade a deprecated runtime first, naming the target', () => {
    const r = recommend(lambda({ Runtime: 'python3.8' }), ctx());
    expect(r.applicability).toBe('upgrade-runtime-first');
    expect(snippets(r.steps)).toContain('--runtime python3.14');
  });

  it('asks to move an unknown runtime first', () => {
    expect(recommend(lambda({ Runtime: 'python9.9' }), ctx()).applicability).toBe('upgrade-runtime-first');
  });

  it('says already-done for a correctly traced function', () => {
    expect(recommend(tracedPython(), ctx()).applicability).toBe('already-done');
  });

  it('says already-done for X-Ray when active tracing is on', () => {
    const r = recommend(lambda({ Runtime: 'java21', TracingConfig: { Mode: 'Active' } }), ctx({ requiresActiveXRay: true }));
    expect(r.applicability).toBe('already-done');
  });

  it('offers one click to upgrade outdated layers', () => {
    const r = recommend(tracedPython({ Layers: layers(layer('Datadog-Python312', 100), layer('Datadog-Extension', 100)) }), ctx());
    expect(r.applicability).toBe('one-click');
    expect(text(r)).toContain('older than the configured versions');
  });

  it('offers one click to repair a misconfigured Datadog setup and says what is wrong', () => {
    const r = recommend(tracedPython({ Architectures: ['arm64'] }), ctx());
    expect(r.applicability).toBe('one-click');
    expect(text(r)).toContain('misconfigured');
    expect(text(r)).toContain('arm64');
  });

  it('says another vendor is present instead of double-instrumenting', () => {
    const r = recommend(lambda({ Environment: { Variables: { NEW_RELIC_ACCOUNT_ID: '1' } } }), ctx());
    expect(text(r)).toContain('New Relic');
    expect(text(r)).toContain('twice');
  });
});

describe('recommend: infrastructure as code', () => {
  it.each([
    [{ 'serverless:service': 'orders' }, 'serverless-plugin-datadog'],
    [{ 'aws:cdk:path': 'Orders/Fn' }, 'DatadogLambda'],
    [{ 'aws:cloudformation:stack-name': 'orders', 'lambda:createdBy': 'SAM' }, 'DatadogServerless'],
    [{ 'aws:cloudformation:stack-name': 'orders' }, 'DatadogServerless'],
    [{ ManagedBy: 'terraform' }, 'DataDog/lambda-datadog/aws'],
  ])('shows the IaC way for %j', (Tags, expected) => {
    const r = recommend(lambda({ Tags }), ctx());
    expect(snippets(r.iacSteps)).toContain(expected);
    expect(text(r)).toContain('reverted by the next deploy');
  });

  it('shows the TracingConfig setting as the IaC way for X-Ray', () => {
    const r = recommend(lambda({ Runtime: 'java21', Tags: { 'aws:cloudformation:stack-name': 'orders' } }), ctx({ requiresActiveXRay: true }));
    expect(snippets(r.iacSteps)).toContain('Mode: Active');
  });

  it('takes the IaC tool from the context when the scanner knows it', () => {
    expect(recommend(lambda(), ctx({ iac: 'cdk' })).iacSteps).toBeDefined();
  });

  it('gives no IaC steps to a function nobody manages as code', () => {
    expect(recommend(lambda(), ctx()).iacSteps).toBeUndefined();
  });
});
