// The plugin's page as a person uses it: sign in, filter, read the table, open a function's details,
// confirm a job and follow it. Selects by role, label and text; the grid's cells by their column field.
import type { Locator, Page } from 'playwright-core';
import { FRONTEND_URL } from './portal';
import { waitUntil } from './support';

export interface Row {
  arn: string;
  name: string;
  runtime: string;
  status: string;
  recommended: string;
  iac: string;
}

/** Opens a page of the dev app, signing in as the guest user when the sign-in page shows. */
export async function openAsGuest(page: Page, path: string) {
  await page.goto(`${FRONTEND_URL}${path}`);
  const enter = page.getByRole('button', { name: 'Enter' });
  // The dev server may still be rebuilding after a source change: allow for a full compile.
  await enter.or(grid(page)).first().waitFor({ timeout: 180_000 });
  if (await enter.isVisible()) await enter.click();
  await grid(page).waitFor({ timeout: 60_000 });
}

/** The function table. Its aria-label sits on the DataGrid's root, not on the element with role grid. */
export function grid(page: Page): Locator {
  return page.getByLabel('Lambda functions', { exact: true });
}

/** The rows the grid shows now, read cell by cell (column field → text). */
export async function visibleRows(page: Page): Promise<Row[]> {
  // Plain text in, plain data out: tsx's name-keeping helpers do not exist inside the browser.
  const cells = await grid(page)
    .locator('[role="row"][data-id]')
    .evaluateAll(rows =>
      rows.map(row => [
        row.getAttribute('data-id') ?? '',
        ...['name', 'runtime', 'status', 'solution', 'iac'].map(field => {
          const cell = row.querySelector(`[data-field="${field}"]`);
          // The status cell shows whether traces arrive under its chip: the status is the chip's text.
          const shown = field === 'status' ? (cell?.querySelector('[class*="MuiChip-label"]') ?? cell) : cell;
          return shown?.textContent?.trim() ?? '';
        }),
      ]),
    );
  return cells.map(([arn, name, runtime, status, recommended, iac]) => ({ arn, name, runtime, status, recommended, iac }));
}

/** Waits until the grid shows at least one row and every row satisfies `accept`; returns them. */
export async function waitForRows(page: Page, what: string, accept: (row: Row) => boolean, timeoutMs = 30_000): Promise<Row[]> {
  return waitUntil(
    `the table shows ${what}`,
    async () => {
      if (await grid(page).getByRole('progressbar').count()) return undefined; // still loading
      const rows = await visibleRows(page);
      return rows.length > 0 && rows.every(accept) ? rows : undefined;
    },
    timeoutMs,
  );
}

/** The grid footer's "1–25 of 300": the total number of functions the filters match. */
export async function tableTotal(page: Page): Promise<number> {
  const text = await page.getByText(/^\d+–\d+ of \d+$/).textContent();
  return Number(text?.split(' of ')[1]);
}

/** Picks one value of a facet filter (e.g. "Runtime family" → "Python"), then closes its menu. */
export async function chooseFacet(page: Page, filter: string, option: string) {
  await page.getByRole('combobox', { name: filter }).click();
  await page.getByRole('option', { name: new RegExp(`^${escapeRegExp(option)} \\(\\d+\\)$`) }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('listbox').waitFor({ state: 'hidden' });
}

/** Clears every filter, then searches by name. */
export async function searchFor(page: Page, text: string) {
  const clear = page.getByRole('button', { name: 'Clear filters' });
  if (await clear.isVisible()) await clear.click();
  await page.getByLabel('Search functions').fill(text);
}

export function rowOf(page: Page, arn: string): Locator {
  return grid(page).locator(`[role="row"][data-id="${arn}"]`);
}

/** The details drawer (a modal whose content has the "Close details" button). */
export function drawer(page: Page): Locator {
  return page.getByRole('presentation').filter({ has: page.getByRole('button', { name: 'Close details' }) });
}

export async function openDetails(page: Page, row: Row): Promise<Locator> {
  await rowOf(page, row.arn).getByRole('button', { name: row.name, exact: true }).click();
  const details = drawer(page);
  await details.getByRole('heading', { level: 2, name: row.name }).waitFor();
  await details.getByRole('region', { name: 'Recommendation' }).waitFor();
  return details;
}

export async function closeDetails(page: Page) {
  await page.getByRole('button', { name: 'Close details' }).click();
  await drawer(page).waitFor({ state: 'hidden' });
}

/** Waits for the job in the open dialog to finish and returns its summary line. */
export async function waitForJobToFinish(dialog: Locator, verb: 'Enabling tracing' | 'Rolling back', timeoutMs = 60_000) {
  const line = dialog.getByText(new RegExp(`^${verb}: \\d+ of \\d+ done`));
  return waitUntil(
    `the ${verb.toLowerCase()} job finishes`,
    async () => {
      const text = (await line.textContent()) ?? '';
      return /· (Succeeded|Failed|Partly failed)$/.test(text) ? text : undefined;
    },
    timeoutMs,
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
