// Issue 10's checks of the page in a real browser: what misled (colours, "One click" beside a dead
// button, truncation and width, the bulk dialog, image guides, errors) and what people expect (links
// that keep filters, another solution). Each saves a screenshot at the run's 1280 px viewport.
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { BackendApi } from './backendApi';
import { screenshot, waitUntil } from './support';
import { chooseFacet, closeDetails, drawer, grid, openAsGuest, rowOf, searchFor, tableTotal, visibleRows, waitForRows } from './tracingPage';

/** Nothing scrolls sideways: neither the page nor the grid. */
export async function assertNoHorizontalScroll(page: Page, where: string) {
  const widths = await page.evaluate(() => {
    const root = document.scrollingElement!;
    const scroller = document.querySelector('.MuiDataGrid-virtualScroller');
    return { page: [root.scrollWidth, root.clientWidth], grid: scroller ? [scroller.scrollWidth, scroller.clientWidth] : [0, 0] };
  });
  assert.ok(widths.page[0] <= widths.page[1] + 1, `${where}: the page is ${widths.page[0]} px wide in a ${widths.page[1]} px window`);
  assert.ok(widths.grid[0] <= widths.grid[1] + 1, `${where}: the grid scrolls sideways (${widths.grid[0]} px in ${widths.grid[1]} px)`);
}

export async function layoutAndColours(page: Page) {
  await openAsGuest(page, '/serverless-tracing');
  await waitForRows(page, 'the first page', () => true);
  await assertNoHorizontalScroll(page, 'the page at 1280 px');
  for (const header of ['Name', 'Status', 'Recommended', 'Action']) {
    assert.ok(await grid(page).getByRole('columnheader', { name: header }).isVisible(), `the ${header} column shows at 1280 px`);
  }
  const legend = page.getByRole('list', { name: 'Legend' });
  await legend.getByText('Datadog', { exact: true }).waitFor();
  const colourOf = (selector: string) => page.locator(selector).first().evaluate(el => getComputedStyle(el).backgroundColor);
  const swatch = await colourOf('[data-testid="legend-swatch-datadog"]');
  const chip = await page.getByLabel('Functions by status').getByText(/^Datadog: \d+$/).evaluate(el => getComputedStyle(el.closest('[class*="MuiChip-root"]')!).backgroundColor);
  assert.equal(chip, swatch, 'the Datadog chip and the Datadog legend swatch have one colour');
  await screenshot(page, '12-coverage-legend-and-table-1280');

  // The owner chart: every owner's label (entity refs are long) whole inside the chart.
  await page.getByRole('button', { name: 'Owner', exact: true }).click();
  const ownerChart = page.getByRole('img', { name: 'Functions by owner and status' });
  await ownerChart.locator('svg text').first().waitFor();
  const clipped = await ownerChart.evaluate(chart => {
    const svg = chart.querySelector('svg')!.getBoundingClientRect();
    return [...chart.querySelectorAll('.MuiChartsAxis-directionY .MuiChartsAxis-tickLabel')]
      .filter(label => {
        const box = label.getBoundingClientRect();
        return box.left < svg.left - 1 || box.right > svg.right + 1;
      })
      .map(label => label.textContent);
  });
  assert.deepEqual(clipped, [], 'no owner label is cut off at the chart edge');
  await ownerChart.scrollIntoViewIfNeeded();
  await screenshot(page, '12b-owner-chart-labels-whole');
  await page.getByRole('button', { name: 'Account', exact: true }).click();
}

