import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FunctionDetails } from '../../../src/frontend/components/FunctionDetails';
import { auditEvent, enablePlan, functionDetails, functionSummary } from '../fixtures';
import { FakeBackend, failRoute, renderWithApis, server } from '../harness';

const orders = functionSummary({
  name: 'orders-api',
  status: 'misconfigured',
  findings: [{ code: 'library-without-extension', severity: 'error', message: 'The Datadog library layer is present but the extension is missing.' }],
});

function renderDetails(backend: FakeBackend, arn: string, handlers: { onEnable?: () => void; onRollback?: () => void } = {}) {
  return renderWithApis(
    <FunctionDetails
      arn={arn}
      refreshKey={0}
      onClose={() => {}}
      onEnable={handlers.onEnable ?? (() => {})}
      onRollback={handlers.onRollback ?? (() => {})}
    />,
  );
}

describe('FunctionDetails', () => {
  it('shows the findings behind the status', async () => {
    await renderDetails(new FakeBackend([orders]), orders.arn);
    const findings = await screen.findByRole('region', { name: 'Findings' });
    expect(findings).toHaveTextContent('The Datadog library layer is present but the extension is missing.');
  });

  it('shows the recommendation and its reasons', async () => {
    const backend = new FakeBackend([orders]);
    backend.details.set(
      orders.arn,
      functionDetails(orders, {
        recommendation: {
          solution: 'dd-trace-xray',
          applicability: 'one-click',
          reasons: ['AppSync invokes this function: X-Ray traces must be merged with Datadog.'],
        },
      }),
    );
    await renderDetails(backend, orders.arn);
    const recommendation = await screen.findByRole('region', { name: 'Recommendation' });
    expect(within(recommendation).getByText('Datadog + X-Ray merge')).toBeInTheDocument();
    expect(within(recommendation).getByText('AppSync invokes this function: X-Ray traces must be merged with Datadog.')).toBeInTheDocument();
  });

  it('shows the plan as a diff of layers, variables and handler', async () => {
    await renderDetails(new FakeBackend([orders]), orders.arn);
    const diff = await screen.findByTestId('plan-diff');
    expect(diff).toHaveTextContent('+ arn:aws:lambda:eu-west-1:464622532012:layer:Datadog-Extension:100');
    expect(diff).toHaveTextContent('+ DD_SITE = datadoghq.eu');
    expect(diff).toHaveTextContent('~ handler: app.handler → datadog_lambda.handler.handler');
  });

  it('hides environment values the API did not give', async () => {
    const backend = new FakeBackend([orders]);
    backend.details.set(
      orders.arn,
      functionDetails(orders, {
        plan: enablePlan(orders.arn, {
          changes: [
            { kind: 'env-set', key: 'DD_SERVICE', existed: true, before: null, after: 'payments' },
            { kind: 'env-unset', key: 'DD_API_KEY', before: null },
          ],
        }),
      }),
    );
    await renderDetails(backend, orders.arn);
    const diff = await screen.findByTestId('plan-diff');
    expect(diff).toHaveTextContent('~ DD_SERVICE: (value hidden) → payments');
    expect(diff).toHaveTextContent('- DD_API_KEY (was (value hidden))');
  });

  it('lists environment variable names without their values', async () => {
    const backend = new FakeBackend([orders]);
    backend.details.set(
      orders.arn,
      functionDetails(orders, { environmentVariableNames: ['DB_PASSWORD', 'DD_SITE'], disclosedEnvironment: { DD_SITE: 'datadoghq.eu' } }),
    );
    await renderDetails(backend, orders.arn);
    expect(await screen.findByText('DB_PASSWORD')).toBeInTheDocument();
    expect(screen.getByText('DD_SITE=datadoghq.eu')).toBeInTheDocument();
  });

  it('shows the X-Ray mode change', async () => {
    const backend = new FakeBackend([orders]);
    backend.details.set(
      orders.arn,
      functionDetails(orders, {
        plan: enablePlan(orders.arn, { solution: 'xray', changes: [{ kind: 'tracing-mode-changed', before: 'PassThrough', after: 'Active' }] }),
      }),
    );
    await renderDetails(backend, orders.arn);
    expect(await screen.findByTestId('plan-diff')).toHaveTextContent('~ X-Ray tracing mode: PassThrough → Active');
  });

  it('lists blockers and disables Enable with the reason', async () => {
    const backend = new FakeBackend([orders]);
    backend.details.set(
      orders.arn,
      functionDetails(orders, {
        plan: enablePlan(orders.arn, { blockers: [{ code: 'layer-limit', message: 'The function already has 5 layers, the most Lambda allows.' }] }),
      }),
    );
    await renderDetails(backend, orders.arn);
    expect(await screen.findByTestId('plan-diff')).toHaveTextContent('This plan cannot be applied:The function already has 5 layers');
    expect(screen.getByRole('button', { name: 'Enable tracing on orders-api' })).toBeDisabled();
    expect(screen.getByLabelText('Blocked: The function already has 5 layers, the most Lambda allows.')).toBeInTheDocument();
  });

  it('shows the code snippet instead of a button when the runtime needs a code change', async () => {
    const ruby = functionSummary({ name: 'billing-ruby', runtime: 'ruby3.3', runtimeFamily: 'ruby', applicability: 'needs-code-change' });
    const backend = new FakeBackend([ruby]);
    backend.details.set(
      ruby.arn,
      functionDetails(ruby, {
        recommendation: {
          solution: 'dd-trace',
          applicability: 'needs-code-change',
          reasons: ['Ruby handlers must be wrapped in code.'],
          steps: [{ title: 'Wrap the handler', language: 'ruby', snippet: "require 'datadog/lambda'\nDatadog::Lambda.wrap(event, context) { ... }" }],
        },
      }),
    );
    await renderDetails(backend, ruby.arn);
    const how = await screen.findByRole('region', { name: 'How to enable tracing' });
    expect(within(how).getByText(/Datadog::Lambda\.wrap/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Enable tracing on billing-ruby' })).not.toBeInTheDocument();
  });

  it('shows the IaC way next to the one-click path for IaC-managed functions', async () => {
    const cdk = functionSummary({ name: 'cdk-fn', iac: 'cdk' });
    const backend = new FakeBackend([cdk]);
    backend.details.set(
      cdk.arn,
      functionDetails(cdk, {
        recommendation: {
          solution: 'dd-trace',
          applicability: 'one-click',
          reasons: ['Python: dd-trace.'],
          iacSteps: [{ title: 'Add datadog-cdk-constructs', language: 'typescript', snippet: 'new DatadogLambda(this, "Datadog", {...})' }],
        },
      }),
    );
    await renderDetails(backend, cdk.arn);
    const iac = await screen.findByRole('region', { name: 'The CDK way' });
    expect(within(iac).getByText('Add datadog-cdk-constructs')).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Enable tracing on cdk-fn' })).toBeEnabled();
  });

  it('offers rollback when the plugin changed the function', async () => {
    const traced = functionSummary({ name: 'traced-fn', status: 'datadog', applicability: 'already-done', canRollback: true });
    const backend = new FakeBackend([traced]);
    backend.details.set(
      traced.arn,
      functionDetails(traced, { rollbackPlan: enablePlan(traced.arn, { action: 'rollback', changes: [{ kind: 'layer-removed', arn: 'arn:aws:lambda:eu-west-1:464622532012:layer:Datadog-Extension:100' }] }) }),
    );
    const onRollback = vi.fn();
    await renderDetails(backend, traced.arn, { onRollback });
    await userEvent.click(await screen.findByRole('button', { name: 'Roll back tracing on traced-fn' }));
    expect(onRollback).toHaveBeenCalledWith(expect.objectContaining({ arn: traced.arn }));
  });

  it("shows what the plugin did to the function from the audit trail", async () => {
    const backend = new FakeBackend([orders]);
    backend.details.set(
      orders.arn,
      functionDetails(orders, { history: [auditEvent({ functionArn: orders.arn, outcome: 'failed', message: 'RevisionId changed during the update.' })] }),
    );
    await renderDetails(backend, orders.arn);
    const history = await screen.findByRole('list', { name: 'History' });
    expect(history).toHaveTextContent('Enable failed: added 2 layers, set 3 variables, handler redirected');
    expect(history).toHaveTextContent('RevisionId changed during the update.');
  });

  it("shows the backend's message when the function cannot be loaded", async () => {
    const backend = new FakeBackend([orders]);
    failRoute('get', '/functions/:arn', 404, 'NotFoundError', 'No function orders-api in the inventory; refresh the scan.');
    await renderDetails(backend, orders.arn);
    expect(await screen.findByText('Could not load this function: No function orders-api in the inventory; refresh the scan.')).toBeInTheDocument();
  });

  it('loads the function again on Retry after a failure', async () => {
    const backend = new FakeBackend([orders]);
    failRoute('get', '/functions/:arn', 503, 'ServiceUnavailableError', 'The inventory database is restarting; retry in a moment.');
    await renderDetails(backend, orders.arn);
    await screen.findByText(/^Could not load this function: The inventory database is restarting/);
    server.resetHandlers();
    new FakeBackend([orders]);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('region', { name: 'Findings' })).toBeInTheDocument();
  });
});
