// `npm run test:app`: the plugin as a platform engineer meets it. A fresh app from the official
// creator (Node 22, yarn 4), the packed plugin installed as the README says, the app's own permission
// backend and guest sign-in, the plugin on the Lambda sandbox; then Debian's chromium: sign in, open
// the page from the sidebar, enable a catalog-owned and a tag-owned function, roll one back, open the
// entity tab. Any failed permission or plugin request, or a console error from the plugin, fails it.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import type { FunctionSummary } from '../../src/common/api';
import { BackendApi } from '../e2e/backendApi';
import { launchBrowser } from '../e2e/browser';
import { readTracedParts, type TracedParts } from '../e2e/sandboxLambda';
import { waitUntil } from '../e2e/support';
import { closeDetails, grid, openDetails, searchFor, tableTotal, waitForJobToFinish, waitForRows, type Row } from '../e2e/tracingPage';
import {
  APP_DIR,
  BACKEND_URL,
  FRONTEND_URL,
  RESULTS,
  ROOT,
  SANDBOX_URL,
  assertPortFree,
  backstageVersion,
  checkAppDefaults,
  clearResults,
  configureApp,
  ensureCreatedApp,
  installPlugin,
  packPlugin,
  resetApp,
  startProcess,
  waitForUrl,
  type Running,
} from './createdApp';

const STEP_TIMEOUT = 180_000;
const OWNING_ENTITY = 'component:default/payments'; // dev/catalog-info.yaml claims payments-*

const timings: Record<string, string> = {};
const since = (started: number) => `${((Date.now() - started) / 1000).toFixed(0)} s`;

/** What the browser did wrong, as far as this test is concerned. */
interface Problems {
  failedRequests: string[];
  pluginConsoleErrors: string[];
  otherConsoleErrors: string[];
}

function watchPage(page: Page): Problems {
  const problems: Problems = { failedRequests: [], pluginConsoleErrors: [], otherConsoleErrors: [] };
  page.on('response', async response => {
    const url = response.url();
    const ours = url.includes('/api/permission/') || url.includes('/api/serverless-tracing/');
    if (!ours || response.status() < 400) return;
    const body = await response.text().catch(() => '(no body)');
    const request = response.request();
    problems.failedRequests.push(`${response.status()} ${request.method()} ${url} ${request.postData() ?? ''} → ${body.slice(0, 500)}`);
  });
  // In the dev server's bundle the plugin's modules and chunks carry its package name.
  const fromPlugin = (text: string) => /serverless[-_]tracing/i.test(text);
  page.on('console', message => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    const line = `${message.text()}${where ? ` (at ${where})` : ''}`;
    (fromPlugin(line) ? problems.pluginConsoleErrors : problems.otherConsoleErrors).push(line);
  });
  page.on('pageerror', error => {
    const line = `uncaught: ${error.message}\n${error.stack ?? ''}`;
    (fromPlugin(line) ? problems.pluginConsoleErrors : problems.otherConsoleErrors).push(line);
  });
  return problems;
}

