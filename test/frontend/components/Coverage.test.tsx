// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { TracingPage } from '../../../src/frontend/components/TracingPage';
import { labelRoom, statusSeries } from '../../../src/frontend/components/CoverageSummary/CoverageSummary';
import { STATUS_COLORS } from '../../../src/frontend/labels';
import { TRACING_STATUSES } from '../../../src/common/model';
import { coverageSummary, functionSummary } from '../fixtures';
import { http, HttpResponse } from 'msw';
import { BASE_URL, FakeBackend, FAST_POLL_MS, findRow, renderWithApis, server, user } from '../harness';

const orders = functionSummary({ name: 'orders-api' });
const traced = functionSummary({ name: 'traced-api', status: 'datadog', applicability: 'already-done' });

describe('Status colours', () => {
  it('gives every status a colour of its own', () => {
    expect(new Set(TRACING_STATUSES.map(status => STATUS_COLORS[status])).size).toBe(TRACING_STATUSES.length);
  });

  it('draws each status bar in the colour of its chip', () => {
    const series = statusSeries([{ key: 'python', total: 3, traced: 2, byStatus: { datadog: 1, 'datadog-xray': 1, untraced: 1 }, excluded: 0 }]);
    expect(series.map(s => [s.id, s.color])).toEqual([
      ['untraced', STATUS_COLORS.untraced],
      ['datadog', STATUS_COLORS.datadog],
      ['datadog-xray', STATUS_COLORS['datadog-xray']],
    ]);
  });

  it('shows a legend whose swatches have the same colour as the status chips', async () => {
    new FakeBackend([orders, traced]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    const legend = await screen.findByRole('list', { name: 'Legend' });
    expect(within(legend).getByText('Datadog')).toBeInTheDocument();
    expect(screen.getByTestId('legend-swatch-datadog')).toHaveStyle({ backgroundColor: STATUS_COLORS.datadog });
    const row = await findRow('traced-api');
    expect(within(row).getByText('Datadog').closest('[class*="MuiChip-root"]')).toHaveStyle({ backgroundColor: STATUS_COLORS.datadog });
  });

  it('leaves room for the longest owner label', () => {
    expect(labelRoom(['team-a', 'component:default/payments-team'])).toBeGreaterThanOrEqual('component:default/payments-team'.length * 6);
  });
});

describe('Coverage and filters', () => {
  it('shows the coverage of what the filters match next to the whole inventory', async () => {
    const backend = new FakeBackend([orders, traced]);
    backend.summary = coverageSummary({ total: 10, traced: 5, byStatus: { untraced: 5, datadog: 5 } });
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    await screen.findByText('50% traced');
    await user.type(screen.getByLabelText('Search functions'), 'api');
    // The fake backend's status facet counts its two functions: one untraced, one Datadog.
    // A debounced search and a grid render: over a second on a loaded machine, more than waitFor's default.
    await waitFor(() => expect(screen.getByText('1 of the 2 functions matching the filters have tracing')).toBeInTheDocument(), { timeout: 5_000 });
    expect(screen.getByText('All functions: 50% traced (5 of 10)')).toBeInTheDocument();
  });

  it('never labels an answer to other filters as the filtered coverage, e.g. when the search fails', async () => {
    const backend = new FakeBackend([orders, traced]);
    backend.summary = coverageSummary({ total: 10, traced: 5, byStatus: { untraced: 5, datadog: 5 } });
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    await findRow('orders-api');
    server.use(http.get(`${BASE_URL}/functions`, () => HttpResponse.json({ error: { name: 'Error', message: 'Search failed.' } }, { status: 500 })));
    await user.type(screen.getByLabelText('Search functions'), 'orders');
    await screen.findByText('Could not load functions: Search failed.');
    expect(screen.queryByText(/matching the filters/)).not.toBeInTheDocument();
    expect(screen.getByText('5 of 10 functions have tracing')).toBeInTheDocument();
  });
});
