// Suite: portal rendering (benchmark 4). The components render under Vitest exactly as the frontend
// tests render them (bench/portal/render.measure.tsx); this suite starts that run and judges its
// durations.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PortalResults } from '../portal/results';
import type { Measurement } from '../lib/report';
import { distributionOf } from '../lib/stats';
import { suite } from '../lib/suite';

/**
 * p95 ceilings in this environment. React's development build in happy-dom renders several times
 * slower than a production build in a browser; these bounds keep the real page's re-render within
 * the ~100 ms people perceive as instant and its first render within a second.
 */
export const PORTAL_TARGETS_MS: Record<string, number | undefined> = {
  'page first render': 2000,
  // Issue 10's 300 ms for a keystroke is a browser's figure, judged in benchmark 6 (chromium, production
  // build); React's development build in happy-dom has no layout and runs several times slower, so
  // here it is context for comparing runs, not a verdict.
  'search keystroke to updated rows': undefined,
  'table first render': 1000,
  'table re-render, next page': 500,
  'table re-render, statuses changed': 500,
};

const ROOT = resolve(__dirname, '../..');

function runVitest(output: string): Promise<number> {
  const vitest = join(ROOT, 'node_modules', '.bin', 'vitest');
  const child = spawn(vitest, ['run', '--config', 'bench/portal/vitest.config.mts', '--reporter=dot'], {
    cwd: ROOT,
    env: { ...process.env, BENCH_PORTAL_OUTPUT: output },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('exit', code => done(code ?? 1));
  });
}

function toMeasurements(results: PortalResults): Measurement[] {
  return Object.entries(results.timings).map(([name, { durations, rowsRendered }]) => {
    const d = distributionOf(durations);
    return {
      benchmark: `portal, ${results.pageSize} rows (happy-dom, React dev build)`,
      metric: `${name} p95`,
      value: d.p95,
      unit: 'ms',
      target: PORTAL_TARGETS_MS[name],
      note: `p50 ${d.p50.toFixed(0)} ms over ${d.runs} runs, ${rowsRendered} rows in the DOM`,
    };
  });
}

suite(async recorder => {
  console.log('\n▶ Portal rendering (Vitest, happy-dom)');
  const dir = mkdtempSync(join(tmpdir(), 'serverless-tracing-portal-'));
  const output = join(dir, 'portal.json');
  try {
    const code = await runVitest(output);
    let results: PortalResults;
    try {
      results = JSON.parse(readFileSync(output, 'utf8')) as PortalResults;
    } catch {
      throw new Error(`The portal measurement (vitest, exit code ${code}) wrote no results; its output above says why.`);
    }
    recorder.record(toMeasurements(results));
    if (code !== 0) recorder.fail('portal rendering', new Error(`Vitest exited with code ${code}: a rendering check failed (see above).`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
