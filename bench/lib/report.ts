// What a benchmark reports and how the run judges it: every measurement carries its target, the
// ratio measured/target is printed, and only a miss by more than 2× fails the run (so a slower
// machine does not fail on noise, while a real regression still shows in the exit code).

export type Direction =
  /** Lower is better: the target is a ceiling (time, memory, calls). */
  | 'at-most'
  /** Higher is better: the target is a floor (throughput). */
  | 'at-least';

export interface Measurement {
  benchmark: string;
  metric: string;
  value: number;
  unit: string;
  /** Undefined: reported for context, not judged. */
  target?: number;
  direction?: Direction;
  note?: string;
}

export type Verdict = 'ok' | 'over target' | 'MISSED >2x' | 'info';

/** How far past its target a measurement may go before the run fails. */
export const FAILURE_FACTOR = 2;

export function ratioOf(m: Measurement): number | undefined {
  if (m.target === undefined) return undefined;
  if (m.target === 0) return m.value === 0 ? 0 : Number.POSITIVE_INFINITY;
  return m.value / m.target;
}

export function verdictOf(m: Measurement): Verdict {
  const ratio = ratioOf(m);
  if (ratio === undefined) return 'info';
  if ((m.direction ?? 'at-most') === 'at-most') {
    if (ratio <= 1) return 'ok';
    return ratio > FAILURE_FACTOR ? 'MISSED >2x' : 'over target';
  }
  if (ratio >= 1) return 'ok';
  return ratio < 1 / FAILURE_FACTOR ? 'MISSED >2x' : 'over target';
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  if (Math.abs(value) >= 0.1) return value.toFixed(2);
  return value.toPrecision(2);
}

/** One line as each measurement is taken: "scan (SQLite) · time to complete scan: 8.1 s (target ≤ 20 s, ratio 0.41)". */
export function describe(m: Measurement): string {
  const value = `${formatNumber(m.value)} ${m.unit}`;
  const ratio = ratioOf(m);
  const judged =
    m.target === undefined
      ? ''
      : ` (target ${m.direction === 'at-least' ? '≥' : '≤'} ${formatNumber(m.target)} ${m.unit}, ratio ${formatNumber(ratio!)}: ${verdictOf(m)})`;
  return `${m.benchmark} · ${m.metric}: ${value}${judged}${m.note ? ` — ${m.note}` : ''}`;
}

export function table(measurements: Measurement[]): string {
  const header = ['benchmark', 'metric', 'measured', 'target', 'ratio', 'verdict'];
  const rows = measurements.map(m => {
    const ratio = ratioOf(m);
    return [
      m.benchmark,
      m.metric,
      `${formatNumber(m.value)} ${m.unit}`,
      m.target === undefined ? '' : `${m.direction === 'at-least' ? '≥' : '≤'} ${formatNumber(m.target)} ${m.unit}`,
      ratio === undefined ? '' : formatNumber(ratio),
      verdictOf(m),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' │ ');
  return [line(header), widths.map(w => '─'.repeat(w)).join('─┼─'), ...rows.map(line)].join('\n');
}
