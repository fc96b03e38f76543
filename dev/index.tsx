// The frontend dev app of the dev portal (`npm run dev`): the plugin's page, and the entity tab and
// card for a demo catalog component, all talking to the dev backend on http://localhost:7007.
import React from 'react';
import { createDevApp } from '@backstage/dev-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import {
  EntityServerlessTracingCard,
  EntityServerlessTracingContent,
  ServerlessTracingPage,
  serverlessTracingPlugin,
} from '../src/frontend';

// A catalog component owning the seed organisation's payments functions by name pattern.
const paymentsComponent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: { 'serverless-tracing.io/lambda-functions': 'payments-*' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/payments-team' },
};

createDevApp()
  .registerPlugin(serverlessTracingPlugin)
  .addPage({ path: '/serverless-tracing', title: 'Serverless tracing', element: <ServerlessTracingPage /> })
  .addPage({
    path: '/entity-tab',
    title: 'Entity tab (payments)',
    element: (
      <EntityProvider entity={paymentsComponent}>
        <div style={{ padding: 24, display: 'grid', gap: 24 }}>
          <EntityServerlessTracingCard />
          <EntityServerlessTracingContent />
        </div>
      </EntityProvider>
    ),
  })
  .render();
