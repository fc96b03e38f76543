// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { TracingPage } from '../../../src/frontend/components/TracingPage';
import { functionSummary, job, jobItem } from '../fixtures';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis } from '@backstage/test-utils';
import { FakeBackend, FAST_POLL_MS, findRow, renderWithApis, user, type RenderOptions } from '../harness';

const orders = functionSummary({ name: 'orders-api' });
const invoices = functionSummary({ name: 'invoice-worker', runtime: 'nodejs20.x', runtimeFamily: 'node', solution: 'dd-trace-xray' });
const billing = functionSummary({ name: 'billing-ruby', runtime: 'ruby3.3', runtimeFamily: 'ruby', applicability: 'needs-code-change' });
const CONFLICT = 'An update is already in progress on invoice-worker (ResourceConflictException); retry in a minute.';

async function selectAllAndOpenBulkDialog(options: RenderOptions = {}) {
  await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />, options);
  for (const name of ['orders-api', 'invoice-worker', 'billing-ruby']) {
    await user.click(within(await findRow(name)).getByRole('checkbox'));
  }
  expect(within(screen.getByRole('region', { name: 'Bulk actions' })).getByText('3 functions selected')).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Enable selected' }));
  return screen.findByRole('dialog');
}

function enableJobWithOneFailure(): Parameters<FakeBackend['expectJob']>[0] {
  return [
    job([jobItem(orders.arn), jobItem(invoices.arn)]),
    job([jobItem(orders.arn, { state: 'succeeded' }), jobItem(invoices.arn, { state: 'running' })]),
    job([jobItem(orders.arn, { state: 'succeeded' }), jobItem(invoices.arn, { state: 'failed', message: CONFLICT })]),
  ];
}

describe('Bulk enable', () => {
  it('lists the selected functions with their solution and leaves out those one click cannot do', async () => {
    new FakeBackend([orders, invoices, billing]);
    const dialog = await selectAllAndOpenBulkDialog();
    const list = within(dialog).getByRole('list', { name: 'Functions in this job' });
    expect(list).toHaveTextContent('orders-api');
    expect(list).toHaveTextContent('Datadog + X-Ray merge');
    expect(list).not.toHaveTextContent('billing-ruby');
    expect(within(dialog).getByRole('list', { name: 'Left out' })).toHaveTextContent('billing-ruby (111111111111 · eu-west-1): Needs a code change');
  });

  it('leaves out a function whose plan is blocked, giving the blocker', async () => {
    const crowded = functionSummary({
      name: 'billing-ruby',
      blockers: [{ code: 'too-many-layers', message: 'The function would have 6 layers; Lambda allows 5.' }],
    });
    new FakeBackend([orders, invoices, crowded]);
    const dialog = await selectAllAndOpenBulkDialog();
    expect(within(dialog).getByRole('list', { name: 'Functions in this job' })).not.toHaveTextContent('billing-ruby');
    expect(within(dialog).getByRole('list', { name: 'Left out' })).toHaveTextContent(
      'billing-ruby (111111111111 · eu-west-1): The function would have 6 layers; Lambda allows 5.',
    );
  });

  it('counts in its title only the functions it will enable', async () => {
    new FakeBackend([orders, invoices, billing]);
    const dialog = await selectAllAndOpenBulkDialog();
    expect(within(dialog).getByRole('heading', { name: 'Enable tracing on 2 functions' })).toBeInTheDocument();
  });

  it('leaves out a function the user may not enable, saying so', async () => {
    const foreign = functionSummary({ name: 'billing-ruby', owner: 'component:default/foreign-team' });
    new FakeBackend([orders, invoices, foreign]);
    const permission = mockApis.permission({
      authorize: request => (request.resourceRef === 'component:default/foreign-team' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW),
    });
    const dialog = await selectAllAndOpenBulkDialog({ permission });
    expect(await within(dialog).findByRole('list', { name: 'Left out' })).toHaveTextContent(
      'billing-ruby (111111111111 · eu-west-1): you are not allowed to enable tracing on it',
    );
    expect(within(dialog).getByRole('heading', { name: 'Enable tracing on 2 functions' })).toBeInTheDocument();
  });

  it('warns that IaC-managed functions are reverted by the next deploy', async () => {
    const stacked = functionSummary({ name: 'billing-ruby', iac: 'cloudformation' });
    new FakeBackend([orders, invoices, stacked]);
    const dialog = await selectAllAndOpenBulkDialog();
    expect(within(dialog).getByLabelText('Infrastructure-as-code warning')).toHaveTextContent('billing-ruby: CloudFormation');
  });

  it("shows a function's own diff on request", async () => {
    new FakeBackend([orders, invoices, billing]);
    const dialog = await selectAllAndOpenBulkDialog();
    await user.click(within(dialog).getByRole('button', { name: 'Show changes for invoice-worker' }));
    expect(await within(dialog).findByTestId('plan-diff')).toHaveTextContent('+ DD_SITE = datadoghq.eu');
  });

  it('starts one job with every eligible function', async () => {
    const backend = new FakeBackend([orders, invoices, billing]);
    backend.expectJob(enableJobWithOneFailure());
    const dialog = await selectAllAndOpenBulkDialog();
    await user.click(within(dialog).getByRole('button', { name: 'Confirm and enable' }));
    await waitFor(() => expect(backend.jobRequests).toEqual([{ action: 'enable', functionArns: [orders.arn, invoices.arn] }]));
  });

  it('shows per-function results with the reason of a failure', async () => {
    const backend = new FakeBackend([orders, invoices, billing]);
    backend.expectJob(enableJobWithOneFailure());
    const dialog = await selectAllAndOpenBulkDialog();
    await user.click(within(dialog).getByRole('button', { name: 'Confirm and enable' }));

    expect(await within(dialog).findByText(/2 of 2 done \(1 succeeded, 1 failed\) · Partly failed/)).toBeInTheDocument();
    const results = within(dialog).getByRole('list', { name: 'Per-function results' });
    expect(results).toHaveTextContent(CONFLICT);
    expect(within(dialog).getByRole('progressbar', { name: 'Enabling tracing progress' })).toHaveAttribute('aria-valuenow', '100');
  });

  it('retries only the failed functions as a new job', async () => {
    const backend = new FakeBackend([orders, invoices, billing]);
    backend.expectJob(enableJobWithOneFailure());
    backend.expectJob([job([jobItem(invoices.arn, { state: 'running' })], { id: 'job-2' }), job([jobItem(invoices.arn, { state: 'succeeded' })], { id: 'job-2' })]);
    const dialog = await selectAllAndOpenBulkDialog();
    await user.click(within(dialog).getByRole('button', { name: 'Confirm and enable' }));
    await user.click(await within(dialog).findByRole('button', { name: 'Retry failed (1)' }));

    await waitFor(() => expect(backend.jobRequests[1]).toEqual({ action: 'enable', functionArns: [invoices.arn] }));
    expect(await within(dialog).findByText(/1 of 1 done \(1 succeeded, 0 failed\) · Succeeded/)).toBeInTheDocument();
    // Coverage is fetched on load and again after each of the two jobs.
    await waitFor(() => expect(backend.summaryQueries).toHaveLength(3));
  });
});
