// The seed org is checked here against the facts in shared/domain/datadog-lambda.md, written out
// literally, not against the seed's own scenario labels: each category is recognised from the config.
import { LayerRegistry, parseLayerVersionArn, publishStandardLayers } from '../../dev/sandbox/layers';
import { CANARY_SECRET, seedOrganisation, type SeedFunction } from '../../dev/sandbox/seed';

const { org, functions } = seedOrganisation();
const DATADOG_ACCOUNTS = ['464622532012', '002406178527'];
const DEPRECATED = ['python3.7', 'nodejs14.x', 'nodejs12.x', 'ruby2.7', 'java8', 'dotnetcore3.1', 'go1.x'];

const layers = (fn: SeedFunction) => (fn.config.Layers ?? []).map(layer => parseLayerVersionArn(layer.Arn!)!);
const datadogLayers = (fn: SeedFunction) => layers(fn).filter(layer => DATADOG_ACCOUNTS.includes(layer.accountId));
const extension = (fn: SeedFunction) => datadogLayers(fn).find(layer => layer.name.startsWith('Datadog-Extension'));
const library = (fn: SeedFunction) => datadogLayers(fn).find(layer => !layer.name.startsWith('Datadog-Extension'));
const env = (fn: SeedFunction) => fn.config.Environment?.Variables ?? {};
const hasApiKey = (fn: SeedFunction) => ['DD_API_KEY_SECRET_ARN', 'DD_API_KEY', 'DD_KMS_API_KEY'].some(key => key in env(fn));
const active = (fn: SeedFunction) => fn.config.TracingConfig?.Mode === 'Active';
const runtime = (fn: SeedFunction) => fn.config.Runtime ?? '';
const pythonOrNode = (fn: SeedFunction) => /^(python|nodejs)/.test(runtime(fn));
const javaOrDotnet = (fn: SeedFunction) => /^(java|dotnet)/.test(runtime(fn));
const redirected = (fn: SeedFunction) =>
  ['datadog_lambda.handler.handler', '/opt/nodejs/node_modules/datadog-lambda-js/handler.handler'].includes(fn.config.Handler ?? '');
const fromAccount = (fn: SeedFunction, accountId: string) => layers(fn).some(layer => layer.accountId === accountId);
const instrumented = (fn: SeedFunction) => layers(fn).some(layer => !org.accounts.some(account => account.accountId === layer.accountId));
const envBytes = (fn: SeedFunction) => Object.entries(env(fn)).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
const datadogComplete = (fn: SeedFunction) => !!library(fn) && !!extension(fn) && 'DD_API_KEY_SECRET_ARN' in env(fn);

const CATEGORIES: Array<[string, (fn: SeedFunction) => boolean]> = [
  ['Python', fn => runtime(fn).startsWith('python')],
  ['Node.js', fn => runtime(fn).startsWith('nodejs')],
  ['Ruby', fn => runtime(fn).startsWith('ruby')],
  ['Java', fn => runtime(fn).startsWith('java')],
  ['.NET', fn => runtime(fn).startsWith('dotnet')],
  ['provided.al2', fn => runtime(fn) === 'provided.al2'],
  ['provided.al2023', fn => runtime(fn) === 'provided.al2023'],
  ['a deprecated runtime', fn => DEPRECATED.includes(runtime(fn))],
  ['x86_64', fn => fn.config.Architectures?.[0] === 'x86_64'],
  ['arm64', fn => fn.config.Architectures?.[0] === 'arm64'],
  ['Zip packages', fn => fn.config.PackageType === 'Zip'],
  ['container images', fn => fn.config.PackageType === 'Image' && !fn.config.Runtime && !fn.config.Layers],
  ['untraced', fn => !active(fn) && !instrumented(fn) && !Object.keys(env(fn)).some(key => /^(DD_|OTEL_|NEW_RELIC_)/.test(key))],
  ['X-Ray active only', fn => active(fn) && !instrumented(fn)],
  ['Datadog on Python/Node (redirected handler, DD_LAMBDA_HANDLER)', fn => pythonOrNode(fn) && datadogComplete(fn) && redirected(fn) && !!env(fn).DD_LAMBDA_HANDLER],
  ['Datadog on Java/.NET (exec wrapper)', fn => javaOrDotnet(fn) && datadogComplete(fn) && env(fn).AWS_LAMBDA_EXEC_WRAPPER === '/opt/datadog_wrapper'],
  ['Datadog on Go (extension only)', fn => runtime(fn).startsWith('provided') && !!extension(fn) && !library(fn) && hasApiKey(fn)],
  ['Datadog with X-Ray merging', fn => datadogComplete(fn) && active(fn) && env(fn).DD_MERGE_XRAY_TRACES === 'true'],
  ['Datadog outdated', fn => !!extension(fn) && extension(fn)!.version < 100],
  ['a plaintext DD_API_KEY', fn => env(fn).DD_API_KEY === CANARY_SECRET],
  ['library without extension', fn => !!library(fn) && !extension(fn)],
  ['extension without API key', fn => !!extension(fn) && !hasApiKey(fn)],
  ['x86 Datadog layer on arm64', fn => fn.config.Architectures?.[0] === 'arm64' && datadogLayers(fn).some(layer => /^Datadog-(Python|Extension)/.test(layer.name) && !layer.name.includes('-ARM'))],
  ['Datadog-Python311 on python3.12', fn => runtime(fn) === 'python3.12' && library(fn)?.name === 'Datadog-Python311'],
  ['handler not redirected', fn => pythonOrNode(fn) && !!library(fn) && !redirected(fn) && !env(fn).DD_LAMBDA_HANDLER],
  ['Java/.NET without exec wrapper', fn => javaOrDotnet(fn) && !!library(fn) && !env(fn).AWS_LAMBDA_EXEC_WRAPPER],
  ['ADOT (OpenTelemetry)', fn => fromAccount(fn, '901920570463') && /^\/opt\/otel-/.test(env(fn).AWS_LAMBDA_EXEC_WRAPPER ?? '')],
  ['upstream OpenTelemetry', fn => fromAccount(fn, '184161586896')],
  ['New Relic', fn => fromAccount(fn, '451483290750') && !!env(fn).NEW_RELIC_LAMBDA_HANDLER],
  ['CloudFormation tags', fn => 'aws:cloudformation:stack-name' in fn.tags],
  ['SAM tags', fn => fn.tags['lambda:createdBy'] === 'SAM'],
  ['CDK logical ids', fn => /Function[0-9A-F]{8}$/.test(fn.tags['aws:cloudformation:logical-id'] ?? '')],
  ['Serverless Framework logical ids', fn => /LambdaFunction$/.test(fn.tags['aws:cloudformation:logical-id'] ?? '')],
  ['a team tag', fn => !!fn.tags.team],
  ['AppSync invokers', fn => fn.policyPrincipals.includes('appsync.amazonaws.com')],
  ['Step Functions invokers', fn => fn.policyPrincipals.includes('states.amazonaws.com')],
  ['API Gateway invokers', fn => fn.policyPrincipals.includes('apigateway.amazonaws.com')],
  ['SQS event sources', fn => fn.eventSourceMappings.some(mapping => mapping.EventSourceArn.includes(':sqs:'))],
  ['Kinesis event sources', fn => fn.eventSourceMappings.some(mapping => mapping.EventSourceArn.includes(':kinesis:'))],
  ['three own layers (Datadog makes exactly five)', fn => layers(fn).length === 3 && datadogLayers(fn).length === 0],
  ['four own layers (Datadog would exceed five)', fn => layers(fn).length === 4 && datadogLayers(fn).length === 0],
  ['an environment near 4 KB', fn => envBytes(fn) >= 3900],
  ['the canary secret in an environment value', fn => Object.values(env(fn)).includes(CANARY_SECRET)],
];

