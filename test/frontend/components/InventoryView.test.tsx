// @vitest-environment happy-dom
import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { TracingPage } from '../../../src/frontend/components/TracingPage';
import { functionSummary } from '../fixtures';
import { BASE_URL, FakeBackend, FAST_POLL_MS, findRow, renderWithApis, server, user } from '../harness';

const orders = functionSummary({ name: 'orders-api' });
const invoices = functionSummary({ name: 'invoice-worker' });

function lastQuery(backend: FakeBackend): URLSearchParams {
  return backend.functionQueries[backend.functionQueries.length - 1];
}

describe('Inventory view from a link', () => {
  it('opens with the filters, sort and page a link carries', async () => {
    const backend = new FakeBackend([orders]);
    backend.total = 60;
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />, { url: '/?q=orders&status=untraced&applicability=one-click&sort=-name&page=2' });
    await waitFor(() => expect(lastQuery(backend)?.toString()).toBe('q=orders&status=untraced&applicability=one-click&sort=-name&offset=25&limit=25'));
    expect(screen.getByLabelText('Search functions')).toHaveValue('orders');
  });

  it('opens the details of the function a link names', async () => {
    new FakeBackend([orders]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />, { url: `/?fn=${encodeURIComponent(orders.arn)}` });
    expect(await screen.findByRole('heading', { level: 2, name: 'orders-api' })).toBeInTheDocument();
  });

  it('filters by applicability, e.g. one click only', async () => {
    const backend = new FakeBackend([orders]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    await findRow('orders-api');
    await user.click(screen.getByRole('combobox', { name: 'Applicability' }));
    await user.click(await screen.findByRole('option', { name: /^One click \(\d+\)$/ }));
    await waitFor(() => expect(lastQuery(backend).getAll('applicability')).toEqual(['one-click']));
  });
});

describe('Inventory errors', () => {
  it('says in words that the backend is unreachable and retries on request', async () => {
    new FakeBackend([orders]);
    server.use(http.get(`${BASE_URL}/functions`, () => HttpResponse.error()));
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    const alert = await screen.findByText(/^Could not load functions: The serverless-tracing backend could not be reached/);
    expect(alert).not.toHaveTextContent('http');
    server.resetHandlers();
    new FakeBackend([orders]);
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await findRow('orders-api')).toBeInTheDocument();
  });

  it('shows no rows of an earlier answer when the search fails', async () => {
    const backend = new FakeBackend([orders, invoices]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    await findRow('invoice-worker');
    server.use(http.get(`${BASE_URL}/functions`, () => HttpResponse.json({ error: { name: 'Error', message: 'Search failed.' } }, { status: 500 })));
    await user.type(screen.getByLabelText('Search functions'), 'orders');
    expect(await screen.findByText('Could not load functions: Search failed.')).toBeInTheDocument();
    expect(screen.queryByText('invoice-worker')).not.toBeInTheDocument();
    expect(backend.functionQueries.length).toBeGreaterThan(0);
  });
});

describe('Select across pages', () => {
  it('selects every function the filters match for a bulk action', async () => {
    const backend = new FakeBackend([orders, invoices]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />, { url: '/?status=untraced' });
    await findRow('orders-api');
    await user.click(screen.getByRole('button', { name: 'Select all matching' }));
    expect(await screen.findByText('2 functions selected')).toBeInTheDocument();
    expect(lastQuery(backend).toString()).toBe('status=untraced&sort=name&offset=0&limit=500');
  });
});
