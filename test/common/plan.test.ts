import { planEnablement, applyUpdate, detectTracing, type FunctionConfig } from '../../src/common';
import { ACCOUNT, lambda, layer, layers, request, SECRET_ARN, tracedPython } from './fixtures';

const blockerCodes = (config: FunctionConfig, ...args: Parameters<typeof request>) => planEnablement(config, request(...args)).blockers.map(b => b.code);
const warningCodes = (config: FunctionConfig, ...args: Parameters<typeof request>) => planEnablement(config, request(...args)).warnings.map(w => w.code);
const userLayer = (name: string) => layer(name, 1, 'eu-west-1', ACCOUNT);

describe('planEnablement: layers', () => {
  it("keeps the user's layers in order and appends library then extension", () => {
    const plan = planEnablement(lambda({ Layers: layers(userLayer('b'), userLayer('a')) }), request());
    expect(plan.after.Layers).toEqual([userLayer('b'), userLayer('a'), layer('Datadog-Python312', 128), layer('Datadog-Extension', 100)]);
  });

  it('replaces an older Datadog layer of the same family in place, whichever architecture it was built for', () => {
    const plan = planEnablement(
      lambda({ Layers: layers(layer('Datadog-Python312-ARM', 100), userLayer('a'), layer('Datadog-Extension', 60)) }),
      request(),
    );
    expect(plan.after.Layers).toEqual([layer('Datadog-Python312', 128), userLayer('a'), layer('Datadog-Extension', 100)]);
    expect(plan.changes.filter(c => c.kind === 'layer-removed')).toHaveLength(2);
  });

  it("replaces a library layer built for another version of the runtime", () => {
    const plan = planEnablement(lambda({ Layers: layers(layer('Datadog-Python311', 128)) }), request());
    expect(plan.after.Layers).toEqual([layer('Datadog-Python312', 128), layer('Datadog-Extension', 100)]);
  });
});

describe('planEnablement: environment', () => {
  it('writes the Datadog variables of dd-trace', () => {
    const plan = planEnablement(lambda(), request());
    expect(plan.after.Environment.Variables).toEqual({
      DD_API_KEY_SECRET_ARN: SECRET_ARN,
      DD_SITE: 'datadoghq.eu',
      DD_TRACE_ENABLED: 'true',
      DD_SERVERLESS_LOGS_ENABLED: 'true',
      DD_CAPTURE_LAMBDA_PAYLOAD: 'false',
      DD_LAMBDA_HANDLER: 'app.handler',
    });
  });

  it("keeps a user's own DD_SERVICE and DD_ENV", () => {
    const plan = planEnablement(lambda({ Environment: { Variables: { DD_SERVICE: 'mine', DD_ENV: 'staging' } } }), request('dd-trace', { env: 'prod', service: 'theirs' }));
    expect(plan.after.Environment.Variables).toMatchObject({ DD_SERVICE: 'mine', DD_ENV: 'staging' });
  });

  it('writes configured DD_ENV, DD_SERVICE and DD_VERSION where the function has none', () => {
    const plan = planEnablement(lambda(), request('dd-trace', { env: 'prod', service: 'orders', version: '1.2' }));
    expect(plan.after.Environment.Variables).toMatchObject({ DD_ENV: 'prod', DD_SERVICE: 'orders', DD_VERSION: '1.2' });
  });

  it('adds no API key variable when the function already has one', () => {
    const plan = planEnablement(lambda({ Environment: { Variables: { DD_KMS_API_KEY: 'AQICAH' } } }), request());
    expect(plan.after.Environment.Variables.DD_API_KEY_SECRET_ARN).toBeUndefined();
  });

  it('uses the KMS key when no secret is configured', () => {
    const plan = planEnablement(lambda(), request('dd-trace', { apiKeySecretArn: undefined, kmsApiKey: 'AQICAH' }));
    expect(plan.after.Environment.Variables.DD_KMS_API_KEY).toBe('AQICAH');
    expect(plan.warnings.map(w => w.code)).toContain('kms-permissions');
  });

  it('sets DD_MERGE_XRAY_TRACES only for dd-trace-xray', () => {
    expect(planEnablement(lambda(), request('dd-trace')).after.Environment.Variables.DD_MERGE_XRAY_TRACES).toBeUndefined();
    expect(planEnablement(lambda(), request('dd-trace-xray')).after.Environment.Variables.DD_MERGE_XRAY_TRACES).toBe('true');
  });

  it('uses the Ruby merge flag on Ruby', () => {
    const vars = planEnablement(lambda({ Runtime: 'ruby3.3' }), request('dd-trace-xray')).after.Environment.Variables;
    expect(vars.DD_MERGE_DATADOG_XRAY_TRACES).toBe('true');
    expect(vars.DD_MERGE_XRAY_TRACES).toBeUndefined();
  });

  it('keeps a user value that disagrees with ours and says so', () => {
    const plan = planEnablement(lambda({ Environment: { Variables: { DD_TRACE_ENABLED: 'false' } } }), request());
    expect(plan.after.Environment.Variables.DD_TRACE_ENABLED).toBe('false');
    expect(plan.warnings.find(w => w.code === 'variable-kept')?.message).toContain('DD_TRACE_ENABLED');
  });
});

