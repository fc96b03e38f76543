// Latency distributions: repeat an operation, keep every duration, read percentiles off the sorted list.
import { performance } from 'node:perf_hooks';

export interface Distribution {
  runs: number;
  p50: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentile of durations already sorted ascending. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) throw new Error('No durations to take a percentile of: the operation never ran.');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function distributionOf(durations: number[]): Distribution {
  const sorted = [...durations].sort((a, b) => a - b);
  return { runs: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
}

export interface RunBudget {
  /** Measured runs wanted. */
  runs: number;
  /** Unmeasured runs first (JIT, caches, connection pool). */
  warmup?: number;
  /** Stop early after this long, once `minRuns` are in: a slow operation must not stall the whole run. */
  maxMs?: number;
  minRuns?: number;
}

/** Runs `operation` per the budget and returns the distribution of the measured runs. */
export async function timeRuns(operation: () => Promise<unknown>, budget: RunBudget): Promise<Distribution> {
  const { runs, warmup = 10, maxMs = Number.POSITIVE_INFINITY, minRuns = 20 } = budget;
  for (let i = 0; i < warmup; i++) await operation();
  const durations: number[] = [];
  const deadline = performance.now() + maxMs;
  for (let i = 0; i < runs; i++) {
    if (durations.length >= minRuns && performance.now() > deadline) break;
    const started = performance.now();
    await operation();
    durations.push(performance.now() - started);
  }
  return distributionOf(durations);
}

/** Wall-clock milliseconds of one awaited operation. */
export async function timed<T>(operation: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await operation();
  return { result, ms: performance.now() - started };
}
