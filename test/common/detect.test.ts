import { detectTracing, DEFAULT_LAYER_VERSIONS } from '../../src/common';
import { lambda, layer, layers, SECRET_ARN, tracedPython } from './fixtures';

const codes = (state: ReturnType<typeof detectTracing>) => state.findings.map(f => f.code);
const withEnv = (variables: Record<string, string>) => ({ Variables: { ...tracedPython().Environment!.Variables, ...variables } });

describe('detectTracing statuses', () => {
  it('calls a function with nothing on it untraced', () => {
    const state = detectTracing(lambda());
    expect(state.status).toBe('untraced');
    expect(codes(state)).toEqual(['no-tracing']);
  });

  it('calls active tracing without Datadog xray', () => {
    const state = detectTracing(lambda({ TracingConfig: { Mode: 'Active' } }));
    expect(state.status).toBe('xray');
    expect(codes(state)).toEqual(['xray-active']);
  });

  it('calls a correctly enabled function datadog', () => {
    const state = detectTracing(tracedPython());
    expect(state.status).toBe('datadog');
    expect(codes(state)).toEqual(['datadog-configured']);
    expect(state.datadog?.library?.name).toBe('Datadog-Python312');
    expect(state.datadog?.extension?.version).toBe(100);
  });

  it('calls Datadog with X-Ray active and the merge flag datadog-xray', () => {
    const state = detectTracing(tracedPython({ TracingConfig: { Mode: 'Active' }, Environment: withEnv({ DD_MERGE_XRAY_TRACES: 'true' }) }));
    expect(state.status).toBe('datadog-xray');
  });

  it('notes X-Ray active next to Datadog without merging', () => {
    const state = detectTracing(tracedPython({ TracingConfig: { Mode: 'Active' } }));
    expect(state.status).toBe('datadog');
    expect(codes(state)).toContain('xray-not-merged');
  });

  it.each([
    ['New Relic', { Layers: layers('arn:aws:lambda:eu-west-1:451483290750:layer:NewRelicPython312:40') }],
    ['AWS Distro for OpenTelemetry', { Layers: layers('arn:aws:lambda:eu-west-1:901920570463:layer:aws-otel-python-amd64-ver-1-32-0:1') }],
    ['AWS Distro for OpenTelemetry', { Environment: { Variables: { AWS_LAMBDA_EXEC_WRAPPER: '/opt/otel-instrument' } } }],
    ['OpenTelemetry', { Environment: { Variables: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector' } } }],
    ['Lumigo', { Environment: { Variables: { AWS_LAMBDA_EXEC_WRAPPER: '/opt/lumigo_wrapper' } } }],
    ['Elastic APM', { Layers: layers('arn:aws:lambda:eu-west-1:267093732750:layer:elastic-apm-extension-ver-1-5-0-x86_64:1') }],
    ['Sentry', { Environment: { Variables: { SENTRY_DSN: 'https://key@sentry.example/1' } } }],
    ['Dynatrace', { Layers: layers('arn:aws:lambda:eu-west-1:725887861453:layer:Dynatrace_OneAgent_1_300_python:1') }],
  ])('calls a function instrumented by %s other and names the vendor', (vendor, overrides) => {
    const state = detectTracing(lambda(overrides));
    expect(state.status).toBe('other');
    expect(state.vendor).toBe(vendor);
    expect(codes(state)).toEqual(['other-vendor']);
  });

  it('trusts Datadog settings on a container image without looking for layers', () => {
    const state = detectTracing(lambda({ PackageType: 'Image', Runtime: undefined, Handler: undefined, Environment: { Variables: { DD_API_KEY_SECRET_ARN: SECRET_ARN, DD_SITE: 'datadoghq.eu' } } }));
    expect(state.status).toBe('datadog');
    expect(codes(state)).toContain('datadog-in-image');
  });
});

describe('detectTracing misconfigurations', () => {
  it.each([
    ['extension-missing', tracedPython({ Layers: layers(layer('Datadog-Python312', 128)) })],
    ['library-missing', tracedPython({ Handler: 'app.handler', Layers: layers(layer('Datadog-Extension', 100)) })],
    ['no-api-key', tracedPython({ Environment: { Variables: { DD_LAMBDA_HANDLER: 'app.handler' } } })],
    ['handler-not-redirected', tracedPython({ Handler: 'app.handler', Environment: { Variables: { DD_API_KEY_SECRET_ARN: SECRET_ARN } } })],
    ['original-handler-missing', tracedPython({ Environment: { Variables: { DD_API_KEY_SECRET_ARN: SECRET_ARN } } })],
    ['original-handler-is-datadog', tracedPython({ Environment: withEnv({ DD_LAMBDA_HANDLER: 'datadog_lambda.handler.handler' }) })],
    ['wrong-architecture-layer', tracedPython({ Architectures: ['arm64'] })],
    ['wrong-architecture-layer', tracedPython({ Layers: layers(layer('Datadog-Python312-ARM', 128), layer('Datadog-Extension', 100)) })],
    ['library-runtime-mismatch', tracedPython({ Layers: layers(layer('Datadog-Python311', 128), layer('Datadog-Extension', 100)) })],
    ['library-family-mismatch', tracedPython({ Layers: layers(layer('Datadog-Node20-x', 143), layer('Datadog-Extension', 100)) })],
    ['duplicate-datadog-layer', tracedPython({ Layers: layers(layer('Datadog-Python312', 128), layer('Datadog-Extension', 100), layer('Datadog-Extension', 99)) })],
    ['merge-without-xray', tracedPython({ Environment: withEnv({ DD_MERGE_XRAY_TRACES: 'true' }) })],
    ['other-vendor-also-present', tracedPython({ Environment: withEnv({ NEW_RELIC_LICENSE_KEY: 'x' }) })],
  ])('reports %s and calls the function misconfigured', (code, config) => {
    const state = detectTracing(config);
    expect(state.status).toBe('misconfigured');
    expect(codes(state)).toContain(code);
    expect(state.findings.find(f => f.code === code)?.severity).toBe('error');
  });

  it('reports a Java function without the Datadog exec wrapper', () => {
    const state = detectTracing(lambda({
      Runtime: 'java21',
      Layers: layers(layer('dd-trace-java', 28), layer('Datadog-Extension', 100)),
      Environment: { Variables: { DD_API_KEY_SECRET_ARN: SECRET_ARN } },
    }));
    expect(state.status).toBe('misconfigured');
    expect(codes(state)).toContain('exec-wrapper-missing');
  });

  it('reports a .NET function whose exec wrapper belongs to someone else', () => {
    const state = detectTracing(lambda({
      Runtime: 'dotnet8',
      Layers: layers(layer('dd-trace-dotnet', 26), layer('Datadog-Extension', 100)),
      Environment: { Variables: { DD_API_KEY_SECRET_ARN: SECRET_ARN, AWS_LAMBDA_EXEC_WRAPPER: '/opt/custom' } },
    }));
    expect(codes(state)).toContain('exec-wrapper-missing');
  });

  it('accepts a correctly wired arm64 .NET function', () => {
    const state = detectTracing(lambda({
      Runtime: 'dotnet8',
      Architectures: ['arm64'],
      Layers: layers(layer('dd-trace-dotnet-ARM', 26), layer('Datadog-Extension-ARM', 100)),
      Environment: { Variables: { DD_API_KEY_SECRET_ARN: SECRET_ARN, AWS_LAMBDA_EXEC_WRAPPER: '/opt/datadog_wrapper' } },
    }));
    expect(state.status).toBe('datadog');
  });

  it('accepts the shared Node layer on arm64', () => {
    const state = detectTracing(lambda({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: '/opt/nodejs/node_modules/datadog-lambda-js/handler.handler',
      Layers: layers(layer('Datadog-Node22-x', 143), layer('Datadog-Extension-ARM', 100)),
      Environment: { Variables: { DD_API_KEY_SECRET_ARN: SECRET_ARN, DD_LAMBDA_HANDLER: 'index.handler' } },
    }));
    expect(state.status).toBe('datadog');
  });
});

describe('detectTracing warnings and notes', () => {
  it('warns about outdated layers but keeps the status datadog', () => {
    const state = detectTracing(tracedPython({ Layers: layers(layer('Datadog-Python312', 120), layer('Datadog-Extension', 90)) }));
    expect(state.status).toBe('datadog');
    expect(state.findings.filter(f => f.code === 'outdated-layer')).toHaveLength(2);
  });

  it('compares against the configured versions, not the defaults', () => {
    const state = detectTracing(tracedPython(), { layerVersions: { ...DEFAULT_LAYER_VERSIONS, python: 130 } });
    expect(state.findings.find(f => f.code === 'outdated-layer')?.message).toContain('130');
  });

  it('recognises mirrored Datadog layers from the configured account', () => {
    const mirror = '999999999999';
    const config = tracedPython({ Layers: layers(layer('Datadog-Python312', 128, 'eu-west-1', mirror), layer('Datadog-Extension', 100, 'eu-west-1', mirror)) });
    // Without the mirror configured, the handler says Datadog but no Datadog Extension is recognised.
    expect(codes(detectTracing(config))).toContain('extension-missing');
    expect(detectTracing(config, { layerAccount: mirror }).status).toBe('datadog');
  });

  it('warns about a plaintext API key', () => {
    const state = detectTracing(tracedPython({ Environment: { Variables: { DD_LAMBDA_HANDLER: 'app.handler', DD_API_KEY: 'k' } } }));
    expect(state.status).toBe('datadog');
    expect(codes(state)).toContain('plaintext-api-key');
  });

  it('notes that a Ruby code wrapper cannot be verified', () => {
    const state = detectTracing(lambda({
      Runtime: 'ruby3.3',
      Layers: layers(layer('Datadog-Ruby3-3', 30), layer('Datadog-Extension', 100)),
      Environment: { Variables: { DD_API_KEY_SECRET_ARN: SECRET_ARN } },
    }));
    expect(state.status).toBe('datadog');
    expect(codes(state)).toContain('code-wrapper-unverified');
  });

  it('accepts the Extension alone on a Go function', () => {
    const state = detectTracing(lambda({
      Runtime: 'provided.al2023',
      Handler: 'bootstrap',
      Layers: layers(layer('Datadog-Extension', 100)),
      Environment: { Variables: { DD_API_KEY_SECRET_ARN: SECRET_ARN } },
    }));
    expect(state.status).toBe('datadog');
  });

  it('accepts a library bundled with the code when the handler is redirected', () => {
    const state = detectTracing(tracedPython({ Layers: layers(layer('Datadog-Extension', 100)) }));
    expect(state.status).toBe('datadog');
    expect(codes(state)).toContain('library-bundled');
  });

  it('warns that an unknown runtime could not be checked', () => {
    const state = detectTracing(tracedPython({ Runtime: 'python9.9' }));
    expect(codes(state)).toContain('unknown-runtime');
  });
});
