import { EXCLUDE_TAG, exclusionPatternProblem, matchesPattern, tagExclusion } from '../../src/common/exclusions';

describe('tagExclusion', () => {
  it('reads the reason from the tag, and still excludes with an empty one', () => {
    expect(tagExclusion({ team: 'payments' })).toBeNull();
    expect(tagExclusion(undefined)).toBeNull();
    expect(tagExclusion({ [EXCLUDE_TAG]: ' load test ' })).toEqual({ source: 'tag', reason: 'load test' });
    expect(tagExclusion({ [EXCLUDE_TAG]: '' })?.reason).toMatch(/without a reason/);
  });
});

describe('exclusionPatternProblem', () => {
  it('accepts function-name globs', () => {
    for (const pattern of ['loadtest-*', 'payments-?-worker', 'legacy_job', '*-canary']) expect(exclusionPatternProblem(pattern)).toBeUndefined();
  });

  it('names what is wrong with a bad pattern', () => {
    expect(exclusionPatternProblem('')).toMatch(/empty/);
    expect(exclusionPatternProblem(' a*')).toMatch(/spaces/);
    expect(exclusionPatternProblem('a/b*')).toMatch(/"\/" cannot be in a function name/);
    expect(exclusionPatternProblem('%')).toMatch(/"%" cannot be/);
    expect(exclusionPatternProblem('*?*')).toMatch(/wildcards only/);
    expect(exclusionPatternProblem('a'.repeat(65))).toMatch(/at most 64/);
  });
});

describe('matchesPattern', () => {
  it('matches whole names, case aside, * any run and ? one character', () => {
    expect(matchesPattern('loadtest-*', 'LoadTest-orders')).toBe(true);
    expect(matchesPattern('loadtest-*', 'my-loadtest-orders')).toBe(false);
    expect(matchesPattern('job-?', 'job-1')).toBe(true);
    expect(matchesPattern('job-?', 'job-12')).toBe(false);
    expect(matchesPattern('a_b', 'axb')).toBe(false);
  });
});
