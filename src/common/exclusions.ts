// Exclusions: functions deliberately left untraced (a load-test target, a function being retired, a
// vendor-managed one). Excluded by a tag on the function, or from the page by ARN or name pattern. An
// excluded function leaves the coverage denominator, is counted apart and is not offered for bulk enable.
import type { FunctionExclusion } from './api';

/**
 * The tag that excludes a function, its value the reason (e.g. `serverless-tracing:exclude = load test
 * target`). A tag, so the team that owns the function can say so where the function is defined.
 */
export const EXCLUDE_TAG = 'serverless-tracing:exclude';

/** The exclusion a function's tags declare, or null. An empty value still excludes, with a generic reason. */
export function tagExclusion(tags: Record<string, string> | undefined): FunctionExclusion | null {
  if (!tags || !(EXCLUDE_TAG in tags)) return null;
  const reason = tags[EXCLUDE_TAG].trim();
  return { source: 'tag', reason: reason || `Tagged ${EXCLUDE_TAG} without a reason.` };
}

/** Lambda function names: letters, digits, hyphens and underscores; patterns add * (any run) and ? (one). */
const PATTERN_CHARACTERS = /^[A-Za-z0-9_*?-]+$/;
const MAX_PATTERN = 64;

/** Why a name pattern cannot be an exclusion (for a 400), or undefined when it can. */
export function exclusionPatternProblem(pattern: string): string | undefined {
  if (pattern.trim() !== pattern || pattern.length === 0) return 'a name pattern may not be empty or start or end with spaces';
  if (pattern.length > MAX_PATTERN) return `a name pattern has at most ${MAX_PATTERN} characters, as a function name does`;
  if (!PATTERN_CHARACTERS.test(pattern)) {
    const bad = [...pattern].find(c => !/[A-Za-z0-9_*?-]/.test(c));
    return `"${bad}" cannot be in a function name: use letters, digits, - and _, with * for any run of characters and ? for one (e.g. loadtest-*)`;
  }
  if (!/[A-Za-z0-9_-]/.test(pattern)) return 'a pattern of wildcards only would exclude every function: name part of the function names (e.g. loadtest-*)';
  return undefined;
}

/** Whether a function name matches a glob pattern, case-insensitively (as the store's LIKE matches it). */
export function matchesPattern(pattern: string, name: string): boolean {
  const source = [...pattern.toLowerCase()].map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`).test(name.toLowerCase());
}