export async function blockedIsVisible(page: Page, api: BackendApi) {
  // Since the fleet rules, a plan the job would refuse is 'blocked' rather than one click, its blockers kept.
  const blocked = (await api.allFunctions({ applicability: 'blocked' })).find(fn => fn.blockers.length > 0);
  assert.ok(blocked, 'the seed has a one-click function whose plan is blocked (another vendor, 4 KB, too many layers)');
  await searchFor(page, blocked.name);
  const [row] = await waitForRows(page, `${blocked.name} alone`, r => r.arn === blocked.arn);
  assert.match(row.recommended, /Blocked: /, `the row says what blocks it: ${row.recommended}`);
  assert.doesNotMatch(row.recommended, /One click/);
  await screenshot(page, '13-blocked-function-in-table');
  const openDetails = async () => {
    await grid(page).getByRole('button', { name: blocked.name, exact: true }).click();
    await drawer(page).getByRole('alert').filter({ hasText: /^Blocked: / }).waitFor();
    return drawer(page);
  };
  const details = await openDetails();
  assert.equal(await details.getByText('One click', { exact: true }).count(), 0, 'the drawer never says One click for a blocked plan');
  await details.getByRole('region', { name: 'What enabling changes' }).scrollIntoViewIfNeeded();
  await screenshot(page, '14-blocked-function-drawer-says-why');
  await closeDetails(page);
  // The drawer is modal, so the theme is switched with it closed.
  await darkTheme(page, async () => {
    const chip = grid(page).locator(`[role="row"][data-id="${blocked.arn}"]`).getByText(/^Blocked: /);
    const [chipText, chipBackground] = await textOnBackground(chip);
    assert.ok(luminanceGap(chipText, chipBackground) >= 0.4, `the Blocked chip's text ${chipText} stands out from ${chipBackground} in the dark theme`);
    // The table offers "How to" for a blocked row; the drawer keeps Enable, disabled, with the reason.
    const button = (await openDetails()).getByLabel(`Enable tracing on ${blocked.name}`, { exact: true });
    assert.equal(await button.isDisabled(), true, 'Enable is disabled for a blocked plan');
    const [text, background] = await textOnBackground(button);
    assert.ok(luminanceGap(text, background) >= 0.4, `disabled Enable text ${text} stands out from ${background} in the dark theme`);
    await screenshot(page, '20-dark-theme-disabled-enable-with-reason');
    await closeDetails(page);
  });
}

export async function filtersSurviveReload(page: Page, api: BackendApi) {
  await searchFor(page, '');
  await chooseFacet(page, 'Runtime family', 'Python');
  await chooseFacet(page, 'Applicability', 'One click');
  const expected = await api.listFunctions({ runtime: 'python', applicability: 'one-click', limit: '1' });
  await waitUntil('the table counts the one-click Python functions', async () => (await tableTotal(page)) === expected.total);
  // A fresh load of the same address (signing in again if the dev app asks).
  const url = new URL(page.url());
  await openAsGuest(page, `${url.pathname}${url.search}`);
  // One click by recommendation; a row whose plan is blocked says so instead.
  const oneClickOrBlocked = (recommended: string) => recommended.endsWith('One click') || recommended.includes('Blocked: ');
  await waitForRows(page, 'one-click Python functions after a reload', row => row.runtime.startsWith('python') && oneClickOrBlocked(row.recommended));
  assert.equal(await tableTotal(page), expected.total, 'the reloaded page keeps both filters');
  await page.getByText(/matching the filters have tracing$/).waitFor();
  assert.match(page.url(), /runtime=python/);
  await screenshot(page, '15-filters-survive-reload-coverage-filtered');
}

export async function imageFunctionGuide(page: Page, api: BackendApi) {
  const images = (await api.allFunctions({ applicability: 'needs-image-rebuild' })).filter(fn => fn.packageType === 'Image');
  const image = images.find(fn => fn.iac === 'cloudformation' || fn.iac === 'sam') ?? images[0];
  assert.ok(image, 'the seed has a container-image function that needs a rebuild');
  await openAsGuest(page, `/serverless-tracing?fn=${encodeURIComponent(image.arn)}`);
  const details = drawer(page);
  const how = details.getByRole('region', { name: 'How to enable tracing' });
  await how.waitFor();
  const steps = await how.locator('li').evaluateAll(items =>
    items.map(li => ({ text: li.textContent ?? '', snippet: li.querySelector('pre')?.textContent ?? '' })),
  );
  for (const step of steps.filter(s => s.snippet)) {
    assert.equal(step.text.includes('Replace app.handler'), step.snippet.includes('app.handler'), `a Dockerfile step asks to replace app.handler only where it has one: ${step.text.slice(0, 80)}`);
  }
  assert.ok((await how.getByRole('button', { name: /^Copy snippet/ }).count()) > 0, 'snippets have copy buttons');
  assert.equal(await details.getByText(/DatadogServerless/).count(), 0, 'no layer-based CloudFormation macro for an image');
  await how.scrollIntoViewIfNeeded();
  await screenshot(page, '16-image-function-dockerfile-guide');
  await details.getByRole('button', { name: 'AWS X-Ray' }).click();
  await details.getByRole('region', { name: 'What enabling changes' }).getByText(/^~ X-Ray tracing mode: \w+ → Active$/).waitFor();
  await screenshot(page, '17-image-function-xray-instead');
  await closeDetails(page);
}

