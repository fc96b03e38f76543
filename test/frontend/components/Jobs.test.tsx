// @vitest-environment happy-dom
// Issue 11.5 on the page: bulk rollback, cancelling a running job, and the recent jobs list.
import { screen, waitFor, within } from '@testing-library/react';
import { TracingPage } from '../../../src/frontend/components/TracingPage';
import { auditEvent, functionSummary, job, jobItem } from '../fixtures';
import { FakeBackend, FAST_POLL_MS, findRow, renderWithApis, user } from '../harness';

const orders = functionSummary({ name: 'orders-api', status: 'datadog', canRollback: true });
const invoices = functionSummary({ name: 'invoice-worker', status: 'datadog', canRollback: true });
const reports = functionSummary({ name: 'reports-cron', status: 'untraced' });

async function selectAll() {
  await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
  for (const name of ['orders-api', 'invoice-worker', 'reports-cron']) await user.click(within(await findRow(name)).getByRole('checkbox'));
}

it('rolls back the selection in one job, leaving out what has nothing to roll back', async () => {
  const backend = new FakeBackend([orders, invoices, reports]);
  backend.expectJob([job([jobItem(orders.arn, { state: 'succeeded' }), jobItem(invoices.arn, { state: 'succeeded' })], { action: 'rollback' })]);
  await selectAll();
  await user.click(screen.getByRole('button', { name: 'Roll back selected' }));
  const dialog = await screen.findByRole('dialog', { name: 'Roll back tracing on 2 functions' });
  expect(within(dialog).getByRole('list', { name: 'Left out' })).toHaveTextContent('reports-cron (111111111111 · eu-west-1): nothing to roll back');
  await user.click(within(dialog).getByRole('button', { name: 'Confirm and roll back' }));
  await waitFor(() => expect(backend.jobRequests).toEqual([{ action: 'rollback', functionArns: [orders.arn, invoices.arn] }]));
});

it('cancels the rest of a running job from its progress, and lists it among the recent jobs', async () => {
  const backend = new FakeBackend([orders, invoices, reports].map(fn => ({ ...fn, status: 'untraced' as const, canRollback: false })));
  const running = job([jobItem(orders.arn, { state: 'running' }), jobItem(invoices.arn), jobItem(reports.arn)]);
  const cancelled = job([jobItem(orders.arn, { state: 'succeeded' }), jobItem(invoices.arn, { state: 'cancelled' }), jobItem(reports.arn, { state: 'cancelled' })]);
  // Polled as running (long past the click) until the cancel jumps it to cancelled.
  backend.expectJob([...Array<typeof running>(2000).fill(running), cancelled]);
  await selectAll();
  await user.click(screen.getByRole('button', { name: 'Enable selected' }));
  const dialog = await screen.findByRole('dialog');
  await user.click(within(dialog).getByRole('button', { name: 'Confirm and enable' }));
  await user.click(await within(dialog).findByRole('button', { name: 'Cancel the rest' }));
  await waitFor(() => expect(backend.cancelRequests).toEqual(['job-1']));
  expect(await within(dialog).findByText(/3 of 3 done \(1 succeeded, 0 failed, 2 cancelled\) · Cancelled/)).toBeInTheDocument();
  await user.click(within(dialog).getByRole('button', { name: 'Close' }));
  const recent = await screen.findByRole('table', { name: 'Recent jobs' });
  await waitFor(() => expect(recent).toHaveTextContent('Cancelled'));
  expect(recent).toHaveTextContent('user:default/jane');
});

it('shows the audit trail, filtered by who', async () => {
  const backend = new FakeBackend([orders]);
  backend.audit = [
    auditEvent({ functionArn: orders.arn, actor: 'plugin:serverless-tracing', outcome: 'succeeded', summary: 'adds 2 layers' }),
    auditEvent({ functionArn: invoices.arn, actor: 'user:default/jane', outcome: 'failed', message: 'AccessDenied' }),
  ];
  await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
  const trail = await screen.findByRole('table', { name: 'Audit trail' });
  expect(within(trail).getAllByRole('row')).toHaveLength(3);
  const filters = screen.getByRole('form', { name: 'Audit filters' });
  await user.type(within(filters).getByLabelText('Who'), 'plugin:serverless-tracing');
  await user.click(within(filters).getByRole('button', { name: 'Apply' }));
  await waitFor(() => expect(within(screen.getByRole('table', { name: 'Audit trail' })).getAllByRole('row')).toHaveLength(2));
  expect(screen.getByRole('table', { name: 'Audit trail' })).toHaveTextContent('orders-api');
  expect(screen.getByRole('table', { name: 'Audit trail' })).toHaveTextContent('Enable: adds 2 layers');
});
