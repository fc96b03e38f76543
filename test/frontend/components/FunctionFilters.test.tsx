// @vitest-environment happy-dom
import { screen, waitFor } from '@testing-library/react';
import { TracingPage } from '../../../src/frontend/components/TracingPage';
import { functionSummary } from '../fixtures';
import { FakeBackend, FAST_POLL_MS, findRow, OWNERSHIP_REFS, renderWithApis, user } from '../harness';

const functions = [
  functionSummary({ name: 'orders-api' }),
  functionSummary({ name: 'invoice-worker', runtime: 'nodejs20.x', runtimeFamily: 'node', status: 'xray', accountId: '222222222222' }),
];

function lastQuery(backend: FakeBackend): URLSearchParams {
  return backend.functionQueries[backend.functionQueries.length - 1];
}

async function renderPage(backend: FakeBackend) {
  await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
  await findRow('orders-api');
  return backend;
}

describe('Function filters', () => {
  it('asks for the first page sorted by name', async () => {
    const backend = await renderPage(new FakeBackend(functions));
    expect(lastQuery(backend).toString()).toBe('sort=name&offset=0&limit=25');
  });

  it('sends the search term as q', async () => {
    const backend = await renderPage(new FakeBackend(functions));
    await user.type(screen.getByLabelText('Search functions'), 'orders');
    await waitFor(() => expect(lastQuery(backend).get('q')).toBe('orders'));
  });

  it('offers facet values with their counts and sends the chosen ones', async () => {
    const backend = await renderPage(new FakeBackend(functions));
    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'X-Ray (1)' }));
    await user.click(screen.getByRole('option', { name: 'Untraced (1)' }));
    await waitFor(() => expect(lastQuery(backend).getAll('status')).toEqual(['xray', 'untraced']));
  });

  it('filters by account with one parameter per chosen account', async () => {
    const backend = await renderPage(new FakeBackend(functions));
    await user.click(screen.getByRole('combobox', { name: 'Account' }));
    await user.click(await screen.findByRole('option', { name: '222222222222 (1)' }));
    await waitFor(() => expect(lastQuery(backend).getAll('account')).toEqual(['222222222222']));
  });

  it("sends the user's ownership refs as owners for 'Owned by me'", async () => {
    const backend = await renderPage(new FakeBackend(functions));
    await user.click(screen.getByRole('checkbox', { name: 'Owned by me' }));
    await waitFor(() => expect(lastQuery(backend).getAll('owner')).toEqual(OWNERSHIP_REFS));
  });

  it('sorts on the server when a column header is clicked', async () => {
    const backend = await renderPage(new FakeBackend(functions));
    await user.click(screen.getByRole('columnheader', { name: 'Runtime' }));
    await waitFor(() => expect(lastQuery(backend).get('sort')).toBe('runtime'));
    await user.click(screen.getByRole('columnheader', { name: 'Runtime' }));
    await waitFor(() => expect(lastQuery(backend).get('sort')).toBe('-runtime'));
  });

  it('pages on the server', async () => {
    const backend = new FakeBackend(functions);
    backend.total = 60;
    await renderPage(backend);
    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    await waitFor(() => expect(lastQuery(backend).get('offset')).toBe('25'));
    expect(lastQuery(backend).get('limit')).toBe('25');
  });

  it('goes back to the first page when a filter changes', async () => {
    const backend = new FakeBackend(functions);
    backend.total = 60;
    await renderPage(backend);
    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    await waitFor(() => expect(lastQuery(backend).get('offset')).toBe('25'));
    await user.type(screen.getByLabelText('Search functions'), 'inv');
    await waitFor(() => expect(lastQuery(backend).get('q')).toBe('inv'));
    expect(lastQuery(backend).get('offset')).toBe('0');
  });
});
