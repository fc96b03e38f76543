// What every browser step needs: waiting on a condition, screenshots in test-results/, and failures
// that carry a screenshot and the page's console errors.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS } from './portal';

/** Polls `probe` until it returns a value other than undefined/false; fails saying what was awaited. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise(r => setTimeout(r, 250));
  }
  const cause = lastError ? ` (last error: ${String(lastError)})` : '';
  throw new Error(`Timed out after ${timeoutMs / 1000} s waiting until ${what}${cause}`);
}

/** Removes the previous run's screenshots so test-results/ shows this run only. */
export function clearScreenshots() {
  mkdirSync(RESULTS, { recursive: true });
  for (const file of readdirSync(RESULTS)) if (file.endsWith('.png')) rmSync(resolve(RESULTS, file));
}

/** Saves the page once dialogs and drawers have finished sliding or fading in. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS, { recursive: true });
  const path = resolve(RESULTS, `${name}.png`);
  // Spinners animate forever; only finite transitions are waited for.
  await page.waitForFunction(() =>
    document.getAnimations().every(animation => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity),
  );
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Collects the page's console errors and uncaught exceptions, for failure messages. */
export function recordConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', message => {
    // React's development-mode deprecation chatter is not an error of this plugin.
    if (message.type() === 'error' && !message.text().startsWith('Warning: ')) errors.push(message.text());
  });
  page.on('pageerror', error => errors.push(`uncaught: ${error.message}`));
  return errors;
}

/**
 * Collects answers >= 400 to the permission backend and to this plugin's API: the real permission
 * backend refuses malformed questions (a resource permission without a resourceRef) with a 400 that
 * the page would otherwise turn silently into a disabled button.
 */
export function recordRefusedRequests(page: Page): string[] {
  const refused: string[] = [];
  page.on('response', response => {
    const url = response.url();
    if (response.status() >= 400 && /\/api\/(permission|serverless-tracing)\//.test(url)) {
      refused.push(`${response.status()} ${response.request().method()} ${url}`);
    }
  });
  return refused;
}

/**
 * Runs one scenario; on failure saves `failure-<name>.png` and rethrows with the screenshot's path
 * and the console errors seen so far, so a red run explains itself.
 */
export async function scenario(page: Page, consoleErrors: string[], name: string, body: () => Promise<void>) {
  try {
    await body();
  } catch (error) {
    let shot = '(no screenshot: the page could not be captured)';
    try {
      shot = await screenshot(page, `failure-${name}`);
    } catch {
      // keep the original failure
    }
    const errors = consoleErrors.length > 0 ? consoleErrors.map(e => `  - ${e.slice(0, 500)}`).join('\n') : '  (none)';
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\nScreenshot: ${shot}\nBrowser console errors:\n${errors}`, { cause: error });
  }
}