export async function bulkDialogLeavesOutWithReasons(page: Page) {
  await searchFor(page, '');
  await chooseFacet(page, 'Status', 'Untraced');
  const rows = await waitForRows(page, 'untraced functions', row => row.status === 'Untraced');
  const isOneClick = (r: { recommended: string }) => r.recommended.endsWith('One click');
  const mixed = [...rows.filter(isOneClick).slice(0, 2), ...rows.filter(r => !isOneClick(r)).slice(0, 2)];
  assert.equal(mixed.length, 4, `the first page of untraced functions mixes one-click and other ones: ${JSON.stringify(rows.map(r => r.recommended))}`);
  for (const row of mixed) await grid(page).locator(`[role="row"][data-id="${row.arn}"]`).getByRole('checkbox').check();
  await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Enable selected' }).click();
  const dialog = page.getByRole('dialog');
  const title = (await dialog.getByRole('heading').first().textContent()) ?? '';
  const targets = await dialog.getByRole('list', { name: 'Functions in this job' }).locator(':scope > li').count();
  assert.equal(title, `Enable tracing on ${targets} ${targets === 1 ? 'function' : 'functions'}`, 'the title counts only what will be enabled');
  const leftOut = await dialog.getByRole('list', { name: 'Left out' }).getByRole('listitem').allTextContents();
  assert.equal(leftOut.length, 4 - targets);
  for (const line of leftOut) assert.match(line, /\(\d{12} · [a-z]{2}(-gov)?-[a-z]+-\d\): .+/, `a left-out function names its account, region and reason: ${line}`);
  await dialog.getByRole('button', { name: /^Show changes for / }).first().click();
  await dialog.getByTestId('plan-diff').first().waitFor();
  await screenshot(page, '18-bulk-dialog-counts-left-out-and-diff');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Clear selection' }).click();
}

