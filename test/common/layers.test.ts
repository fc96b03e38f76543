import {
  classifyDatadogLayer, DEFAULT_LAYER_VERSIONS, formatLayerArn, parseFunctionArn, parseLayerArn, partitionOfRegion,
  planEnablement, RUNTIMES, runtimeStage, type Architecture,
} from '../../src/common';
import { AS_OF, lambda, layer, request } from './fixtures';

// Expected library layer names, written out by hand so the test does not restate the code.
const LIBRARY: Record<string, [x86: string | undefined, arm: string | undefined, version: number]> = {
  'python3.10': ['Datadog-Python310', 'Datadog-Python310-ARM', 128],
  'python3.11': ['Datadog-Python311', 'Datadog-Python311-ARM', 128],
  'python3.12': ['Datadog-Python312', 'Datadog-Python312-ARM', 128],
  'python3.13': ['Datadog-Python313', 'Datadog-Python313-ARM', 128],
  'python3.14': ['Datadog-Python314', 'Datadog-Python314-ARM', 128],
  'nodejs22.x': ['Datadog-Node22-x', 'Datadog-Node22-x', 143],
  'nodejs24.x': ['Datadog-Node24-x', 'Datadog-Node24-x', 143],
  'ruby3.3': ['Datadog-Ruby3-3', 'Datadog-Ruby3-3-ARM', 30],
  'ruby3.4': ['Datadog-Ruby3-4', 'Datadog-Ruby3-4-ARM', 30],
  'ruby4.0': ['Datadog-Ruby4-0', 'Datadog-Ruby4-0-ARM', 30],
  'java8.al2': ['dd-trace-java', 'dd-trace-java', 28],
  java11: ['dd-trace-java', 'dd-trace-java', 28],
  java17: ['dd-trace-java', 'dd-trace-java', 28],
  java21: ['dd-trace-java', 'dd-trace-java', 28],
  java25: ['dd-trace-java', 'dd-trace-java', 28],
  dotnet8: ['dd-trace-dotnet', 'dd-trace-dotnet-ARM', 26],
  dotnet10: ['dd-trace-dotnet', 'dd-trace-dotnet-ARM', 26],
  'provided.al2': [undefined, undefined, 0],
  'provided.al2023': [undefined, undefined, 0],
};

const PARTITIONS = [
  { partition: 'aws', region: 'eu-west-1', account: '464622532012', extension: { x86_64: 'Datadog-Extension', arm64: 'Datadog-Extension-ARM' } },
  { partition: 'aws-us-gov', region: 'us-gov-west-1', account: '002406178527', extension: { x86_64: 'Datadog-Extension-FIPS', arm64: 'Datadog-Extension-ARM-FIPS' } },
];

const supported = RUNTIMES.filter(r => runtimeStage(r, AS_OF) === 'supported').map(r => r.runtime);
const cases = supported.flatMap(runtime =>
  (['x86_64', 'arm64'] as Architecture[]).flatMap(architecture => PARTITIONS.map(p => ({ runtime, architecture, ...p }))),
);