describe('planEnablement: handler and exec wrapper', () => {
  it('redirects a Python handler and keeps the original in DD_LAMBDA_HANDLER', () => {
    const plan = planEnablement(lambda(), request());
    expect(plan.after.Handler).toBe('datadog_lambda.handler.handler');
    expect(plan.changes).toContainEqual({ kind: 'handler-changed', before: 'app.handler', after: 'datadog_lambda.handler.handler' });
  });

  it('redirects a Node handler to the layer handler', () => {
    const plan = planEnablement(lambda({ Runtime: 'nodejs22.x', Handler: 'index.handler' }), request());
    expect(plan.after.Handler).toBe('/opt/nodejs/node_modules/datadog-lambda-js/handler.handler');
    expect(plan.after.Environment.Variables.DD_LAMBDA_HANDLER).toBe('index.handler');
  });

  it('never stores the Datadog handler as the original', () => {
    const plan = planEnablement(tracedPython(), request());
    expect(plan.after.Environment.Variables.DD_LAMBDA_HANDLER).toBe('app.handler');
    expect(plan.changes).toEqual([]);
  });

  it('refuses when the handler is redirected but the original is unknown', () => {
    const config = tracedPython({ Environment: { Variables: { DD_API_KEY_SECRET_ARN: SECRET_ARN } } });
    expect(blockerCodes(config)).toContain('original-handler-unknown');
  });

  it('repoints a stale DD_LAMBDA_HANDLER to the handler that runs today', () => {
    const plan = planEnablement(lambda({ Handler: 'new.handler', Environment: { Variables: { DD_LAMBDA_HANDLER: 'old.handler' } } }), request());
    expect(plan.after.Environment.Variables.DD_LAMBDA_HANDLER).toBe('new.handler');
    expect(plan.warnings.map(w => w.code)).toContain('original-handler-replaced');
  });

  it.each(['java21', 'dotnet8'])('sets the Datadog exec wrapper on %s and leaves the handler alone', runtime => {
    const plan = planEnablement(lambda({ Runtime: runtime, Handler: 'com.example::handle' }), request());
    expect(plan.after.Environment.Variables.AWS_LAMBDA_EXEC_WRAPPER).toBe('/opt/datadog_wrapper');
    expect(plan.after.Handler).toBe('com.example::handle');
  });

  it('leaves the handler of a Ruby function alone and warns that code must wrap it', () => {
    const plan = planEnablement(lambda({ Runtime: 'ruby3.3', Handler: 'app.handler' }), request());
    expect(plan.after.Handler).toBe('app.handler');
    expect(plan.warnings.map(w => w.code)).toContain('code-change-needed');
    expect(plan.after.Layers).toEqual([layer('Datadog-Ruby3-3', 30), layer('Datadog-Extension', 100)]);
  });

  it('attaches only the Extension to a Go function and warns that code must wrap it', () => {
    const plan = planEnablement(lambda({ Runtime: 'provided.al2023', Handler: 'bootstrap' }), request());
    expect(plan.after.Layers).toEqual([layer('Datadog-Extension', 100)]);
    expect(plan.warnings.map(w => w.code)).toContain('code-change-needed');
  });
});

describe('planEnablement: tracing mode', () => {
  it('turns X-Ray active tracing on for dd-trace-xray', () => {
    expect(planEnablement(lambda(), request('dd-trace-xray')).after.TracingConfig.Mode).toBe('Active');
  });

  it('turns X-Ray on and touches nothing else for xray', () => {
    const config = lambda({ Layers: layers(userLayer('a')), Environment: { Variables: { A: '1' } } });
    const plan = planEnablement(config, request('xray'));
    expect(plan.changes).toEqual([{ kind: 'tracing-mode-changed', before: 'PassThrough', after: 'Active' }]);
    expect(plan.warnings.map(w => w.code)).toEqual(['xray-permissions']);
  });

  it('leaves an active X-Ray setting on for dd-trace', () => {
    expect(planEnablement(lambda({ TracingConfig: { Mode: 'Active' } }), request()).after.TracingConfig.Mode).toBe('Active');
  });

  it('plans X-Ray on a container image without a blocker', () => {
    const plan = planEnablement(lambda({ PackageType: 'Image', Runtime: undefined, Handler: undefined }), request('xray'));
    expect(plan.blockers).toEqual([]);
  });
});

