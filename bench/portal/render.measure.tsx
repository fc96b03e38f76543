// Portal rendering, measured the way the frontend tests render (happy-dom, React's development
// build, Backstage's test app, the backend mocked at the HTTP level). Durations go to the file named
// by BENCH_PORTAL_OUTPUT for bench/suites/portal.ts to judge; the only assertions here are that
// what was timed really rendered.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { useState } from 'react';
import { act, cleanup, configure, fireEvent, screen } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import type { FunctionSummary } from '../../src/common/api';
import { FunctionTable } from '../../src/frontend/components/FunctionTable';
import { TracingPage } from '../../src/frontend/components/TracingPage';
import { BASE_URL, FakeBackend, renderWithApis, server } from '../../test/frontend/harness';
import { functionsPage } from '../../test/frontend/fixtures';
import { pageOfFunctions } from './rows';
import type { PortalResults } from './results';

const PAGE_SIZE = 100;
/** Up to `runs` measured runs after one warm-up, stopping after `maxMs` once `minRuns` are in. */
const BUDGET = { runs: 10, minRuns: 3, maxMs: 8_000 };

const results: PortalResults = { pageSize: PAGE_SIZE, timings: {} };

// findByText polls until the rows are there, and every miss builds an error that prints the whole
// DOM (a 100-row grid: ~1 MB of markup) — work no browser does, competing with the render being
// timed. A miss here only needs to say what was missing.
configure({ getElementError: message => new Error(message ?? 'not found') });

afterAll(() => {
  const output = process.env.BENCH_PORTAL_OUTPUT;
  if (output) writeFileSync(output, JSON.stringify(results));
  else console.log(JSON.stringify(results, null, 2));
});

/** Data rows the DataGrid put into the DOM (it virtualises what it cannot see). */
function renderedRows(): number {
  return document.querySelectorAll('[role="row"][data-id]').length;
}

/** Runs `measure` (which returns its own duration) per the budget; the first run warms up. */
async function budgeted(name: string, measure: (run: number) => Promise<number> | number): Promise<void> {
  const durations: number[] = [];
  const deadline = performance.now() + BUDGET.maxMs;
  await measure(0);
  for (let run = 1; run <= BUDGET.runs; run++) {
    if (durations.length >= BUDGET.minRuns && performance.now() > deadline) break;
    durations.push(await measure(run));
  }
  results.timings[name] = { durations, rowsRendered: renderedRows() };
}

/**
 * Milliseconds from a state change until React has rendered and committed it, effects and the
 * updates they start (permission checks of the row buttons) included: async act flushes them all.
 */
async function timeAct(change: () => void): Promise<number> {
  const started = performance.now();
  await act(async () => change());
  return performance.now() - started;
}

const noop = () => {};
const firstPage = pageOfFunctions(PAGE_SIZE, 0);
let showRows: (rows: FunctionSummary[] | null) => void = noop;

/** The table as FunctionInventory holds it: rows in state, stable callbacks, server-side paging. */
function TableHost() {
  const [rows, setRows] = useState<FunctionSummary[] | null>(null);
  showRows = setRows;
  if (!rows) return null;
  return (
    <FunctionTable
      rows={rows}
      total={10_000}
      loading={false}
      pagination={{ page: 0, pageSize: PAGE_SIZE }}
      onPaginationChange={noop}
      sortModel={[{ field: 'name', sort: 'asc' }]}
      onSortChange={noop}
      selection={[]}
      onSelectionChange={noop}
      onOpen={noop}
      onEnable={noop}
    />
  );
}

it('TracingPage: first render until a 100-row page from the backend is on screen', async () => {
  const lastName = firstPage[firstPage.length - 1].name;
  await budgeted('page first render', async () => {
    cleanup();
    server.resetHandlers();
    new FakeBackend(firstPage);
    const started = performance.now();
    await renderWithApis(<TracingPage pollIntervalMs={60_000} />);
    await screen.findByText(lastName, { selector: 'button' }, { timeout: 30_000 });
    return performance.now() - started;
  });
  expect(renderedRows()).toBe(PAGE_SIZE);
  cleanup();
});

/** What GET /functions costs at 10,000 functions on SQLite (bench/README, benchmark 2), simulated. */
const API_ANSWER_MS = 25;

it('TracingPage: a search keystroke until the rows of the new answer are on screen (10,000 functions)', async () => {
  cleanup();
  server.resetHandlers();
  new FakeBackend(firstPage);
  // Each search answers with a page of its own, after the API's own time.
  server.use(
    http.get(`${BASE_URL}/functions`, async ({ request }) => {
      const q = new URL(request.url).searchParams.get('q') ?? '';
      await delay(API_ANSWER_MS);
      return HttpResponse.json(functionsPage(pageOfFunctions(PAGE_SIZE, q.length), { total: 10_000 }));
    }),
  );
  await renderWithApis(<TracingPage pollIntervalMs={60_000} />);
  await screen.findByText(firstPage[firstPage.length - 1].name, { selector: 'button' }, { timeout: 30_000 });
  const search = screen.getByLabelText('Search functions');
  let typed = '';
  await budgeted('search keystroke to updated rows', async () => {
    typed += 'a';
    const expected = pageOfFunctions(PAGE_SIZE, typed.length)[0].name;
    const started = performance.now();
    fireEvent.change(search, { target: { value: typed } });
    await screen.findByText(expected, { selector: 'button' }, { timeout: 30_000, interval: 5 });
    return performance.now() - started;
  });
  expect(renderedRows()).toBe(PAGE_SIZE);
  cleanup();
});

describe('FunctionTable with a page of 100 rows', () => {
  beforeEach(async () => {
    await renderWithApis(<TableHost />);
  });
  afterEach(() => cleanup());

  it('first render of the table', async () => {
    await budgeted('table first render', async () => {
      await act(async () => showRows(null));
      return timeAct(() => showRows(firstPage));
    });
    expect(renderedRows()).toBe(PAGE_SIZE);
  });

  it('re-render on data change: the next page of 100 different functions', async () => {
    await act(async () => showRows(firstPage));
    let last = firstPage;
    await budgeted('table re-render, next page', run => {
      last = pageOfFunctions(PAGE_SIZE, run + 1);
      return timeAct(() => showRows(last));
    });
    expect(screen.getByText(last[0].name, { selector: 'button' })).toBeInTheDocument();
  });

  it('re-render on data change: the same 100 functions with new statuses (a job finished)', async () => {
    await act(async () => showRows(firstPage));
    await budgeted('table re-render, statuses changed', run => timeAct(() => showRows(pageOfFunctions(PAGE_SIZE, 0, run + 1))));
    expect(renderedRows()).toBe(PAGE_SIZE);
  });
});
