import { screen, within } from '@testing-library/react';
import { FunctionDetails } from '../../../src/frontend/components/FunctionDetails';
import { TracingPage } from '../../../src/frontend/components/TracingPage';
import { functionSummary } from '../fixtures';
import { FakeBackend, FAST_POLL_MS, findRow, renderWithApis, user } from '../harness';

const traced = functionSummary({ name: 'payments-api', status: 'datadog', applicability: 'already-done' });
const untraced = functionSummary({ name: 'orders-api' });
const CONSOLE = 'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/';

function renderDrawer(arn: string, datadogSite?: string) {
  return renderWithApis(<FunctionDetails arn={arn} refreshKey={0} onClose={() => {}} onEnable={() => {}} onRollback={() => {}} datadogSite={datadogSite} />);
}

describe('Links out in the details', () => {
  it('links to the AWS console and, for a Datadog-traced function, to its Datadog view on the configured site', async () => {
    new FakeBackend([traced]);
    await renderDrawer(traced.arn, 'datadoghq.eu');
    const links = await screen.findByRole('navigation', { name: 'Links out' });
    expect(within(links).getByRole('link', { name: 'Open in AWS console' })).toHaveAttribute('href', `${CONSOLE}payments-api`);
    expect(within(links).getByRole('link', { name: 'Open in Datadog' })).toHaveAttribute(
      'href',
      'https://app.datadoghq.eu/functions?cloud=aws&text_search=payments-api',
    );
    expect(within(links).getByRole('link', { name: 'Open in AWS console' })).toHaveAttribute('target', '_blank');
  });

  it('offers no Datadog link for a function Datadog does not trace', async () => {
    new FakeBackend([untraced]);
    await renderDrawer(untraced.arn, 'datadoghq.eu');
    const links = await screen.findByRole('navigation', { name: 'Links out' });
    expect(within(links).getAllByRole('link').map(link => link.textContent)).toEqual(['Open in AWS console']);
  });

  it('offers no Datadog link while the site is not known yet', async () => {
    new FakeBackend([traced]);
    await renderDrawer(traced.arn);
    const links = await screen.findByRole('navigation', { name: 'Links out' });
    expect(within(links).queryByRole('link', { name: 'Open in Datadog' })).not.toBeInTheDocument();
  });
});

describe('Links out in the table', () => {
  it('each row has a menu with the same links, on the site the functions page names', async () => {
    new FakeBackend([traced, untraced]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    const row = await findRow('payments-api');
    await user.click(within(row).getByRole('button', { name: 'More for payments-api' }));
    const menu = await screen.findByRole('menu');
    expect(within(menu).getByRole('menuitem', { name: 'Open in AWS console' })).toHaveAttribute('href', `${CONSOLE}payments-api`);
    // The fake page says datadoghq.com, as the dev backend's default configuration.
    expect(within(menu).getByRole('menuitem', { name: 'Open in Datadog' })).toHaveAttribute(
      'href',
      'https://app.datadoghq.com/functions?cloud=aws&text_search=payments-api',
    );
  });

  it('opening the menu does not open the details', async () => {
    new FakeBackend([untraced]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    const row = await findRow('orders-api');
    await user.click(within(row).getByRole('button', { name: 'More for orders-api' }));
    const menu = await screen.findByRole('menu');
    expect(within(menu).getAllByRole('menuitem').map(item => item.textContent)).toEqual(['Open in AWS console']);
    expect(screen.queryByRole('button', { name: 'Close details' })).not.toBeInTheDocument();
  });
});