describe('planEnablement: blockers', () => {
  it.each([
    ['too-many-layers', lambda({ Layers: layers(...['a', 'b', 'c', 'd'].map(userLayer)) }), 'dd-trace'],
    ['environment-too-large', lambda({ Environment: { Variables: { BIG: 'x'.repeat(4000) } } }), 'dd-trace'],
    ['foreign-exec-wrapper', lambda({ Runtime: 'java21', Environment: { Variables: { AWS_LAMBDA_EXEC_WRAPPER: '/opt/custom' } } }), 'dd-trace'],
    ['other-vendor', lambda({ Environment: { Variables: { NEW_RELIC_ACCOUNT_ID: '1' } } }), 'dd-trace'],
    ['container-image', lambda({ PackageType: 'Image', Runtime: undefined, Handler: undefined }), 'dd-trace'],
    ['unknown-runtime', lambda({ Runtime: 'python9.9' }), 'dd-trace'],
    ['deprecated-runtime', lambda({ Runtime: 'python3.8' }), 'dd-trace'],
    ['deprecated-runtime', lambda({ Runtime: 'nodejs16.x' }), 'xray'],
    ['no-layers-in-partition', lambda({ region: 'cn-north-1' }), 'dd-trace'],
    ['layer-missing-in-region', lambda({ Runtime: 'java21', region: 'ap-southeast-6' }), 'dd-trace'],
    ['solution-unsupported', lambda({ Runtime: 'java21' }), 'dd-trace-xray'],
    ['unknown-region', lambda({ FunctionArn: undefined }), 'dd-trace'],
  ] as const)('blocks with %s', (code, config, solution) => {
    expect(blockerCodes(config, solution)).toContain(code);
  });

  it('blocks with no-api-key-source when neither settings nor the function have a key', () => {
    expect(blockerCodes(lambda(), 'dd-trace', { apiKeySecretArn: undefined })).toContain('no-api-key-source');
  });

  it('still shows the desired configuration when blocked', () => {
    const plan = planEnablement(lambda({ Layers: layers(...['a', 'b', 'c', 'd'].map(userLayer)) }), request());
    expect(plan.after.Layers).toHaveLength(6);
    expect(plan.changes.length).toBeGreaterThan(0);
  });

  it('writes no blocker message with a variable value in it', () => {
    const plan = planEnablement(lambda({ Runtime: 'java21', Environment: { Variables: { SECRET: 'canary-value', DD_TRACE_ENABLED: 'canary-2' } } }), request('dd-trace', { apiKeySecretArn: undefined }));
    expect(JSON.stringify([plan.blockers, plan.warnings])).not.toMatch(/canary/);
  });
});

describe('planEnablement: warnings', () => {
  it('warns that an IaC-managed function is reverted by the next deploy', () => {
    const plan = planEnablement(lambda({ Tags: { 'aws:cloudformation:stack-name': 'orders-prod' } }), request());
    expect(plan.warnings.find(w => w.code === 'iac-managed')?.message).toContain('orders-prod');
  });

  it('asks for secretsmanager:GetSecretValue when it writes the secret ARN', () => {
    expect(warningCodes(lambda())).toContain('secret-permissions');
  });

  it('asks for X-Ray permissions when it turns active tracing on', () => {
    expect(warningCodes(lambda(), 'dd-trace-xray')).toContain('xray-permissions');
  });
});

describe('planEnablement: outcome', () => {
  it.each(['python3.12', 'nodejs24.x', 'java21', 'dotnet8', 'ruby3.4', 'provided.al2023'])('leaves %s detected as datadog once applied', runtime => {
    const config = lambda({ Runtime: runtime });
    const after = applyUpdate(config, planEnablement(config, request()).after);
    expect(detectTracing(after).status).toBe('datadog');
  });

  it('leaves a Python function detected as datadog-xray once dd-trace-xray is applied', () => {
    const config = lambda();
    expect(detectTracing(applyUpdate(config, planEnablement(config, request('dd-trace-xray')).after)).status).toBe('datadog-xray');
  });

  it('repairs a misconfigured function in one plan', () => {
    const config = tracedPython({ Architectures: ['arm64'] });
    const after = applyUpdate(config, planEnablement(config, request()).after);
    expect(detectTracing(after).status).toBe('datadog');
  });

  it('plans no change for an enabled function', () => {
    expect(planEnablement(tracedPython(), request()).changes).toEqual([]);
  });
});
