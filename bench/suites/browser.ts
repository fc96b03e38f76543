// Suite: the plugin's page in a real browser (benchmark 6). The dev portal's backend (dev/backend.ts)
// on a sandbox of 10,000 functions, the dev app (dev/index.tsx) as a production build
// (bench/browser/productionApp.ts), Debian's chromium through playwright-core. Measures issue 10's
// two browser figures with the page's own clock (bench/browser/instrument.ts): the page interactive
// on a warm reload, and a search keystroke until the grid shows the new query's rows.
//
// Ports: BENCH_BROWSER_BACKEND_PORT (default 7107) and BENCH_BROWSER_FRONTEND_PORT (default 3100),
// apart from the dev portal's 7007 and 3000 so both can run on one machine.
import type { Browser, Page } from 'playwright-core';
import { ACCOUNTS } from '../../dev/sandbox/seed-catalog';
import { launchBrowser } from '../../test/e2e/browser';
import { instrumentPage, type KeystrokeTiming } from '../browser/instrument';
import { startPortalBackend, type PortalBackend } from '../browser/portalBackend';
import { startProductionApp, type ProductionApp } from '../browser/productionApp';
import type { Measurement } from '../lib/report';
import { distributionOf } from '../lib/stats';
import { suite, type Recorder } from '../lib/suite';

export const BROWSER_FUNCTIONS = 10_000;

/** Issue 10's figures at 10,000 functions (p95). */
export const BROWSER_TARGETS_MS = {
  /** A warm reload of a production build until rows are shown and the search box takes input. */
  interactive: 1500,
  /** A keystroke in the search box until the new query's rows are painted, debounce included. */
  keystroke: 300,
};

const RELOADS = 10;
/** Names typed one character at a time, each cleared after; every keystroke whose answer differs from the rows shown is timed. */
const QUERY_COUNT = 8;
const SETTLE_MS = 150;

const BACKEND_PORT = Number(process.env.BENCH_BROWSER_BACKEND_PORT ?? 7107);
const FRONTEND_PORT = Number(process.env.BENCH_BROWSER_FRONTEND_PORT ?? 3100);
const BENCHMARK = `page in chromium, ${BROWSER_FUNCTIONS} functions (production build)`;
/** tsx keeps function names with a helper the page does not have; the instrumentation is plain code otherwise. */
const INSTRUMENTATION = `var __name = f => f; (${instrumentPage.toString()})();`;

suite(async recorder => {
  console.log(`\n▶ The page in a real browser (chromium, production build, ${BROWSER_FUNCTIONS} functions)`);
  const frontendUrl = `http://localhost:${FRONTEND_PORT}`;
  let backend: PortalBackend | undefined;
  let app: ProductionApp | undefined;
  let browser: Browser | undefined;
  try {
    const startedAt = performance.now();
    [backend, app] = await Promise.all([
      startPortalBackend({ port: BACKEND_PORT, frontendUrl, functionCount: BROWSER_FUNCTIONS }),
      startProductionApp({ port: FRONTEND_PORT, backendUrl: `http://localhost:${BACKEND_PORT}` }),
    ]);
    console.log(
      `  backend on ${backend.url} scanned ${BROWSER_FUNCTIONS} functions; production build (${(app.entryBytes / 1024 / 1024).toFixed(2)} MB of JavaScript at first load, built in ${(app.buildMs / 1000).toFixed(1)} s) on ${app.url}; ${((performance.now() - startedAt) / 1000).toFixed(0)} s`,
    );
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on('pageerror', error => errors.push(error.message));
    await page.addInitScript({ content: INSTRUMENTATION });
    await signIn(page, `${app.url}/serverless-tracing`);
    await measureWarmReloads(page, recorder, errors);
    await measureKeystrokes(page, backend.url, recorder, errors);
  } finally {
    await browser?.close();
    await app?.close();
    await backend?.close();
  }
});

/** The first visit: the dev app's guest sign-in, then the inventory. Later loads sign in by themselves. */
async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const enter = page.getByRole('button', { name: 'Enter' });
  const grid = page.getByLabel('Lambda functions', { exact: true });
  await enter.or(grid).first().waitFor();
  if (await enter.isVisible()) await enter.click();
  await page.waitForFunction(() => window.__bench.interactivePaintedAt !== undefined);
}

async function measureWarmReloads(page: Page, recorder: Recorder, errors: string[]): Promise<void> {
  const interactive: number[] = [];
  const painted: number[] = [];
  const domContentLoaded: number[] = [];
  const firstAnswer: number[] = [];
  try {
    for (let run = 0; run < RELOADS + 1; run++) {
      await page.reload({ waitUntil: 'commit' });
      await page.waitForFunction(() => window.__bench?.interactivePaintedAt !== undefined, undefined, { polling: 100 }).catch(error => {
        throw new Error(`The page did not become interactive after a reload (${errors.join('; ') || 'no page errors'}): ${String(error)}`);
      });
      const timing = await page.evaluate(() => {
        const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const answer = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find(entry =>
          entry.name.includes('/api/serverless-tracing/functions?'),
        );
        return {
          interactive: window.__bench.interactiveAt!,
          painted: window.__bench.interactivePaintedAt!,
          domContentLoaded: navigation.domContentLoadedEventEnd,
          firstAnswer: answer?.responseEnd ?? Number.NaN,
        };
      });
      if (run === 0) continue; // the reload that warms caches after sign-in
      interactive.push(timing.interactive);
      painted.push(timing.painted);
      domContentLoaded.push(timing.domContentLoaded);
      firstAnswer.push(timing.firstAnswer);
    }
  } catch (error) {
    recorder.fail('page interactive on a warm reload', error);
    return;
  }
  const p = distributionOf(painted);
  const i = distributionOf(interactive);
  recorder.record([
    {
      benchmark: BENCHMARK,
      metric: 'page interactive, warm reload p95',
      value: p.p95,
      unit: 'ms',
      target: BROWSER_TARGETS_MS.interactive,
      note: `p50 ${p.p50.toFixed(0)} ms over ${p.runs} reloads: navigation start until the first rows and the search box are painted (in the DOM: p50 ${i.p50.toFixed(0)}, p95 ${i.p95.toFixed(0)} ms)`,
    },
    {
      benchmark: BENCHMARK,
      metric: 'warm reload: DOMContentLoaded p50',
      value: distributionOf(domContentLoaded).p50,
      unit: 'ms',
      note: 'the scripts fetched (from cache), parsed and run',
    },
    {
      benchmark: BENCHMARK,
      metric: 'warm reload: GET /functions answered p50',
      value: distributionOf(firstAnswer.filter(Number.isFinite)).p50,
      unit: 'ms',
      note: 'since navigation start: sign-in, config and the first request of the table',
    },
  ]);
}