describe('Datadog layer ARNs per runtime × architecture × partition', () => {
  it('covers every supported runtime in the expectation table', () => {
    expect(Object.keys(LIBRARY).sort()).toEqual([...supported].sort());
  });

  it.each(cases)('$runtime on $architecture in $partition gets exactly its layers', ({ runtime, architecture, partition, region, account, extension }) => {
    const plan = planEnablement(lambda({ Runtime: runtime, Architectures: [architecture], region }), request());
    const [x86, arm, version] = LIBRARY[runtime];
    const library = architecture === 'arm64' ? arm : x86;
    const expected = [
      ...(library ? [`arn:${partition}:lambda:${region}:${account}:layer:${library}:${version}`] : []),
      `arn:${partition}:lambda:${region}:${account}:layer:${extension[architecture]}:100`,
    ];
    expect(plan.after.Layers).toEqual(expected);
  });

  it.each(supported.flatMap(runtime => ['x86_64', 'arm64'].map(architecture => ({ runtime, architecture }))))(
    '$runtime on $architecture in aws-cn gets no layer and a blocker',
    ({ runtime, architecture }) => {
      const plan = planEnablement(lambda({ Runtime: runtime, Architectures: [architecture], region: 'cn-north-1' }), request());
      expect(plan.after.Layers).toEqual([]);
      expect(plan.blockers.map(b => b.code)).toContain('no-layers-in-partition');
    },
  );

  it('builds the arm64 python3.12 layers in eu-west-1 exactly', () => {
    const plan = planEnablement(lambda({ Runtime: 'python3.12', Architectures: ['arm64'] }), request());
    expect(plan.after.Layers).toEqual([
      'arn:aws:lambda:eu-west-1:464622532012:layer:Datadog-Python312-ARM:128',
      'arn:aws:lambda:eu-west-1:464622532012:layer:Datadog-Extension-ARM:100',
    ]);
  });

  it('uses the shared Node layer on arm64', () => {
    const plan = planEnablement(lambda({ Runtime: 'nodejs22.x', Architectures: ['arm64'] }), request());
    expect(plan.after.Layers[0]).toBe('arn:aws:lambda:eu-west-1:464622532012:layer:Datadog-Node22-x:143');
  });

  it('takes layers from the mirror account when layerAccount is set, even in aws-cn', () => {
    const plan = planEnablement(lambda({ region: 'cn-north-1' }), request('dd-trace', { layerAccount: '999999999999' }));
    expect(plan.blockers).toEqual([]);
    expect(plan.after.Layers).toEqual([
      'arn:aws-cn:lambda:cn-north-1:999999999999:layer:Datadog-Python312:128',
      'arn:aws-cn:lambda:cn-north-1:999999999999:layer:Datadog-Extension:100',
    ]);
  });

  it('uses the configured layer versions', () => {
    const plan = planEnablement(lambda(), request('dd-trace', { layerVersions: { ...DEFAULT_LAYER_VERSIONS, python: 99, extension: 77 } }));
    expect(plan.after.Layers).toEqual([layer('Datadog-Python312', 99), layer('Datadog-Extension', 77)]);
  });

  it('uses the FIPS extension in the commercial partition when asked', () => {
    const plan = planEnablement(lambda(), request('dd-trace', { fips: true }));
    expect(plan.after.Layers[1]).toBe(layer('Datadog-Extension-FIPS', 100));
  });

  it('lets GovCloud opt out of FIPS', () => {
    const plan = planEnablement(lambda({ region: 'us-gov-east-1' }), request('dd-trace', { fips: false }));
    expect(plan.after.Layers[1]).toBe('arn:aws-us-gov:lambda:us-gov-east-1:002406178527:layer:Datadog-Extension:100');
  });

  it.each([['java21'], ['dotnet8'], ['ruby3.4']])('blocks %s in a region without its layer', runtime => {
    const plan = planEnablement(lambda({ Runtime: runtime, region: 'ap-east-2' }), request());
    expect(plan.blockers.map(b => b.code)).toContain('layer-missing-in-region');
  });

  it('does not block python in a region that only lacks other layers', () => {
    const plan = planEnablement(lambda({ region: 'ap-east-2' }), request());
    expect(plan.blockers).toEqual([]);
  });
});

describe('layer ARNs', () => {
  it('parses and formats a layer ARN round trip', () => {
    const arn = 'arn:aws-us-gov:lambda:us-gov-west-1:002406178527:layer:Datadog-Extension-FIPS:100';
    const parsed = parseLayerArn(arn);
    expect(parsed).toEqual({ partition: 'aws-us-gov', region: 'us-gov-west-1', accountId: '002406178527', name: 'Datadog-Extension-FIPS', version: 100 });
    expect(formatLayerArn(parsed!)).toBe(arn);
  });

  it('rejects an ARN that is not a layer version', () => {
    expect(parseLayerArn('arn:aws:lambda:eu-west-1:464622532012:layer:Datadog-Extension')).toBeUndefined();
  });

  it('recognises a Datadog layer by account and name', () => {
    expect(classifyDatadogLayer(layer('Datadog-Python311-ARM', 90))).toMatchObject({ kind: 'library', family: 'python', baseName: 'Datadog-Python311', arm: true });
    expect(classifyDatadogLayer(layer('Datadog-Extension-ARM-FIPS', 90))).toMatchObject({ kind: 'extension', arm: true, fips: true });
  });

  it('recognises mirrored Datadog layers only from the configured account', () => {
    const mirrored = layer('Datadog-Extension', 100, 'eu-west-1', '999999999999');
    expect(classifyDatadogLayer(mirrored)).toBeUndefined();
    expect(classifyDatadogLayer(mirrored, '999999999999')).toMatchObject({ kind: 'extension' });
  });

  it("does not take a user's own layer for Datadog's", () => {
    expect(classifyDatadogLayer(layer('my-utils', 3, 'eu-west-1', '123456789012'))).toBeUndefined();
  });
});

describe('function ARNs and partitions', () => {
  it('parses a function ARN with a qualifier', () => {
    expect(parseFunctionArn('arn:aws:lambda:eu-west-1:123456789012:function:orders:live')).toEqual({
      partition: 'aws', region: 'eu-west-1', accountId: '123456789012', functionName: 'orders',
    });
  });

  it('rejects something that is not a function ARN', () => {
    expect(parseFunctionArn('arn:aws:s3:::bucket')).toBeUndefined();
  });

  it.each([
    'arn:aws-cn:lambda:us-east-1:123456789012:function:orders',
    'arn:aws:lambda:us-gov-west-1:123456789012:function:orders',
    'arn:aws-us-gov:lambda:cn-north-1:123456789012:function:orders',
  ])('rejects %s: its partition does not hold its region', arn => {
    expect(parseFunctionArn(arn)).toBeUndefined();
  });

  it.each([['eu-west-1', 'aws'], ['us-gov-west-1', 'aws-us-gov'], ['cn-northwest-1', 'aws-cn']])('puts %s in %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });
});
