// Tech Insights facts about each catalog entity's Lambda functions, so scorecards can require that
// "all functions of this component are traced". The figures come from the plugin's own API (the same
// the entity tab shows), for every entity that claims functions with the plugin's annotations.
import { createBackendModule } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS, CatalogClient } from '@backstage/catalog-client';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  techInsightsFactRetrieversExtensionPoint,
  type FactRetriever,
  type TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import type { FunctionSummary } from '../common/api';
import { createBackendClient, type ServerlessTracingBackendClient } from './pluginClient';

// The annotations by which an entity claims functions (see the README's "Owners").
const CLAIMING_ANNOTATIONS = ['serverless-tracing.io/lambda-functions', 'aws.com/lambda-function-name'];
const PAGE = 500;

export const SERVERLESS_TRACING_FACT_RETRIEVER_ID = 'serverless-tracing-functions';

/** The facts of one entity, from its functions as the plugin knows them. */
export async function entityFacts(client: ServerlessTracingBackendClient, entityRef: string) {
  const functions: FunctionSummary[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await client.listFunctions({ entityRef, offset, limit: PAGE });
    functions.push(...page.items);
    if (functions.length >= page.total || page.items.length === 0) break;
  }
  const summary = await client.summary(entityRef);
  const count = (status: FunctionSummary['status']) => functions.filter(fn => fn.status === status).length;
  return {
    totalFunctions: summary.total,
    tracedFunctions: summary.traced,
    untracedFunctions: count('untraced'),
    misconfiguredFunctions: count('misconfigured'),
    driftedFunctions: count('drifted'),
    otherVendorFunctions: count('other'),
    outdatedLayerFunctions: functions.filter(fn => fn.findings.some(f => f.code === 'outdated-layer')).length,
    allFunctionsTraced: summary.total > 0 && summary.traced === summary.total,
    // Configuration is not observation: traced functions whose backend received traces recently, and
    // those configured with none received yet (those that could not be checked are in neither).
    tracesSeenFunctions: summary.traceEvidence?.seen ?? 0,
    noTracesYetFunctions: summary.traceEvidence?.noneYet ?? 0,
  };
}

export function createServerlessTracingFactRetriever(options: {
  client?: ServerlessTracingBackendClient;
  catalog?: Pick<CatalogClient, 'getEntities'>;
} = {}): FactRetriever {
  return {
    id: SERVERLESS_TRACING_FACT_RETRIEVER_ID,
    version: '0.1.0',
    title: 'Serverless tracing',
    description: "Tracing coverage of the AWS Lambda functions an entity claims, as the serverless-tracing plugin sees them.",
    schema: {
      totalFunctions: { type: 'integer', description: 'Functions the entity claims.' },
      tracedFunctions: { type: 'integer', description: 'Of them, traced (Datadog, X-Ray or both).' },
      untracedFunctions: { type: 'integer', description: 'Of them, with no tracing.' },
      misconfiguredFunctions: { type: 'integer', description: 'Of them, with tracing set up wrongly.' },
      driftedFunctions: { type: 'integer', description: 'Of them, enabled by the plugin and since changed so they lack part of what it applied.' },
      otherVendorFunctions: { type: 'integer', description: 'Of them, traced by another vendor.' },
      outdatedLayerFunctions: { type: 'integer', description: 'Of them, on Datadog layers older than the configured versions.' },
      allFunctionsTraced: { type: 'boolean', description: 'The entity claims functions and every one is traced.' },
      tracesSeenFunctions: { type: 'integer', description: 'Of the traced ones, those whose tracing backend (Datadog or X-Ray) received traces recently.' },
      noTracesYetFunctions: { type: 'integer', description: 'Of the traced ones, those configured whose backend received no traces recently.' },
    },
    async handler(ctx) {
      const client = options.client ?? createBackendClient({ discovery: ctx.discovery, auth: ctx.auth });
      const catalog = options.catalog ?? new CatalogClient({ discoveryApi: ctx.discovery });
      const { token } = await ctx.auth.getPluginRequestToken({
        onBehalfOf: await ctx.auth.getOwnServiceCredentials(),
        targetPluginId: 'catalog',
      });
      const { items } = await catalog.getEntities(
        {
          filter: CLAIMING_ANNOTATIONS.map(a => ({ [`metadata.annotations.${a}`]: CATALOG_FILTER_EXISTS })),
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { token },
      );
      const facts: TechInsightFact[] = [];
      for (const entity of items) {
        const ref = stringifyEntityRef(entity);
        const { kind, namespace, name } = parseEntityRef(ref);
        facts.push({ entity: { kind, namespace, name }, facts: await entityFacts(client, ref) });
      }
      return facts;
    },
  };
}

/** `backend.add(import('@serverless-tracing/backstage-plugin-tech-insights-module'))` */
export default createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'serverless-tracing',
  register(env) {
    env.registerInit({
      deps: { retrievers: techInsightsFactRetrieversExtensionPoint },
      async init({ retrievers }) {
        retrievers.addFactRetrievers({ [SERVERLESS_TRACING_FACT_RETRIEVER_ID]: createServerlessTracingFactRetriever() });
      },
    });
  },
});
