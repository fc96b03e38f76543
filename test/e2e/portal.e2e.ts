// End to end in a real browser: the dev portal (`npm run dev`: real Backstage backend on the Lambda
// sandbox's seed organisation + the frontend dev app) driven through Debian's chromium. The scenarios
// build on each other (the function enabled first is the one rolled back later), so they run in order.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { BackendApi } from './backendApi';
import { launchBrowser } from './browser';
import { BACKEND_URL, startPortal, type RunningPortal } from './portal';
import { layerName, readTracedParts, SANDBOX_URL, type TracedParts } from './sandboxLambda';
import { simulateDeploy } from '../../dev/sandbox/deploy';
import {
  assertNoHorizontalScroll,
  blockedIsVisible,
  backClosesDetails,
  bulkDialogLeavesOutWithReasons,
  columnChoiceSurvivesReload,
  errorSaysWhatAndRetries,
  filtersSurviveReload,
  imageFunctionGuide,
  layoutAndColours,
  linksOut,
} from './pageChecks';
import { clearScreenshots, recordConsoleErrors, recordRefusedRequests, scenario, screenshot, waitUntil } from './support';
import {
  chooseFacet,
  closeDetails,
  openAsGuest,
  openDetails,
  rowOf,
  searchFor,
  tableTotal,
  visibleRows,
  waitForJobToFinish,
  waitForRows,
  type Row,
} from './tracingPage';

const SCENARIO_TIMEOUT = 180_000; // generous: the dev server may recompile when sources change
const isUntracedPython = (row: Row) => row.runtime.startsWith('python') && row.status === 'Untraced';
const isOneClickDdTrace = (row: Row) => row.recommended === 'Datadog (dd-trace)One click';
const isDatadogLayer = (arn: string) => layerName(arn).startsWith('Datadog-Python');
const isExtensionLayer = (arn: string) => layerName(arn).startsWith('Datadog-Extension');