async function measureKeystrokes(page: Page, backendUrl: string, recorder: Recorder, errors: string[]): Promise<void> {
  const search = page.getByLabel('Search functions');
  // The table's own request, to ask the API the same question for each query the page will type.
  const first = page.waitForRequest(request => request.url().includes('/api/serverless-tracing/functions?'));
  await page.reload();
  const request = await first;
  const authorization = (await request.allHeaders()).authorization;
  await page.waitForFunction(() => window.__bench.interactivePaintedAt !== undefined);
  const answerFor = async (q: string): Promise<string[]> => {
    const url = new URL(request.url());
    if (q.trim()) url.searchParams.set('q', q.trim());
    else url.searchParams.delete('q');
    url.searchParams.set('offset', '0');
    const res = await fetch(url, { headers: authorization ? { Authorization: authorization } : {} });
    if (!res.ok) throw new Error(`GET ${url} answered HTTP ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { items: Array<{ arn: string }> }).items.map(item => item.arn);
  };
  if (!request.url().startsWith(backendUrl)) throw new Error(`The page asked ${request.url()}, not the benchmark's backend ${backendUrl}.`);

  const queries = await queriesToType(answerFor);
  const timings: KeystrokeTiming[] = [];
  let unchanged = 0;
  try {
    await search.click();
    for (const query of queries) {
      let shown = await answerFor('');
      for (let n = 1; n <= query.length + 1; n++) {
        const clearing = n > query.length;
        const typed = clearing ? '' : query.slice(0, n);
        const expected = await answerFor(typed);
        const changes = expected.join() !== shown.join();
        if (changes) await page.evaluate(arns => window.__bench.expectRows(arns), expected);
        // Clearing: the whole text is selected and deleted with one key, as people do.
        if (clearing) await search.selectText();
        await page.keyboard.press(clearing ? 'Backspace' : query[n - 1]);
        if (!changes) {
          unchanged++;
          await page.waitForTimeout(SETTLE_MS * 3); // its request still lands before the next key
        } else {
          const handle = await page
            .waitForFunction(() => window.__bench.keystroke, undefined, { polling: 'raf' })
            .catch(error => {
              throw new Error(`After typing "${typed}" the grid never showed the API's ${expected.length} rows for it (${errors.join('; ') || 'no page errors'}): ${String(error)}`);
            });
          timings.push((await handle.jsonValue()) as KeystrokeTiming);
          await page.waitForTimeout(SETTLE_MS);
        }
        shown = expected;
      }
    }
  } catch (error) {
    recorder.fail('search keystroke to updated rows', error);
    return;
  }
  const painted = distributionOf(timings.map(t => t.paintedMs));
  const matched = distributionOf(timings.map(t => t.matchedMs));
  recorder.record([
    {
      benchmark: BENCHMARK,
      metric: 'search keystroke to updated rows p95',
      value: painted.p95,
      unit: 'ms',
      target: BROWSER_TARGETS_MS.keystroke,
      note: `p50 ${painted.p50.toFixed(0)} ms, max ${painted.max.toFixed(0)} ms over ${painted.runs} keystrokes (${queries.map(q => `"${q}"`).join(', ')}, each cleared after; ${unchanged} keystrokes that left the first page unchanged not timed): keydown until the new rows are painted (in the DOM: p50 ${matched.p50.toFixed(0)}, p95 ${matched.p95.toFixed(0)} ms)`,
    },
  ] satisfies Measurement[]);
}

/**
 * Names of real functions (without the number of a repeated name), one per business domain of the
 * seed organisation, as someone looking one up types them: the domain, then the component, then the
 * action narrow the first page step by step.
 */
async function queriesToType(answerFor: (q: string) => Promise<string[]>): Promise<string[]> {
  const domains = [...new Set(ACCOUNTS.flatMap(account => account.domains))];
  const names: string[] = [];
  for (const domain of domains.filter((_, i) => i % Math.floor(domains.length / QUERY_COUNT) === 0).slice(0, QUERY_COUNT)) {
    const arns = await answerFor(domain);
    // From the middle of the first page: another component and action than the alphabetically first.
    const arn = arns[Math.floor(arns.length / 2)];
    if (arn) names.push(arn.slice(arn.lastIndexOf(':') + 1).replace(/-\d+$/, ''));
  }
  if (names.length < QUERY_COUNT) throw new Error(`Only ${names.length} of ${QUERY_COUNT} business domains have functions to look up (${names.join(', ')}).`);
  return names;
}
