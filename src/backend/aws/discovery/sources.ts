// One bulk reader per invoking service: a few listing calls per account-region (and one per state
// machine, API or rule), never one per function. Each returns [function ARN, invoker] pairs.
import { DescribeStateMachineCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { AppSyncClient, ListDataSourcesCommand, ListGraphqlApisCommand } from '@aws-sdk/client-appsync';
import { APIGatewayClient, GetResourcesCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, GetApisCommand, GetIntegrationsCommand } from '@aws-sdk/client-apigatewayv2';
import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { ListSubscriptionsCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Invoker, InvokerSource } from '../../../common/model';
import type { Operation } from '../errors';
import type { AccountRegion } from '../types';
import { functionArnOf } from './references';
import { functionsInDefinition } from './stateMachines';

export type Found = Array<[functionArn: string, invoker: Invoker]>;

/** What a source needs: the target, a rate-limited, retried call, and its SDK client. */
export interface SourceContext<C> {
  target: AccountRegion & { partition: string };
  client: C;
  call<T>(operation: Operation, send: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

export interface InvokerSourceReader<C> {
  source: InvokerSource;
  /** The SDK client it uses. */
  service: 'states' | 'appsync' | 'apigateway' | 'apigatewayv2' | 'events' | 'sns';
  /**
   * The quota its calls count against, per account-region: the SigV4 signing name, which AWS meters
   * by. API Gateway's REST (v1) and HTTP (v2) management APIs both sign as apigateway and share
   * API Gateway's account quota, so the two readers share one bucket.
   */
  quota: 'states' | 'appsync' | 'apigateway' | 'events' | 'sns';
  read(context: SourceContext<C>): Promise<Found>;
}

/** Every page of a token-paged listing. */
async function allPages<P>(fetch: (token: string | undefined) => Promise<P>, next: (page: P) => string | undefined): Promise<P[]> {
  const pages: P[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    pages.push(page);
    token = next(page) || undefined;
  } while (token);
  return pages;
}

export const stepFunctions: InvokerSourceReader<SFNClient> = {
  source: 'step-functions',
  service: 'states',
  quota: 'states',
  async read({ target, client, call }) {
    const list = { description: 'listing state machines', iamAction: 'states:ListStateMachines' };
    const pages = await allPages(
      token => call(list, signal => client.send(new ListStateMachinesCommand({ nextToken: token, maxResults: 1000 }), { abortSignal: signal })),
      page => page.nextToken,
    );
    const found: Found = [];
    for (const machine of pages.flatMap(page => page.stateMachines ?? [])) {
      const describe = { description: `reading state machine ${machine.name}`, iamAction: 'states:DescribeStateMachine' };
      const answer = await call(describe, signal => client.send(new DescribeStateMachineCommand({ stateMachineArn: machine.stateMachineArn }), { abortSignal: signal }));
      for (const arn of functionsInDefinition(answer.definition, target).functionArns) found.push([arn, 'stepfunctions']);
    }
    return found;
  },
};

export const appSync: InvokerSourceReader<AppSyncClient> = {
  source: 'appsync',
  service: 'appsync',
  quota: 'appsync',
  async read({ target, client, call }) {
    const list = { description: 'listing GraphQL APIs', iamAction: 'appsync:ListGraphqlApis' };
    const apis = (await allPages(
      token => call(list, signal => client.send(new ListGraphqlApisCommand({ nextToken: token, maxResults: 25 }), { abortSignal: signal })),
      page => page.nextToken,
    )).flatMap(page => page.graphqlApis ?? []);
    const found: Found = [];
    for (const api of apis) {
      const sources = { description: `listing the data sources of GraphQL API ${api.name}`, iamAction: 'appsync:ListDataSources' };
      const pages = await allPages(
        token => call(sources, signal => client.send(new ListDataSourcesCommand({ apiId: api.apiId, nextToken: token, maxResults: 25 }), { abortSignal: signal })),
        page => page.nextToken,
      );
      for (const dataSource of pages.flatMap(page => page.dataSources ?? [])) {
        const arn = dataSource.type === 'AWS_LAMBDA' ? functionArnOf(dataSource.lambdaConfig?.lambdaFunctionArn, target) : undefined;
        if (arn) found.push([arn, 'appsync']);
      }
    }
    return found;
  },
};

export const restApis: InvokerSourceReader<APIGatewayClient> = {
  source: 'api-gateway-rest',
  service: 'apigateway',
  quota: 'apigateway',
  async read({ target, client, call }) {
    const list = { description: 'listing REST APIs', iamAction: 'apigateway:GET' };
    const apis = (await allPages(
      position => call(list, signal => client.send(new GetRestApisCommand({ position, limit: 500 }), { abortSignal: signal })),
      page => page.position,
    )).flatMap(page => page.items ?? []);
    const found: Found = [];
    for (const api of apis) {
      const resources = { description: `listing the resources of REST API ${api.name}`, iamAction: 'apigateway:GET' };
      const pages = await allPages(
        position => call(resources, signal => client.send(new GetResourcesCommand({ restApiId: api.id, position, limit: 500, embed: ['methods'] }), { abortSignal: signal })),
        page => page.position,
      );
      for (const resource of pages.flatMap(page => page.items ?? [])) {
        for (const method of Object.values(resource.resourceMethods ?? {})) {
          const integration = method.methodIntegration;
          const arn = integration?.type === 'AWS' || integration?.type === 'AWS_PROXY' ? functionArnOf(integration.uri, target) : undefined;
          if (arn) found.push([arn, 'apigateway']);
        }
      }
    }
    return found;
  },
};

export const httpApis: InvokerSourceReader<ApiGatewayV2Client> = {
  source: 'api-gateway-http',
  service: 'apigatewayv2',
  quota: 'apigateway',
  async read({ target, client, call }) {
    const list = { description: 'listing HTTP and WebSocket APIs', iamAction: 'apigateway:GET' };
    const apis = (await allPages(
      token => call(list, signal => client.send(new GetApisCommand({ NextToken: token, MaxResults: '500' }), { abortSignal: signal })),
      page => page.NextToken,
    )).flatMap(page => page.Items ?? []);
    const found: Found = [];
    for (const api of apis) {
      const integrations = { description: `listing the integrations of API ${api.Name}`, iamAction: 'apigateway:GET' };
      const pages = await allPages(
        token => call(integrations, signal => client.send(new GetIntegrationsCommand({ ApiId: api.ApiId, NextToken: token, MaxResults: '500' }), { abortSignal: signal })),
        page => page.NextToken,
      );
      for (const integration of pages.flatMap(page => page.Items ?? [])) {
        const arn = integration.IntegrationType === 'AWS_PROXY' || integration.IntegrationType === 'AWS' ? functionArnOf(integration.IntegrationUri, target) : undefined;
        if (arn) found.push([arn, 'apigateway']);
      }
    }
    return found;
  },
};

export const eventBridge: InvokerSourceReader<EventBridgeClient> = {
  source: 'eventbridge',
  service: 'events',
  quota: 'events',
  async read({ target, client, call }) {
    const list = { description: 'listing EventBridge rules', iamAction: 'events:ListRules' };
    const rules = (await allPages(
      token => call(list, signal => client.send(new ListRulesCommand({ NextToken: token, Limit: 100 }), { abortSignal: signal })),
      page => page.NextToken,
    )).flatMap(page => page.Rules ?? []);
    const found: Found = [];
    for (const rule of rules) {
      const targets = { description: `listing the targets of EventBridge rule ${rule.Name}`, iamAction: 'events:ListTargetsByRule' };
      const pages = await allPages(
        token => call(targets, signal => client.send(new ListTargetsByRuleCommand({ Rule: rule.Name, EventBusName: rule.EventBusName, NextToken: token, Limit: 100 }), { abortSignal: signal })),
        page => page.NextToken,
      );
      for (const ruleTarget of pages.flatMap(page => page.Targets ?? [])) {
        const arn = functionArnOf(ruleTarget.Arn?.includes(':lambda:') ? ruleTarget.Arn : undefined, target);
        if (arn) found.push([arn, 'eventbridge']);
      }
    }
    return found;
  },
};

export const snsSubscriptions: InvokerSourceReader<SNSClient> = {
  source: 'sns',
  service: 'sns',
  quota: 'sns',
  async read({ target, client, call }) {
    const list = { description: 'listing SNS subscriptions', iamAction: 'sns:ListSubscriptions' };
    const pages = await allPages(
      token => call(list, signal => client.send(new ListSubscriptionsCommand({ NextToken: token }), { abortSignal: signal })),
      page => page.NextToken,
    );
    const found: Found = [];
    for (const subscription of pages.flatMap(page => page.Subscriptions ?? [])) {
      const arn = subscription.Protocol === 'lambda' ? functionArnOf(subscription.Endpoint, target) : undefined;
      if (arn) found.push([arn, 'sns']);
    }
    return found;
  },
};