describe('the seed organisation', () => {
  it('is the same for the same seed', () => {
    expect(seedOrganisation({ seed: 7 })).toEqual(seedOrganisation({ seed: 7 }));
  });

  it('differs for another seed', () => {
    const names = (seed: number) => seedOrganisation({ seed }).functions.map(fn => fn.config.FunctionArn);

    expect(names(7)).not.toEqual(names(8));
  });

  it('has about 300 functions by default', () => {
    expect(functions).toHaveLength(300);
    expect(org.functionCount).toBe(300);
  });

  it('has accounts with obvious, deterministic credentials and several regions', () => {
    expect(org.accounts.length).toBeGreaterThanOrEqual(3);
    for (const account of org.accounts) expect(account.accessKeyId).toBe(`AKIASANDBOX${account.accountId}`);
    expect(org.accounts.filter(account => account.regions.length >= 2).length).toBeGreaterThanOrEqual(3);
    expect(org.accounts.some(account => account.regions.some(region => region.startsWith('us-gov-')))).toBe(true);
  });

  it.each(CATEGORIES)('covers %s', (_category, matches) => {
    expect(functions.filter(matches).length).toBeGreaterThan(0);
  });

  it('never exceeds the limits AWS enforces (5 layers, 4 KB of environment)', () => {
    expect(Math.max(...functions.map(fn => layers(fn).length))).toBeLessThanOrEqual(5);
    expect(Math.max(...functions.map(envBytes))).toBeLessThanOrEqual(4096);
  });

  it('names every function once per account-region, in its own account, region and partition', () => {
    const arns = functions.map(fn => fn.config.FunctionArn!);
    expect(new Set(arns).size).toBe(arns.length);
    for (const fn of functions) {
      const partition = fn.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
      expect(fn.config.FunctionArn).toBe(`arn:${partition}:lambda:${fn.region}:${fn.accountId}:function:${fn.config.FunctionName}`);
    }
  });

  it('uses Datadog’s publishing account of each partition, in the function’s own region', () => {
    for (const fn of functions) {
      for (const layer of datadogLayers(fn)) {
        expect(layer.region).toBe(fn.region);
        expect([layer.partition, layer.accountId]).toEqual(fn.region.startsWith('us-gov-') ? ['aws-us-gov', '002406178527'] : ['aws', '464622532012']);
      }
    }
  });

  it('names only layer versions that the sandbox publishes', () => {
    const registry = new LayerRegistry();
    publishStandardLayers(registry, org.accounts.map(account => ({ accountId: account.accountId, partition: account.regions[0].startsWith('us-gov-') ? 'aws-us-gov' : 'aws' })));

    const missing = functions.flatMap(fn => (fn.config.Layers ?? []).map(layer => layer.Arn!)).filter(arn => !registry.find(arn));

    expect(missing).toEqual([]);
  });

  it('scales to 10,000 functions with unique names', () => {
    const large = seedOrganisation({ functionCount: 10_000 });

    expect(large.functions).toHaveLength(10_000);
    expect(new Set(large.functions.map(fn => fn.config.FunctionArn)).size).toBe(10_000);
  });
});
