import { RUNTIMES, runtimeFamily, runtimeInfo, latestRuntimeOf } from '../../src/common';

describe('the runtime table', () => {
  it.each([
    ['python3.8', 'python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14'],
    ['nodejs16.x', 'nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x'],
    ['ruby3.2', 'ruby3.3', 'ruby3.4', 'ruby4.0'],
    ['java8.al2', 'java11', 'java17', 'java21', 'java25'],
    ['dotnet6', 'dotnet8', 'dotnet10'],
    ['provided.al2', 'provided.al2023'],
  ])('has a row for %s and its siblings', (...runtimes) => {
    for (const runtime of runtimes) expect(runtimeInfo(runtime)?.runtime).toBe(runtime);
  });

  it.each(['python2.7', 'python3.6', 'python3.7', 'python3.8', 'python3.9', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x', 'nodejs18.x', 'nodejs20.x', 'ruby2.5', 'ruby2.7', 'ruby3.2', 'java8', 'dotnet6', 'dotnetcore2.1', 'dotnetcore3.1', 'go1.x', 'provided'])(
    'marks %s deprecated',
    runtime => expect(runtimeInfo(runtime)?.deprecated).toBe(true),
  );

  it.each(['python3.12', 'python3.14', 'nodejs22.x', 'nodejs24.x', 'ruby3.4', 'ruby4.0', 'java21', 'java25', 'dotnet8', 'dotnet10', 'provided.al2023'])(
    'keeps %s supported',
    runtime => expect(runtimeInfo(runtime)?.deprecated).toBe(false),
  );

  it('has each runtime identifier exactly once', () => {
    const ids = RUNTIMES.map(r => r.runtime);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ['python3.12', 'python', 'redirect', true],
    ['nodejs20.x', 'node', 'redirect', false],
    ['ruby3.3', 'ruby', 'code-wrapper', true],
    ['java21', 'java', 'exec-wrapper', false],
    ['dotnet8', 'dotnet', 'exec-wrapper', true],
    ['provided.al2023', 'provided', 'extension-only', false],
  ] as const)('knows %s as family %s with strategy %s (ARM variant: %s)', (runtime, family, strategy, arm) => {
    expect(runtimeInfo(runtime)).toMatchObject({ family, handlerStrategy: strategy, armVariant: arm });
  });

  it('gives provided runtimes no library layer', () => {
    expect(runtimeInfo('provided.al2')?.datadogLayer).toBeUndefined();
  });

  it("answers 'other' for an absent or unknown runtime", () => {
    expect(runtimeFamily(undefined)).toBe('other');
    expect(runtimeFamily('cobol85')).toBe('other');
  });

  it('points each family to its newest supported runtime', () => {
    expect(latestRuntimeOf('python')?.runtime).toBe('python3.14');
    expect(latestRuntimeOf('node')?.runtime).toBe('nodejs24.x');
  });
});
