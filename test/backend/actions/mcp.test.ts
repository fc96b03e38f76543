// The plugin's actions as an agent reaches them: through the MCP actions backend in the same test
// backend, with an MCP client over streamable HTTP. It lists and plans, and as a signed-in user
// enables one function; a service principal may read but not change anything.
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import request from 'supertest';
import serverlessTracingPlugin from '../../../src/backend';
import { startSandbox } from '../../../dev/sandbox/server';
import { sandboxConfig, scanned, type Sandbox } from '../helpers/harness';

let sandbox: Sandbox;
let stop: () => Promise<void>;
let baseUrl: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, updateDelayMs: 20 });
  const config = sandboxConfig(sandbox, { backend: { actions: { pluginSources: ['serverless-tracing'] } } });
  const backend = await startTestBackend({
    features: [
      serverlessTracingPlugin,
      import('@backstage/plugin-mcp-actions-backend'),
      mockServices.rootConfig.factory({ data: config as JsonObject }),
      catalogServiceMock.factory({ entities: [] }),
    ],
  });
  stop = () => backend.stop();
  baseUrl = `http://localhost:${(backend.server.address() as AddressInfo).port}`;
  await scanned(request(backend.server));
});

afterAll(async () => {
  await stop?.();
  await sandbox?.close();
});

async function connect(authorization: string): Promise<Client> {
  const client = new Client({ name: 'serverless-tracing-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${baseUrl}/api/mcp-actions/v1`), { requestInit: { headers: { authorization } } }),
  );
  return client;
}

type ToolResult = { isError?: boolean; content: Array<{ type: string; text?: string }>; structuredContent?: Record<string, any> };
const outputOf = (result: ToolResult) => (result.structuredContent ?? JSON.parse(result.content[0].text!)) as Record<string, any>;

describe('the serverless-tracing actions over MCP', () => {
  it('are listed with descriptions and honest read-only / destructive hints', async () => {
    const client = await connect(mockCredentials.user.header());
    const { tools } = await client.listTools();
    const ours = Object.fromEntries(tools.filter(t => /list-functions|plan|enable|rollback/.test(t.name)).map(t => [t.name.replace(/^.*[.:]/, ''), t]));
    expect(Object.keys(ours).sort()).toEqual(['enable', 'list-functions', 'plan', 'rollback']);
    expect(ours['list-functions'].annotations).toMatchObject({ readOnlyHint: true });
    expect(ours.plan.annotations).toMatchObject({ readOnlyHint: true });
    expect(ours.enable.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(ours.rollback.annotations).toMatchObject({ destructiveHint: true });
    expect(ours.enable.description).toMatch(/signed-in user/);
    await client.close();
  });

  it('lists, plans and, as a signed-in user, enables one function', async () => {
    const client = await connect(mockCredentials.user.header());
    const { tools } = await client.listTools();
    const tool = (name: string) => tools.find(t => t.name.endsWith(name))!.name;

    const listed = outputOf((await client.callTool({
      name: tool('list-functions'),
      arguments: { status: ['untraced'], runtime: ['python'], applicability: ['one-click'], limit: 5 },
    })) as ToolResult);
    expect(listed.total).toBeGreaterThan(0);
    const target = listed.items[0];
    expect(target).toMatchObject({ status: 'untraced', applicability: 'one-click' });

    const planned = outputOf((await client.callTool({ name: tool('plan'), arguments: { functionArn: target.arn } })) as ToolResult);
    expect(planned.plan.blockers).toEqual([]);
    expect(planned.plan.changes.some((c: { kind: string }) => c.kind === 'layer-added')).toBe(true);

    const enabled = outputOf((await client.callTool({
      name: tool('enable'),
      arguments: { functionArns: [target.arn], waitSeconds: 30 },
    })) as ToolResult);
    expect(enabled).toMatchObject({ state: 'succeeded', finished: true, items: [{ functionArn: target.arn, state: 'succeeded' }] });
    const live = sandbox.state.allFunctions().find(fn => fn.config.FunctionArn === target.arn)!;
    expect(live.config.Layers?.some(l => l.Arn?.includes('Datadog-Extension'))).toBe(true);
    await client.close();
  });

  it('refuses a change from a service principal, which may still read', async () => {
    const client = await connect(mockCredentials.service.header());
    const { tools } = await client.listTools();
    const tool = (name: string) => tools.find(t => t.name.endsWith(name))!.name;
    const listed = outputOf((await client.callTool({ name: tool('list-functions'), arguments: { limit: 1 } })) as ToolResult);
    const refused = (await client.callTool({ name: tool('enable'), arguments: { functionArns: [listed.items[0].arn] } })) as ToolResult;
    expect(refused.isError).toBe(true);
    expect(refused.content[0].text).toMatch(/Only signed-in users may enable tracing/);
    await client.close();
  });
});