describe('the dev portal in a real browser', () => {
  let portal: RunningPortal | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let consoleErrors: string[] = [];
  let refusedRequests: string[] = [];
  let api: BackendApi;
  // What the scenarios hand on to each other.
  let enabled: { row: Row; before: TracedParts; afterEnable: TracedParts } | undefined;
  let bulkEnabled: Row[] = [];

  before(
    async () => {
      const alreadyUp = await fetch(`${BACKEND_URL}/api/serverless-tracing/health`).then(
        res => res.ok,
        () => false,
      );
      assert.ok(!alreadyUp, `A dev portal already answers on ${BACKEND_URL}; stop it first, these tests need a freshly seeded one.`);
      clearScreenshots();
      portal = await startPortal();
      api = await BackendApi.signInAsGuest();
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.setDefaultTimeout(30_000);
      consoleErrors = recordConsoleErrors(page);
      refusedRequests = recordRefusedRequests(page);
    },
    { timeout: 360_000 },
  );

  after(async () => {
    // Not a failure by itself, but worth seeing on a green run too.
    if (consoleErrors.length > 0) console.log(`Browser console errors during the run:\n${consoleErrors.join('\n')}`);
    await browser?.close();
    await portal?.stop();
  });

  const run = (name: string, body: () => Promise<void>) => () => scenario(page, consoleErrors, name, body);

  it(
    'filters to untraced Python functions, enables one and shows its status become Datadog',
    { timeout: SCENARIO_TIMEOUT },
    run('enable-one', async () => {
      await openAsGuest(page, '/serverless-tracing');
      const inventory = await api.listFunctions({ limit: '1' });
      assert.ok(inventory.total >= 250, `the seed organisation has about 300 functions, the backend lists ${inventory.total}`);
      await page.getByText(`of ${inventory.total} functions have tracing`).waitFor();
      await page.getByText(/^\d+% traced$/).waitFor();
      await waitForRows(page, 'the first page of the inventory', () => true);
      assert.equal(await tableTotal(page), inventory.total);
      await screenshot(page, '01-page-after-guest-sign-in');

      await chooseFacet(page, 'Runtime family', 'Python');
      await chooseFacet(page, 'Status', 'Untraced');
      const expected = await api.listFunctions({ runtime: 'python', status: 'untraced', limit: '1' });
      await waitUntil(`the table counts ${expected.total} untraced Python functions`, async () => (await tableTotal(page)) === expected.total);
      const rows = await waitForRows(page, 'only untraced Python functions', isUntracedPython);
      await screenshot(page, '02-table-filtered-to-untraced-python');

      // A one-click dd-trace function, not managed by IaC, whose plan in the drawer has no blockers.
      let details: Locator | undefined;
      let chosen: Row | undefined;
      for (const row of rows.filter(isOneClickDdTrace)) {
        details = await openDetails(page, row);
        const recommendation = details.getByRole('region', { name: 'Recommendation' });
        const ddTrace = await recommendation.getByText('Datadog (dd-trace)', { exact: true }).isVisible();
        const blocked = await details.getByText('This plan cannot be applied:').isVisible();
        const managed = await details.getByText(/^Managed by /).isVisible();
        if (ddTrace && !blocked && !managed) {
          chosen = row;
          break;
        }
        await closeDetails(page);
      }
      assert.ok(chosen && details, `no untraced Python function is one click, dd-trace, without IaC and unblocked: ${JSON.stringify(rows)}`);
      await details.getByRole('region', { name: 'Findings' }).getByRole('alert').first().waitFor();
      const changes = details.getByRole('region', { name: 'What enabling changes' });
      await changes.getByText(/^\+ arn:aws:lambda:.*:layer:Datadog-Python\d+(-ARM)?:\d+$/).waitFor();
      await changes.getByText(/^\+ arn:aws:lambda:.*:layer:Datadog-Extension(-ARM)?:\d+$/).waitFor();
      await changes.getByText(/^~ handler: .+ → datadog_lambda\.handler\.handler$/).waitFor();
      const enable = changes.getByRole('button', { name: `Enable tracing on ${chosen.name}` });
      await enable.scrollIntoViewIfNeeded();
      await screenshot(page, '03-drawer-findings-recommendation-diff');

      const before = await readTracedParts(chosen.arn);
      await waitUntil('the Enable button is enabled (permission checked)', () => enable.isEnabled());
      await enable.click();
      const dialog = page.getByRole('dialog', { name: `Enable tracing on ${chosen.name}` });
      await dialog.getByText(/^\+ arn:aws:lambda:.*:layer:Datadog-Extension(-ARM)?:\d+$/).waitFor();
      await screenshot(page, '04-confirmation-dialog-with-diff');
      await dialog.getByRole('button', { name: 'Confirm and enable' }).click();
      assert.equal(await waitForJobToFinish(dialog, 'Enabling tracing'), 'Enabling tracing: 1 of 1 done (1 succeeded, 0 failed) · Succeeded');
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'hidden' });

      await details.getByText('Datadog', { exact: true }).waitFor();
      await details.getByRole('region', { name: 'Roll back' }).waitFor();
      await details.getByRole('heading', { level: 2 }).scrollIntoViewIfNeeded();
      await screenshot(page, '05-drawer-status-datadog');
      await closeDetails(page);
      // It no longer matches the Untraced filter; searched by name it shows Datadog.
      await waitUntil('the enabled function leaves the untraced table', async () => (await rowOf(page, chosen.arn).count()) === 0);
      await searchFor(page, chosen.name);
      await waitForRows(page, `${chosen.name} with status Datadog`, row => row.arn === chosen.arn && row.status === 'Datadog');
      await screenshot(page, '06-table-status-datadog');
      enabled = { row: chosen, before, afterEnable: await readTracedParts(chosen.arn) };
    }),
  );

  it(
    'bulk-enables several one-click functions with a progress bar that completes and every result succeeded',
    { timeout: SCENARIO_TIMEOUT },
    run('bulk-enable', async () => {
      await searchFor(page, '');
      await chooseFacet(page, 'Runtime family', 'Python');
      await chooseFacet(page, 'Status', 'Untraced');
      const rows = await waitForRows(page, 'only untraced Python functions', isUntracedPython);
      // One-click dd-trace in the backend's own details and unblocked, so every item can succeed.
      const picked: Row[] = [];
      for (const row of rows.filter(r => isOneClickDdTrace(r) && r.arn !== enabled?.row.arn)) {
        const { recommendation, plan } = await api.getFunction(row.arn);
        if (recommendation.solution === 'dd-trace' && plan && plan.blockers.length === 0) picked.push(row);
        if (picked.length === 3) break;
      }
      assert.equal(picked.length, 3, 'the seed has at least three unblocked one-click untraced Python functions');

      for (const row of picked) await rowOf(page, row.arn).getByRole('checkbox').check();
      const bar = page.getByRole('region', { name: 'Bulk actions' });
      await bar.getByText('3 functions selected').waitFor();
      await bar.getByRole('button', { name: 'Enable selected' }).click();
      const dialog = page.getByRole('dialog', { name: 'Enable tracing on 3 functions' });
      const targets = await dialog.getByRole('list', { name: 'Functions in this job' }).getByRole('listitem').allTextContents();
      assert.deepEqual(
        picked.map(row => targets.some(text => text.startsWith(row.name))),
        [true, true, true],
        `the dialog lists the selected functions: ${targets.join(' | ')}`,
      );
      await screenshot(page, '07-bulk-confirmation');
      await dialog.getByRole('button', { name: 'Confirm and enable' }).click();

      assert.equal(await waitForJobToFinish(dialog, 'Enabling tracing'), 'Enabling tracing: 3 of 3 done (3 succeeded, 0 failed) · Succeeded');
      assert.equal(await dialog.getByRole('progressbar', { name: 'Enabling tracing progress' }).getAttribute('aria-valuenow'), '100');
      const results = await dialog.getByRole('list', { name: 'Per-function results' }).getByRole('listitem').allTextContents();
      assert.deepEqual(results.sort(), picked.map(row => `${row.name}succeeded`).sort());
      await screenshot(page, '08-bulk-progress-complete');
      await dialog.getByRole('button', { name: 'Close' }).click();

      await waitUntil('the enabled functions leave the untraced table and the selection is cleared', async () => {
        const shown = await visibleRows(page);
        return !shown.some(row => picked.some(p => p.arn === row.arn)) && !(await page.getByRole('region', { name: 'Bulk actions' }).isVisible());
      });
      bulkEnabled = picked;
    }),
  );

  it(
    'rolls back the function enabled first and shows it Untraced again',
    { timeout: SCENARIO_TIMEOUT },
    run('rollback', async () => {
      assert.ok(enabled, 'the first scenario did not enable a function');
      const { row } = enabled;
      await searchFor(page, row.name);
      await waitForRows(page, `${row.name} with status Datadog`, r => r.arn === row.arn && r.status === 'Datadog');
      const details = await openDetails(page, row);
      const rollback = details.getByRole('region', { name: 'Roll back' }).getByRole('button', { name: `Roll back tracing on ${row.name}` });
      await waitUntil('the Roll back button is enabled (permission checked)', () => rollback.isEnabled());
      await rollback.click();
      const dialog = page.getByRole('dialog', { name: `Roll back tracing on ${row.name}` });
      await dialog.getByText(/^- arn:aws:lambda:.*:layer:Datadog-Extension(-ARM)?:\d+$/).waitFor();
      await dialog.getByRole('button', { name: 'Confirm and roll back' }).click();
      assert.equal(await waitForJobToFinish(dialog, 'Rolling back'), 'Rolling back: 1 of 1 done (1 succeeded, 0 failed) · Succeeded');
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'hidden' });

      await details.getByText('Untraced', { exact: true }).waitFor();
      await details.getByRole('region', { name: 'Roll back' }).waitFor({ state: 'hidden' });
      await details.getByRole('heading', { level: 2 }).scrollIntoViewIfNeeded();
      await screenshot(page, '09-drawer-after-rollback-untraced');
      await closeDetails(page);
      await waitForRows(page, `${row.name} with status Untraced`, r => r.arn === row.arn && r.status === 'Untraced');
      await screenshot(page, '10-table-after-rollback');
    }),
  );

  it(
    'the sandbox and the backend API confirm the Datadog layers were written and the rollback restored the function exactly',
    { timeout: SCENARIO_TIMEOUT },
    run('verify-independently', async () => {
      assert.ok(enabled, 'the first scenario did not enable a function');
      const { row, before, afterEnable } = enabled;
      assert.ok(afterEnable.layers.some(isDatadogLayer), `enabled layers: ${afterEnable.layers.join(', ')}`);
      assert.ok(afterEnable.layers.some(isExtensionLayer), `enabled layers: ${afterEnable.layers.join(', ')}`);
      assert.equal(afterEnable.handler, 'datadog_lambda.handler.handler');
      assert.equal(afterEnable.environment.DD_LAMBDA_HANDLER, before.handler);
      assert.deepEqual(await readTracedParts(row.arn), before, 'rollback restores handler, layers, environment and tracing mode');
      const rolledBack = await api.getFunction(row.arn);
      assert.equal(rolledBack.status, 'untraced');
      assert.equal(rolledBack.canRollback, false);

      assert.equal(bulkEnabled.length, 3, 'the bulk scenario did not enable three functions');
      for (const fn of bulkEnabled) {
        const parts = await readTracedParts(fn.arn);
        assert.ok(parts.layers.some(isDatadogLayer) && parts.layers.some(isExtensionLayer), `${fn.name} layers: ${parts.layers.join(', ')}`);
        assert.equal((await api.getFunction(fn.arn)).status, 'datadog', `${fn.name} as the backend sees it`);
      }
    }),
  );

  it(
    'a deploy reverts two bulk-enabled functions: after Refresh they are Drifted with what changed, and Re-apply traces them again',
    { timeout: SCENARIO_TIMEOUT },
    run('drift', async () => {
      assert.equal(bulkEnabled.length, 3, 'the bulk scenario did not enable three functions');
      const reverted = bulkEnabled.slice(0, 2);
      for (const fn of reverted) await simulateDeploy(SANDBOX_URL, fn.arn);
      await openAsGuest(page, '/serverless-tracing');
      await page.getByRole('button', { name: 'Refresh' }).click();
      await waitUntil('the next scan finds the two functions drifted', async () => (await api.listFunctions({ status: 'drifted' })).total === 2);
      await page.reload();
      await chooseFacet(page, 'Status', 'Drifted');
      await waitForRows(page, 'the two reverted functions, Drifted', row => reverted.some(fn => fn.arn === row.arn) && row.status === 'Drifted');
      const details = await api.getFunction(reverted[0].arn);
      assert.ok(details.drift.some(f => f.code === 'drift-handler-reset'), `drift: ${JSON.stringify(details.drift)}`);
      for (const fn of reverted) await rowOf(page, fn.arn).getByRole('checkbox').check();
      await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Re-apply to 2 drifted' }).click();
      const dialog = page.getByRole('dialog', { name: 'Enable tracing on 2 functions' });
      await screenshot(page, '25-drift-reapply-confirmation');
      await dialog.getByRole('button', { name: 'Confirm and enable' }).click();
      assert.equal(await waitForJobToFinish(dialog, 'Enabling tracing'), 'Enabling tracing: 2 of 2 done (2 succeeded, 0 failed) · Succeeded');
      await dialog.getByRole('button', { name: 'Close' }).click();
      for (const fn of reverted) {
        const parts = await readTracedParts(fn.arn);
        assert.ok(parts.layers.some(isDatadogLayer) && parts.layers.some(isExtensionLayer), `${fn.name} layers: ${parts.layers.join(', ')}`);
        assert.equal((await api.getFunction(fn.arn)).status, 'datadog', `${fn.name} as the backend sees it`);
      }
    }),
  );

  it('fits 1280 px and colours each status the same in chips, bars and legend', { timeout: SCENARIO_TIMEOUT }, run('layout', () => layoutAndColours(page)));
  it('says visibly what blocks a one-click function, in the table and the drawer', { timeout: SCENARIO_TIMEOUT }, run('blocked', () => blockedIsVisible(page, api)));
  it('keeps filters in the URL across a reload, and the coverage card follows them', { timeout: SCENARIO_TIMEOUT }, run('reload', () => filtersSurviveReload(page, api)));
  it('guides a container image honestly and offers X-Ray instead', { timeout: SCENARIO_TIMEOUT }, run('image', () => imageFunctionGuide(page, api)));
  it('bulk dialog counts what it enables and lists what it leaves out with region and reason', { timeout: SCENARIO_TIMEOUT }, run('bulk-left-out', () => bulkDialogLeavesOutWithReasons(page)));
  it('says in words when the inventory cannot load, shows no stale rows, and retries', { timeout: SCENARIO_TIMEOUT }, run('error', () => errorSaysWhatAndRetries(page, api)));
  it('links each function to the AWS console and, where Datadog traces it, to Datadog', { timeout: SCENARIO_TIMEOUT }, run('links-out', () => linksOut(page, api)));
  it('keeps the chosen columns across a reload, outside the URL', { timeout: SCENARIO_TIMEOUT }, run('columns', () => columnChoiceSurvivesReload(page)));
  it('Back closes the details and Forward reopens them; typing adds no history entry', { timeout: SCENARIO_TIMEOUT }, run('history', () => backClosesDetails(page, api)));

  it(
    'the entity tab shows only the payments component’s functions',
    { timeout: SCENARIO_TIMEOUT },
    run('entity-tab', async () => {
      const payments = (await api.allFunctions({})).filter(fn => fn.name.startsWith('payments-'));
      assert.ok(payments.length > 0, 'the seed organisation has payments-* functions');
      await openAsGuest(page, '/entity-tab');
      await waitForRows(page, 'only payments-* functions', row => row.name.startsWith('payments-'));
      assert.equal(await tableTotal(page), payments.length);
      await page.getByText(`of ${payments.length} functions have tracing`).first().waitFor();
      await assertNoHorizontalScroll(page, 'the entity tab at 1280 px');
      await screenshot(page, '11-entity-tab-payments');
    }),
  );

  it('no permission question or plugin request was refused during the walk', () => {
    assert.deepEqual(refusedRequests, []);
  });
});
