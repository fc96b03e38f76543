import { RUNTIMES, runtimeFamily, runtimeInfo, runtimeStage, runtimeStageReason, latestRuntimeOf, recommend, planEnablement } from '../../src/common';
import { lambda, settings } from './fixtures';

const python310 = runtimeInfo('python3.10')!;

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

  it('holds AWS\'s three dates for every runtime, each stage on or after the one before', () => {
    for (const info of RUNTIMES) {
      const { deprecation, blockCreate, blockUpdate } = info.lifecycle!;
      for (const date of [deprecation, blockCreate, blockUpdate]) expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(deprecation <= blockCreate && blockCreate <= blockUpdate).toBe(true);
    }
  });

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
});

describe("a runtime's stage on a given day (python3.10: deprecated 2026-10-31, create blocked 2026-11-30, update blocked 2027-01-15)", () => {
  it.each([
    ['2026-10-30', 'supported'],
    ['2026-10-31', 'deprecated'],
    ['2026-11-29T23:59:59.999Z', 'deprecated'],
    ['2026-11-30', 'create-blocked'],
    ['2027-01-14', 'create-blocked'],
    ['2027-01-15T00:00:00.000Z', 'update-blocked'],
    ['2030-01-01', 'update-blocked'],
  ] as const)('on %s it is %s', (today, stage) => {
    expect(runtimeStage(python310, today)).toBe(stage);
  });

  it('says nothing while the runtime is supported', () => {
    expect(runtimeStageReason(python310, '2026-10-30')).toBeUndefined();
  });

  it('names the deprecation and the dates still ahead once deprecated', () => {
    expect(runtimeStageReason(python310, '2026-11-01')).toBe(
      'Python 3.10 is deprecated by AWS since 2026-10-31; new functions blocked from 2026-11-30; updates blocked from 2027-01-15.',
    );
  });

  it('says new functions are blocked since the create date, updates still ahead', () => {
    expect(runtimeStageReason(python310, '2026-12-01')).toBe(
      'Python 3.10 is deprecated by AWS since 2026-10-31; new functions blocked since 2026-11-30; updates blocked from 2027-01-15.',
    );
  });

  it('says updates are blocked since the update date', () => {
    expect(runtimeStageReason(python310, '2027-01-15')).toMatch(/^Python 3\.10 is deprecated by AWS since 2026-10-31; new functions blocked since 2026-11-30; updates blocked since 2027-01-15/);
  });

  it('rejects a day that is not an ISO date', () => {
    expect(() => runtimeStage(python310, '01/15/2027')).toThrow(/not an ISO date/);
  });

  it('points each family to its newest runtime still supported that day', () => {
    expect(latestRuntimeOf('python', '2026-12-01')?.runtime).toBe('python3.14');
    expect(latestRuntimeOf('node', '2026-12-01')?.runtime).toBe('nodejs24.x');
    expect(latestRuntimeOf('node', '2028-05-01')).toBeUndefined();
  });
});

describe('what the stage means for enabling tracing', () => {
  const fn = () => lambda({ Runtime: 'python3.10' });
  const context = (today: string) => ({ invokedBy: [], datadog: settings(), today });

  it('offers one click while the runtime is supported, without a deprecation reason', () => {
    const r = recommend(fn(), context('2026-10-30'));
    expect(r.applicability).toBe('one-click');
    expect(r.reasons.join(' ')).not.toMatch(/deprecated/);
  });

  it.each(['2026-10-31', '2026-11-30', '2027-01-14'])('on %s still offers one click, and the reason names the stage', today => {
    const r = recommend(fn(), context(today));
    expect(r.applicability).toBe('one-click');
    expect(r.reasons.join(' ')).toContain(`${runtimeStageReason(python310, today)} Tracing can still be added now`);
  });

  it('asks to upgrade the runtime first from the block-update date, naming that blocker and the target', () => {
    const r = recommend(fn(), context('2027-01-15'));
    expect(r.applicability).toBe('upgrade-runtime-first');
    expect(r.reasons.join(' ')).toContain('updates blocked since 2027-01-15');
    expect(JSON.stringify(r.steps)).toContain('--runtime python3.14');
  });

  it('plans no blocker the day before the block-update date, and a deprecated-runtime blocker on it', () => {
    const plan = (today: string) => planEnablement(fn(), { solution: 'dd-trace', datadog: settings(), today });
    expect(plan('2027-01-14').blockers).toEqual([]);
    expect(plan('2027-01-15').blockers).toEqual([
      expect.objectContaining({ code: 'deprecated-runtime', message: expect.stringContaining('updates blocked since 2027-01-15') }),
    ]);
    expect(plan('2027-01-15').blockers[0].message).toContain('to Python 3.14 first');
  });
});
