// Input a client should never send, answered 4xx with a message a person can act on — never a 500, a
// 503, an answer about a different function, or a forged line in the backend's log.
import { mockServices } from '@backstage/backend-test-utils';
import { startSandbox } from '../../../dev/sandbox/server';
import { fnPath, scanned, startPlugin, type PluginHarness, type Sandbox } from '../helpers/harness';

const BASE = '/api/serverless-tracing';

let sandbox: Sandbox;
let harness: PluginHarness;
const logger = mockServices.logger.mock();

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  harness = await startPlugin({ sandbox, services: [logger.factory] });
  await scanned(harness.api);
});

afterAll(async () => {
  await harness?.stop();
  await sandbox?.close();
});

const commercial = () => sandbox.state.allFunctions().find(fn => fn.config.FunctionArn!.startsWith('arn:aws:lambda:us-east-1:'))!.config.FunctionArn!;
const govCloud = () => sandbox.state.allFunctions().find(fn => fn.config.FunctionArn!.startsWith('arn:aws-us-gov:'))!.config.FunctionArn!;

describe('GET /functions paging', () => {
  it.each(['1e20', '0x10', '-1', '1.5', ' 7', '99999999999999999999'])('answers 400 naming offset for offset=%s', async offset => {
    const { body } = await harness.api.get(`${BASE}/functions?offset=${encodeURIComponent(offset)}`).expect(400);
    expect(body.error).toEqual({ name: 'InputError', message: expect.stringContaining('offset') });
  });

  it('answers 400 for offset given as an array', async () => {
    const { body } = await harness.api.get(`${BASE}/functions?offset[0]=1`).expect(400);
    expect(body.error.message).toContain('offset');
  });

  it('answers 400 for an offset given twice', async () => {
    await harness.api.get(`${BASE}/functions?offset=1&offset=2`).expect(400);
  });

  it('answers 400 for limit=1e2', async () => {
    const { body } = await harness.api.get(`${BASE}/functions?limit=1e2`).expect(400);
    expect(body.error.message).toContain('limit');
  });

  it('still pages with a plain decimal offset beyond the last function', async () => {
    const { body } = await harness.api.get(`${BASE}/functions?offset=1000000000`).expect(200);
    expect(body.items).toEqual([]);
  });
});

describe('entity references', () => {
  it('answers 400 for an entity reference with a line break, and logs no line of its own for it', async () => {
    const forged = 'component:default/x\r\n2026-01-01T00:00:00.000Z error forged line';
    const { body } = await harness.api.get(`${BASE}/functions?entityRef=${encodeURIComponent(forged)}`).expect(400);
    expect(body.error.message).toContain('entityRef');
    const logged = [...logger.error.mock.calls, ...logger.warn.mock.calls, ...logger.info.mock.calls].map(call => String(call[0]));
    expect(logged.some(line => line.includes('forged line'))).toBe(false);
  });

  it('answers 400 on /summary too', async () => {
    await harness.api.get(`${BASE}/summary?entityRef=${encodeURIComponent('a b')}`).expect(400);
  });
});

describe('ARNs of another partition', () => {
  it('answers 400 for an aws-cn ARN of a commercial region instead of reading the commercial function', async () => {
    const arn = commercial().replace('arn:aws:', 'arn:aws-cn:');
    const { body } = await harness.api.get(fnPath(arn)).expect(400);
    expect(body.error.message).toContain('arn:aws:lambda:');
  });

  it('answers 400 for an aws ARN of a GovCloud region', async () => {
    const arn = govCloud().replace('arn:aws-us-gov:', 'arn:aws:');
    const { body } = await harness.api.get(fnPath(arn)).expect(400);
    expect(body.error.message).toContain('arn:aws-us-gov:lambda:');
  });

  it('answers 400 for such an ARN in a job, starting nothing', async () => {
    const arn = commercial().replace('arn:aws:', 'arn:aws-cn:');
    await harness.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: [arn] }).expect(400);
  });

  it('still reads the function by its own ARN', async () => {
    await harness.api.get(fnPath(govCloud())).expect(200);
  });
});

describe('request bodies', () => {
  it('answers 400 for a plan body sent as text/plain, even one that would parse', async () => {
    const { body } = await harness.api.post(`${fnPath(commercial())}/plan`).set('content-type', 'text/plain').send('{"solution":"magic"}').expect(400);
    expect(body.error.message).toContain('application/json');
  });

  it('answers 400 for a job body sent as text/plain', async () => {
    await harness.api
      .post(`${BASE}/jobs`)
      .set('content-type', 'text/plain')
      .send(JSON.stringify({ action: 'enable', functionArns: [commercial()] }))
      .expect(400);
  });

  it('takes a POST without a body', async () => {
    await harness.api.post(`${fnPath(commercial())}/plan`).expect(200);
  });
});