export async function errorSaysWhatAndRetries(page: Page, api: BackendApi) {
  await searchFor(page, '');
  await waitForRows(page, 'the unfiltered inventory', () => true);
  await page.route('**/api/serverless-tracing/functions?*', route => route.abort('connectionrefused'));
  await page.getByLabel('Search functions').fill('orders');
  const alert = page.getByText(/^Could not load functions: /);
  await alert.waitFor();
  assert.doesNotMatch((await alert.textContent()) ?? '', /https?:\/\//, 'no request URL in the message');
  assert.equal((await visibleRows(page)).length, 0, 'no rows of the earlier, unfiltered answer under the failed search');
  assert.equal(await page.getByText(/matching the filters/).count(), 0, 'the coverage card does not present the earlier answer as the filtered one');
  await screenshot(page, '19-error-in-words-with-retry');
  await page.unroute('**/api/serverless-tracing/functions?*');
  await page.getByRole('button', { name: 'Retry' }).click();
  const expected = await api.listFunctions({ q: 'orders', limit: '1' });
  await waitUntil(`Retry lists the ${expected.total} functions matching "orders"`, async () => (await visibleRows(page)).length > 0 && (await tableTotal(page)) === expected.total);
}

/** Runs `body` with the dev app's dark theme, then goes back to the light one. */
async function darkTheme(page: Page, body: () => Promise<void>) {
  const choose = async (theme: string) => {
    await page.getByLabel('switch theme').click();
    await page.getByRole('listbox').getByText(theme, { exact: true }).click();
  };
  await choose('Dark Theme');
  try {
    await body();
  } finally {
    await choose('Light Theme');
  }
}

/** An element's text colour and what it is drawn on: the nearest ancestor with a background of its own. */
function textOnBackground(element: Locator): Promise<[string, string]> {
  return element.evaluate(el => {
    let under: Element | null = el.parentElement;
    while (under && /rgba\(.*, 0\)$|transparent/.test(getComputedStyle(under).backgroundColor)) under = under.parentElement;
    return [getComputedStyle(el).color, under ? getComputedStyle(under).backgroundColor : 'rgb(0, 0, 0)'] as [string, string];
  });
}

/** Difference of luminance (0…1) between text in CSS rgb()/rgba() and the opaque colour under it (alpha blended). */
function luminanceGap(text: string, background: string): number {
  const parse = (css: string) => (css.match(/[\d.]+/g) ?? ['0', '0', '0']).map(Number);
  const luminance = ([r, g, b]: number[]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  const [r, g, b, alpha = 1] = parse(text);
  const under = luminance(parse(background));
  return Math.abs(alpha * luminance([r, g, b]) + (1 - alpha) * under - under);
}

/** The AWS console page and, for a Datadog-traced function, its Datadog view: in the row menu and the details. */
export async function linksOut(page: Page, api: BackendApi) {
  // In the commercial partition, whose console host is the regional one built below.
  const traced = (await api.allFunctions({ status: 'datadog' })).find(fn => fn.arn.startsWith('arn:aws:lambda:'));
  assert.ok(traced, 'the seed has Datadog-traced functions in the aws partition');
  const { datadogSite } = await api.listFunctions({ limit: '1' });
  // Built here from the ARN and the configured site, not with the plugin's own helper.
  const consoleUrl = `https://${traced.region}.console.aws.amazon.com/lambda/home?region=${traced.region}#/functions/${traced.name}`;
  const app = datadogSite.split('.').length > 2 ? datadogSite : `app.${datadogSite}`;
  const datadog = `https://${app}/functions?cloud=aws&text_search=${traced.name}`;

  await searchFor(page, traced.name);
  await waitForRows(page, `${traced.name} alone`, row => row.arn === traced.arn);
  await rowOf(page, traced.arn).getByRole('button', { name: `More for ${traced.name}` }).click();
  const menu = page.getByRole('menu');
  assert.equal(await menu.getByRole('menuitem', { name: 'Open in AWS console' }).getAttribute('href'), consoleUrl);
  assert.equal(await menu.getByRole('menuitem', { name: 'Open in Datadog' }).getAttribute('href'), datadog);
  await screenshot(page, '21-row-menu-links-out');
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden' });

  await rowOf(page, traced.arn).getByRole('button', { name: traced.name, exact: true }).click();
  const links = drawer(page).getByRole('navigation', { name: 'Links out' });
  assert.equal(await links.getByRole('link', { name: 'Open in AWS console' }).getAttribute('href'), consoleUrl);
  assert.equal(await links.getByRole('link', { name: 'Open in Datadog' }).getAttribute('href'), datadog);
  await screenshot(page, '22-drawer-links-out');
  await closeDetails(page);
}

/** Columns chosen in the column chooser survive a reload, kept as a personal preference (not in the URL). */
export async function columnChoiceSurvivesReload(page: Page) {
  await openAsGuest(page, '/serverless-tracing');
  await waitForRows(page, 'the unfiltered inventory', () => true);
  const region = grid(page).getByRole('columnheader', { name: 'Region' });
  assert.equal(await region.count(), 0, 'Region is hidden by default at 1280 px');
  const toggleRegion = async () => {
    await page.getByRole('button', { name: 'Select columns' }).click();
    await page.getByRole('checkbox', { name: 'Region' }).click();
    await page.keyboard.press('Escape');
  };
  await toggleRegion();
  await region.waitFor();
  const url = new URL(page.url());
  assert.doesNotMatch(url.search, /region/i, 'the column choice is not part of a shared link');
  await openAsGuest(page, `${url.pathname}${url.search}`);
  await waitForRows(page, 'the inventory after a reload', () => true);
  await region.waitFor();
  await screenshot(page, '23-column-choice-after-reload');
  // Back to the default, so later steps see the page as a new user does.
  await toggleRegion();
  await region.waitFor({ state: 'hidden' });
}

/** Opening a function is one history entry: Back closes the details, Forward opens them; typing adds none. */
export async function backClosesDetails(page: Page, api: BackendApi) {
  await openAsGuest(page, '/serverless-tracing');
  await waitForRows(page, 'the unfiltered inventory', () => true);
  const entries = () => page.evaluate(() => history.length);
  const before = await entries();
  await page.getByLabel('Search functions').pressSequentially('orders', { delay: 40 });
  const expected = await api.listFunctions({ q: 'orders', limit: '1' });
  await waitUntil(`the table lists the ${expected.total} functions matching "orders"`, async () => (await tableTotal(page)) === expected.total);
  const [row] = await waitForRows(page, 'functions matching "orders"', () => true);
  assert.equal(await entries(), before, 'typing in the search box adds no history entry');

  await grid(page).getByRole('button', { name: row.name, exact: true }).click();
  await drawer(page).getByRole('heading', { level: 2, name: row.name }).waitFor();
  assert.equal(await entries(), before + 1, 'opening a function adds one entry');
  await page.goBack();
  await drawer(page).waitFor({ state: 'hidden' });
  assert.doesNotMatch(page.url(), /[?&]fn=/);
  assert.match(page.url(), /[?&]q=orders/, 'Back keeps the search');
  await page.goForward();
  await drawer(page).getByRole('heading', { level: 2, name: row.name }).waitFor();
  await screenshot(page, '24-forward-reopens-details');
  await closeDetails(page);
  assert.doesNotMatch(page.url(), /[?&]fn=/);
  assert.equal(await entries(), before + 1, 'closing goes back instead of adding an entry');
}
