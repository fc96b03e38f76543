// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { TracingPage } from '../../../src/frontend/components/TracingPage';
import { coverageSummary, functionSummary, scanInfo } from '../fixtures';
import { FakeBackend, FAST_POLL_MS, failRoute, findRow, renderWithApis, user } from '../harness';

const orders = functionSummary({ name: 'orders-api' });
const invoices = functionSummary({ name: 'invoice-worker', runtime: 'nodejs20.x', runtimeFamily: 'node', status: 'datadog', applicability: 'already-done' });

describe('TracingPage', () => {
  it('shows the share of traced functions and the counts by status', async () => {
    const backend = new FakeBackend([orders, invoices]);
    backend.summary = coverageSummary({ total: 4, traced: 1, byStatus: { untraced: 2, datadog: 1, misconfigured: 1 } });
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);

    expect(await screen.findByText('25% traced')).toBeInTheDocument();
    const counts = screen.getByLabelText('Functions by status');
    expect(within(counts).getByText('Untraced: 2')).toBeInTheDocument();
    expect(within(counts).getByText('Misconfigured: 1')).toBeInTheDocument();
  });

  it('lists the functions of the inventory with their status and recommendation', async () => {
    new FakeBackend([orders, invoices]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);

    const row = await findRow('orders-api');
    expect(within(row).getByText('Untraced')).toBeInTheDocument();
    expect(within(row).getByText('Datadog (dd-trace)')).toBeInTheDocument();
    expect(within(row).getByText('One click')).toBeInTheDocument();
    expect(await findRow('invoice-worker')).toBeInTheDocument();
  });

  it('shows the per account-region errors of the last scan', async () => {
    const backend = new FakeBackend([orders]);
    backend.scan = scanInfo({
      state: 'partial',
      errors: [{ accountId: '222222222222', region: 'us-east-1', name: 'AccessDenied', message: 'Cannot assume role backstage-serverless-tracing.' }],
    });
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);

    const errors = await screen.findByLabelText('Scan errors');
    expect(errors).toHaveTextContent('222222222222 / us-east-1: AccessDenied: Cannot assume role backstage-serverless-tracing.');
  });

  it("shows the backend's message when the inventory cannot be loaded", async () => {
    new FakeBackend([orders]);
    failRoute('get', '/functions', 403, 'NotAllowedError', 'You may not see serverless tracing data.');
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);

    expect(await screen.findByText('Could not load functions: You may not see serverless tracing data.')).toBeInTheDocument();
  });

  it('explains an empty inventory instead of showing an empty table', async () => {
    const backend = new FakeBackend([]);
    backend.scan = null;
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);

    expect(await screen.findByText('No Lambda functions in the inventory yet')).toBeInTheDocument();
    expect(screen.getByText('The inventory has never been scanned.')).toBeInTheDocument();
  });

  it('Refresh starts a scan, follows it and reloads the inventory when it has finished', async () => {
    const backend = new FakeBackend([orders]);
    const running = scanInfo({ id: 'scan-2', state: 'running', finishedAt: null, startedAt: '2025-05-03T10:00:00.000Z' });
    backend.expectScan([running, running, scanInfo({ id: 'scan-2', functionCount: 2 })], () => {
      backend.functions = [orders, invoices];
    });
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    await findRow('orders-api');

    await user.click(screen.getByText('Refresh', { selector: 'button' }));
    expect(await findRow('invoice-worker')).toBeInTheDocument();
    // The time inside is its own element (relative, exact on hover): match the whole line's text.
    await waitFor(() => expect(screen.getByText(/^Last scan:/)).toHaveTextContent(/^Last scan: .+ · 2 functions$/));
  });

  it("shows the backend's message when a scan cannot start", async () => {
    new FakeBackend([orders]);
    failRoute('post', '/scans', 409, 'ConflictError', 'A scan is already running; wait for it to finish.');
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    await findRow('orders-api');
    await user.click(screen.getByText('Refresh', { selector: 'button' }));
    expect(await screen.findByText('Scan: A scan is already running; wait for it to finish.')).toBeInTheDocument();
  });
});
