// @vitest-environment happy-dom
import type { ReactNode } from 'react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import { EntityTracingCard } from '../../../src/frontend/components/EntityTracingCard';
import { EntityTracingContent } from '../../../src/frontend/components/EntityTracingContent';
import { coverageSummary, functionSummary } from '../fixtures';
import { FakeBackend, FAST_POLL_MS, findRow, renderWithApis } from '../harness';


const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments-team', lifecycle: 'production' },
};

function renderInEntity(element: ReactNode) {
  return renderWithApis(<EntityProvider entity={payments}>{element}</EntityProvider>);
}

describe('Entity tab and card', () => {
  it("asks only for the entity's functions", async () => {
    const backend = new FakeBackend([functionSummary({ name: 'payments-api' })]);
    await renderInEntity(<EntityTracingContent pollIntervalMs={FAST_POLL_MS} />);
    await findRow('payments-api');
    expect(backend.functionQueries[0].get('entityRef')).toBe('component:default/payments');
  });

  it("summarises the entity's coverage", async () => {
    const backend = new FakeBackend([functionSummary({ name: 'payments-api' })]);
    await renderInEntity(<EntityTracingContent pollIntervalMs={FAST_POLL_MS} />);
    await waitFor(() => expect(backend.summaryQueries[0]?.get('entityRef')).toBe('component:default/payments'));
  });

  it('shows the share traced on the overview card', async () => {
    const backend = new FakeBackend([]);
    backend.summary = coverageSummary({ total: 4, traced: 3, byStatus: { datadog: 3, untraced: 1 } });
    await renderInEntity(<EntityTracingCard />);
    expect(await screen.findByText('75% traced')).toBeInTheDocument();
    expect(screen.getByText('3 of 4 functions have tracing')).toBeInTheDocument();
    expect(backend.summaryQueries[0].get('entityRef')).toBe('component:default/payments');
  });

  it('says on the overview card how many of the traced functions sent traces recently', async () => {
    const backend = new FakeBackend([]);
    backend.summary = coverageSummary({ total: 4, traced: 3, byStatus: { datadog: 3, untraced: 1 }, traceEvidence: { seen: 2, noneYet: 1, unknown: 0 } });
    await renderInEntity(<EntityTracingCard />);
    expect(await screen.findByText('2 of 3 traced functions sent traces recently')).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Trace evidence legend' })).toHaveTextContent('Configured, no traces yet: 1');
  });

  it('says so when no function belongs to the entity', async () => {
    const backend = new FakeBackend([]);
    backend.summary = coverageSummary({ total: 0, traced: 0, byStatus: {}, byRuntime: [], byAccount: [], byOwner: [] });
    await renderInEntity(<EntityTracingCard />);
    expect(await screen.findByText('No Lambda functions belong to this entity.')).toBeInTheDocument();
  });
});