async function screenshot(page: Page, name: string) {
  await page.waitForFunction(() =>
    document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
}

describe(`the plugin in a fresh @backstage/create-app app on Node ${process.versions.node}`, () => {
  let sandbox: Running | undefined;
  let app: Running | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let problems: Problems;
  let api: BackendApi;
  let browserStarted: number | undefined;
  const enabled: { owned?: FunctionSummary; tagged?: FunctionSummary; taggedBefore?: TracedParts } = {};

  before(
    async () => {
      clearResults();
      for (const url of [FRONTEND_URL, BACKEND_URL, SANDBOX_URL]) await assertPortFree(url);
      let started = Date.now();
      const created = ensureCreatedApp();
      timings['app create + yarn install'] = created.cached ? `cached (${APP_DIR})` : since(started);
      resetApp();
      checkAppDefaults();
      started = Date.now();
      const pkgs = packPlugin();
      timings['plugin build + pack'] = since(started);
      started = Date.now();
      installPlugin(pkgs);
      configureApp();
      timings['plugin install (yarn add ×2)'] = since(started);
      console.log(`Backstage ${backstageVersion()} (create-app ${process.env.CREATE_APP_VERSION ?? '0.9.2'}), plugin packages: ${pkgs.frontend.name}, ${pkgs.backend.name}`);

      sandbox = startProcess(join(ROOT, 'node_modules', '.bin', 'tsx'), ['dev/sandbox/main.ts'], ROOT, 'sandbox.log', { SANDBOX_PORT: '4599' });
      await waitForUrl(SANDBOX_URL, 60_000, 'sandbox.log', () => true);
      started = Date.now();
      // `yarn start` is what the created app's README says: the backend and the frontend dev server.
      app = startProcess('yarn', ['start'], APP_DIR, 'app.log', { BROWSER: 'none' });
      await waitForUrl(`${BACKEND_URL}/api/serverless-tracing/health`, 240_000, 'app.log');
      await waitForUrl(FRONTEND_URL, 300_000, 'app.log');
      timings['app start (yarn start until both answer)'] = since(started);
      api = await BackendApi.signInAsGuest();
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      page.setDefaultTimeout(30_000);
      problems = watchPage(page);
      browserStarted = Date.now();
    },
    { timeout: 1_200_000 },
  );

  after(async () => {
    if (browserStarted) timings['browser test'] = since(browserStarted);
    if (problems?.otherConsoleErrors.length) {
      console.log(`Console errors not attributed to the plugin (not failures):\n${problems.otherConsoleErrors.map(e => `  - ${e.slice(0, 400)}`).join('\n')}`);
    }
    await browser?.close();
    await app?.stop();
    await sandbox?.stop();
    console.log(`Timings:\n${Object.entries(timings).map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
    console.log(`Screenshots (${RESULTS}):\n${readdirSync(RESULTS).filter(f => f.endsWith('.png')).sort().map(f => `  ${f}`).join('\n')}`);
  });

  /** A step: on failure a screenshot; and always, no failed request and no plugin console error. */
  const step = (name: string, body: () => Promise<void>) => async () => {
    try {
      await body();
    } catch (error) {
      await screenshot(page, `failure-${name}`).catch(() => undefined);
      throw new Error(`${(error as Error).message}\n${describeProblems(problems)}`, { cause: error });
    }
    assert.deepEqual(problems.failedRequests, [], `failed permission/plugin requests during "${name}"`);
    assert.deepEqual(problems.pluginConsoleErrors, [], `console errors from the plugin during "${name}"`);
  };

  it(
    'signs in as guest and reaches the Serverless tracing page from the sidebar',
    { timeout: STEP_TIMEOUT },
    step('sidebar', async () => {
      await page.goto(FRONTEND_URL);
      const enter = page.getByRole('button', { name: 'Enter' });
      await enter.waitFor({ timeout: 120_000 });
      await screenshot(page, '01-sign-in');
      await enter.click();
      const navItem = page.getByRole('navigation').getByRole('link', { name: 'Serverless tracing' });
      await navItem.waitFor();
      await screenshot(page, '02-signed-in-sidebar');
      await navItem.click();
      await grid(page).waitFor({ timeout: 60_000 });
      assert.equal(new URL(page.url()).pathname, '/serverless-tracing');
      const inventory = await api.listFunctions({ limit: '1' });
      await page.getByText(`of ${inventory.total} functions have tracing`).waitFor({ timeout: 60_000 });
      await waitForRows(page, 'the first page of the inventory', () => true);
      assert.equal(await tableTotal(page), inventory.total);
      await screenshot(page, '03-tracing-page');
    }),
  );

  it(
    'enables tracing on a function owned by a catalog entity',
    { timeout: STEP_TIMEOUT },
    step('enable-owned', async () => {
      // Ownership comes from the catalog, which ingests dev/catalog-info.yaml after the backend starts.
      const fn = await waitUntil(
        `a one-click untraced Python function owned by ${OWNING_ENTITY}`,
        async () => (await oneClickCandidates(api)).find(f => f.owner === OWNING_ENTITY),
        120_000,
      );
      await enableInUi(page, fn, '04-owned');
      enabled.owned = fn;
      const parts = await readTracedParts(fn.arn);
      assert.equal(parts.handler, 'datadog_lambda.handler.handler', 'the sandbox has the function redirected to Datadog');
    }),
  );

  it(
    'enables tracing on a function whose only owner is its team tag',
    { timeout: STEP_TIMEOUT },
    step('enable-tagged', async () => {
      const candidates = await oneClickCandidates(api);
      let fn: FunctionSummary | undefined;
      for (const candidate of candidates.filter(f => f.owner && !f.owner.includes(':'))) {
        const details = await api.getFunction(candidate.arn);
        if (details.tags.team === candidate.owner) {
          fn = candidate;
          break;
        }
      }
      assert.ok(fn, `no one-click untraced Python function is owned only by its team tag: ${candidates.map(f => `${f.name}=${f.owner}`).join(', ')}`);
      enabled.taggedBefore = await readTracedParts(fn.arn);
      await enableInUi(page, fn, '05-team-tag');
      enabled.tagged = fn;
    }),
  );

  it(
    'rolls back the team-tag function and the sandbox shows it exactly as before',
    { timeout: STEP_TIMEOUT },
    step('rollback', async () => {
      const fn = enabled.tagged;
      assert.ok(fn && enabled.taggedBefore, 'the previous step did not enable a function');
      const row = asRow(fn);
      await searchFor(page, fn.name);
      await waitForRows(page, `${fn.name} with status Datadog`, r => r.arn === fn.arn && r.status === 'Datadog');
      const details = await openDetails(page, row);
      const rollback = details.getByRole('region', { name: 'Roll back' }).getByRole('button', { name: `Roll back tracing on ${fn.name}` });
      await waitUntil('the Roll back button is enabled (permission checked)', () => rollback.isEnabled());
      await rollback.click();
      const dialog = page.getByRole('dialog', { name: `Roll back tracing on ${fn.name}` });
      await dialog.getByRole('button', { name: 'Confirm and roll back' }).click();
      assert.equal(await waitForJobToFinish(dialog, 'Rolling back'), 'Rolling back: 1 of 1 done (1 succeeded, 0 failed) · Succeeded');
      await screenshot(page, '06-rollback-done');
      await dialog.getByRole('button', { name: 'Close' }).click();
      await details.getByText('Untraced', { exact: true }).waitFor();
      await closeDetails(page);
      assert.deepEqual(await readTracedParts(fn.arn), enabled.taggedBefore, 'rollback restores handler, layers, environment and tracing mode');
    }),
  );

  it(
    'opens the Serverless tracing tab of the catalog component that claims functions',
    { timeout: STEP_TIMEOUT },
    step('entity-tab', async () => {
      const owned = (await api.allFunctions({})).filter(f => f.name.startsWith('payments-'));
      assert.ok(owned.length > 0, 'the sandbox has payments-* functions');
      await page.getByRole('navigation').getByRole('link', { name: 'Catalog' }).click();
      await page.getByRole('link', { name: 'payments', exact: true }).click();
      await page.getByRole('tab', { name: 'Serverless tracing' }).click();
      await waitForRows(page, 'only payments-* functions', row => row.name.startsWith('payments-'), 60_000);
      assert.equal(await tableTotal(page), owned.length);
      if (enabled.owned) {
        await searchFor(page, enabled.owned.name);
        await waitForRows(page, `${enabled.owned.name} with status Datadog`, r => r.arn === enabled.owned!.arn && r.status === 'Datadog');
      }
      await screenshot(page, '07-entity-tab');
    }),
  );
});

/** Untraced Python functions the backend itself would enable with one click (dd-trace, no blockers, no IaC). */
async function oneClickCandidates(api: BackendApi): Promise<FunctionSummary[]> {
  const all = await api.allFunctions({ runtime: 'python', status: 'untraced' });
  return all.filter(f => f.solution === 'dd-trace' && f.blockers.length === 0 && f.iac === null && f.packageType === 'Zip');
}

function asRow(fn: FunctionSummary): Row {
  return { arn: fn.arn, name: fn.name, runtime: fn.runtime ?? '', status: '', recommended: '', iac: '' };
}

/** Search, open the drawer, Enable, confirm, and see the job succeed and the status become Datadog. */
async function enableInUi(page: Page, fn: FunctionSummary, shot: string) {
  await searchFor(page, fn.name);
  await waitForRows(page, fn.name, r => r.arn === fn.arn);
  const details: Locator = await openDetails(page, asRow(fn));
  const enable = details.getByRole('region', { name: 'What enabling changes' }).getByRole('button', { name: `Enable tracing on ${fn.name}` });
  await enable.scrollIntoViewIfNeeded();
  await waitUntil(`the Enable button for ${fn.name} is enabled (permission checked)`, () => enable.isEnabled());
  await screenshot(page, `${shot}-drawer`);
  await enable.click();
  const dialog = page.getByRole('dialog', { name: `Enable tracing on ${fn.name}` });
  await dialog.getByRole('button', { name: 'Confirm and enable' }).click();
  assert.equal(await waitForJobToFinish(dialog, 'Enabling tracing'), 'Enabling tracing: 1 of 1 done (1 succeeded, 0 failed) · Succeeded');
  await screenshot(page, `${shot}-enabled`);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await details.getByText('Datadog', { exact: true }).waitFor();
  await closeDetails(page);
  await waitForRows(page, `${fn.name} with status Datadog`, r => r.arn === fn.arn && r.status === 'Datadog');
}

function describeProblems(problems: Problems | undefined): string {
  if (!problems) return '';
  const list = (title: string, items: string[]) => `${title}:\n${items.length ? items.map(i => `  - ${i.slice(0, 600)}`).join('\n') : '  (none)'}`;
  return [list('Failed requests', problems.failedRequests), list('Plugin console errors', problems.pluginConsoleErrors), list('Other console errors', problems.otherConsoleErrors)].join('\n');
}
