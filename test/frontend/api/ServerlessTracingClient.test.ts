import { http, HttpResponse } from 'msw';
import { ServerlessTracingApiError, ServerlessTracingClient } from '../../../src/frontend/api';
import { campaign, functionDetails, functionSummary, functionsPage, job, jobItem, upgradeCandidates } from '../fixtures';
import { BASE_URL, server } from '../harness';

const client = new ServerlessTracingClient({
  discoveryApi: { getBaseUrl: async pluginId => `http://localhost/api/${pluginId}` },
  fetchApi: { fetch: (input, init) => globalThis.fetch(input, init) },
});
const orders = functionSummary({ name: 'orders-api' });

function recordRequests(method: 'get' | 'post', path: string, body: unknown): Request[] {
  const requests: Request[] = [];
  server.use(
    http[method](`${BASE_URL}${path}`, ({ request }) => {
      requests.push(request.clone());
      return HttpResponse.json(body as any);
    }),
  );
  return requests;
}

describe('ServerlessTracingClient', () => {
  it('finds the backend through discovery under the plugin id', async () => {
    const requests = recordRequests('get', '/summary', {});
    await client.getSummary();
    expect(requests[0].url).toBe(`${BASE_URL}/summary`);
  });

  it('sends list filters as repeated query parameters', async () => {
    const requests = recordRequests('get', '/functions', functionsPage([]));
    await client.listFunctions({ q: 'orders', status: ['untraced', 'misconfigured'], account: ['111111111111'], sort: '-name', offset: 50, limit: 25 });
    expect(new URL(requests[0].url).search).toBe('?q=orders&status=untraced&status=misconfigured&account=111111111111&sort=-name&offset=50&limit=25');
  });

  it('URL-encodes the ARN in function paths', async () => {
    const requests = recordRequests('get', '/functions/:arn', functionDetails(orders));
    await client.getFunction(orders.arn);
    expect(requests[0].url).toBe(`${BASE_URL}/functions/${encodeURIComponent(orders.arn)}`);
  });

  it('reads upgrade candidates and campaigns, and posts a campaign, its Continue and its Cancel', async () => {
    const candidates = recordRequests('get', '/campaigns/candidates', upgradeCandidates());
    const list = recordRequests('get', '/campaigns', []);
    const created = recordRequests('post', '/campaigns', campaign());
    const moved = recordRequests('post', '/campaigns/:id/:action', campaign());
    await client.getUpgradeCandidates();
    await client.listCampaigns(1);
    await client.createCampaign({ staging: { by: 'percentage', firstPercent: 10 }, pauseSeconds: 0 });
    await client.continueCampaign('campaign/1');
    await client.cancelCampaign('campaign-1');
    expect(candidates).toHaveLength(1);
    expect(new URL(list[0].url).search).toBe('?limit=1');
    expect(await created[0].json()).toEqual({ staging: { by: 'percentage', firstPercent: 10 }, pauseSeconds: 0 });
    expect(moved.map(request => request.url)).toEqual([`${BASE_URL}/campaigns/campaign%2F1/continue`, `${BASE_URL}/campaigns/campaign-1/cancel`]);
  });

  it('posts a job request as JSON', async () => {
    const requests = recordRequests('post', '/jobs', job([jobItem(orders.arn)]));
    await client.createJob({ action: 'rollback', functionArns: [orders.arn] });
    expect(await requests[0].json()).toEqual({ action: 'rollback', functionArns: [orders.arn] });
    expect(requests[0].headers.get('content-type')).toBe('application/json');
  });

  it('asks for the plan of a chosen solution', async () => {
    const requests = recordRequests('post', '/functions/:arn/plan', functionDetails(orders).plan);
    await client.planFunction(orders.arn, 'xray');
    expect(await requests[0].json()).toEqual({ solution: 'xray' });
  });

  it("raises the backend's error message with its status and name", async () => {
    server.use(
      http.post(`${BASE_URL}/jobs`, () =>
        HttpResponse.json({ error: { name: 'InputError', message: 'functionArns must not be empty.' } }, { status: 400 }),
      ),
    );
    const failure = await client.createJob({ action: 'enable', functionArns: [] }).catch(e => e);
    expect(failure).toBeInstanceOf(ServerlessTracingApiError);
    expect(failure).toMatchObject({ status: 400, errorName: 'InputError', message: 'functionArns must not be empty.' });
  });

  it('explains an error response without a body', async () => {
    server.use(http.get(`${BASE_URL}/summary`, () => new HttpResponse('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })));
    await expect(client.getSummary()).rejects.toThrow(
      'The serverless-tracing backend answered 502 Bad Gateway without an explanation; check that the backend plugin is installed and running.',
    );
  });

  it('treats a missing latest scan as never scanned', async () => {
    server.use(
      http.get(`${BASE_URL}/scans/latest`, () => HttpResponse.json({ error: { name: 'NotFoundError', message: 'No scan yet.' } }, { status: 404 })),
    );
    expect(await client.getLatestScan()).toBeNull();
  });
});
