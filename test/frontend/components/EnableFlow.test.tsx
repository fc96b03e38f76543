// @vitest-environment happy-dom
import { screen, waitFor, within } from '@testing-library/react';
import { TracingPage } from '../../../src/frontend/components/TracingPage';
import { enablePlan, functionDetails, functionSummary, job, jobItem } from '../fixtures';
import { FakeBackend, FAST_POLL_MS, failRoute, findRow, renderWithApis, user } from '../harness';

const orders = functionSummary({ name: 'orders-api' });

async function openEnableDialog(name: string) {
  await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
  await user.click(await screen.findByLabelText(`Enable tracing on ${name}`));
  return screen.findByRole('dialog');
}

describe('Enable flow', () => {
  it('confirms with the diff of what will change', async () => {
    new FakeBackend([orders]);
    const dialog = await openEnableDialog('orders-api');
    expect(within(dialog).getByText('Enable tracing on orders-api')).toBeInTheDocument();
    expect(await within(dialog).findByTestId('plan-diff')).toHaveTextContent('+ DD_LAMBDA_HANDLER = app.handler');
  });

  it('starts a job for the function when confirmed', async () => {
    const backend = new FakeBackend([orders]);
    backend.expectJob([job([jobItem(orders.arn, { state: 'succeeded' })])]);
    const dialog = await openEnableDialog('orders-api');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm and enable' }));
    await waitFor(() => expect(backend.jobRequests).toEqual([{ action: 'enable', functionArns: [orders.arn] }]));
  });

  it('follows the job to its end and refreshes the row', async () => {
    const backend = new FakeBackend([orders]);
    backend.expectJob(
      [job([jobItem(orders.arn)]), job([jobItem(orders.arn, { state: 'running' })]), job([jobItem(orders.arn, { state: 'succeeded' })])],
      () => {
        backend.functions = [{ ...orders, status: 'datadog', applicability: 'already-done', findings: [] }];
      },
    );
    const dialog = await openEnableDialog('orders-api');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm and enable' }));

    expect(await within(dialog).findByText(/1 of 1 done \(1 succeeded, 0 failed\)/)).toBeInTheDocument();
    expect(within(dialog).getByRole('progressbar', { name: 'Enabling tracing progress' })).toHaveAttribute('aria-valuenow', '100');
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(async () => expect(within(await findRow('orders-api')).getByText('Datadog')).toBeInTheDocument());
  });

  it("shows the backend's reason when the job cannot start", async () => {
    const backend = new FakeBackend([orders]);
    failRoute('post', '/jobs', 409, 'ConflictError', 'An enable job for orders-api is already running.');
    const dialog = await openEnableDialog('orders-api');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm and enable' }));
    expect(await within(dialog).findByText('The job could not start: An enable job for orders-api is already running.')).toBeInTheDocument();
    expect(backend.jobRequests).toEqual([]);
  });

  it('offers the steps instead of a dead Enable on a function that needs a code change, saying why', async () => {
    new FakeBackend([functionSummary({ name: 'billing-go', runtime: 'provided.al2023', runtimeFamily: 'provided', applicability: 'needs-code-change' })]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    const row = await findRow('billing-go');
    expect(within(row).getByText('Needs a code change')).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: 'How to enable tracing on billing-go' })).toBeEnabled();
    expect(within(row).queryByLabelText('Enable tracing on billing-go')).not.toBeInTheDocument();
  });

  it('disables Enable on a function whose plan is blocked, giving the blocker', async () => {
    const blocked = functionSummary({
      name: 'orders-legacy',
      status: 'other',
      blockers: [{ code: 'other-vendor', message: 'New Relic already instruments this function: remove it first.' }],
    });
    new FakeBackend([blocked]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    expect(await screen.findByLabelText('Enable tracing on orders-legacy')).toBeDisabled();
    expect(screen.getByLabelText('Blocked: New Relic already instruments this function: remove it first.')).toBeInTheDocument();
  });

  it('opens the details drawer from the function name', async () => {
    new FakeBackend([orders]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    await user.click(await screen.findByText('orders-api', { selector: 'button' }));
    expect(await screen.findByRole('region', { name: 'Findings' })).toHaveTextContent('No tracing library, extension or X-Ray mode found.');
  });

  it('rolls back from the details drawer after confirming the inverse diff', async () => {
    const traced = functionSummary({ name: 'traced-fn', status: 'datadog', applicability: 'already-done', canRollback: true });
    const backend = new FakeBackend([traced]);
    backend.details.set(
      traced.arn,
      functionDetails(traced, {
        rollbackPlan: enablePlan(traced.arn, { action: 'rollback', changes: [{ kind: 'handler-changed', before: 'datadog_lambda.handler.handler', after: 'app.handler' }] }),
      }),
    );
    backend.expectJob([job([jobItem(traced.arn, { state: 'succeeded' })], { action: 'rollback' })]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    await user.click(await screen.findByText('traced-fn', { selector: 'button' }));
    await user.click(await screen.findByLabelText('Roll back tracing on traced-fn'));

    const dialog = await screen.findByRole('dialog', { name: 'Roll back tracing on traced-fn' });
    expect(within(dialog).getByTestId('plan-diff')).toHaveTextContent('~ handler: datadog_lambda.handler.handler → app.handler');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm and roll back' }));
    await waitFor(() => expect(backend.jobRequests).toEqual([{ action: 'rollback', functionArns: [traced.arn] }]));
    expect(await within(dialog).findByText(/Rolling back: 1 of 1 done/)).toBeInTheDocument();
  });
});
