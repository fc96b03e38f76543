// Reading who invokes a function from the services that do: how each names the function, and the
// whole of bulk discovery against the sandbox's org with the real SDK clients.
import { functionArnOf } from '../../../src/backend/aws/discovery/references';
import { functionsInDefinition } from '../../../src/backend/aws/discovery/stateMachines';
import { startSandbox, type Sandbox } from '../../../dev/sandbox/server';
import { setDiscoveryFailure } from '../../../dev/sandbox/discovery-api';
import { sandboxGateway } from './sandboxGateway';

const target = { accountId: '111111111111', region: 'us-east-1', partition: 'aws' };
const fn = (name: string, account = '111111111111') => `arn:aws:lambda:us-east-1:${account}:function:${name}`;

describe('functionArnOf', () => {
  it.each([
    [fn('orders'), fn('orders')],
    [`${fn('orders')}:live`, fn('orders')],
    ['222222222222:function:orders:3', fn('orders', '222222222222')],
    ['orders', fn('orders')],
    ['orders:$LATEST', fn('orders')],
    [`arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn('orders')}/invocations`, fn('orders')],
  ])('reads %s as %s', (reference, arn) => {
    expect(functionArnOf(reference, target)).toBe(arn);
  });

  it.each(['arn:aws:sqs:us-east-1:111111111111:queue', 'https://example.com/{proxy}', '${stageVariables.fn}', undefined])('names no function in %s', reference => {
    expect(functionArnOf(reference, target)).toBeUndefined();
  });
});

describe('functionsInDefinition', () => {
  const task = (extra: object) => ({ Type: 'Task', End: true, ...extra });

  it('finds functions invoked by ARN, through lambda:invoke and inside Parallel branches and Map iterators', () => {
    const definition = JSON.stringify({
      StartAt: 'A',
      States: {
        A: task({ Resource: fn('a') }),
        B: task({ Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: fn('b'), 'Payload.$': '$' } }),
        C: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'C1', States: { C1: task({ Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'c' } }) } }] },
        D: { Type: 'Map', End: true, ItemProcessor: { StartAt: 'D1', States: { D1: task({ Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: '111111111111:function:d:live' } }) } } },
        E: { Type: 'Map', End: true, Iterator: { StartAt: 'E1', States: { E1: task({ Resource: fn('e') }) } } },
        F: task({ Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: 'q' } }),
      },
    });
    expect(functionsInDefinition(definition, target)).toEqual({ functionArns: [fn('a'), fn('b'), fn('c'), fn('d'), fn('e')], dynamicTargets: 0 });
  });

  it('counts a function chosen at run time instead of guessing it', () => {
    const definition = JSON.stringify({ StartAt: 'A', States: { A: task({ Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'FunctionName.$': '$.fn' } }) } });
    expect(functionsInDefinition(definition, target)).toEqual({ functionArns: [], dynamicTargets: 1 });
  });
});

describe('bulk discovery against the sandbox', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(async () => {
    await sandbox.close();
  });

  const BULK_PRINCIPALS: Record<string, string> = {
    'states.amazonaws.com': 'stepfunctions',
    'appsync.amazonaws.com': 'appsync',
    'apigateway.amazonaws.com': 'apigateway',
    'events.amazonaws.com': 'eventbridge',
    'sns.amazonaws.com': 'sns',
  };

  it('finds exactly the invokers each function\'s policy allows, except S3 (no bulk listing)', async () => {
    const gateway = sandboxGateway(sandbox);
    for (const account of sandbox.org.accounts) {
      for (const region of account.regions) {
        const discovery = await gateway.discoverInvokers({ accountId: account.accountId, region });
        expect(discovery.failed).toEqual([]);
        for (const stored of sandbox.state.functions(account.accountId, region)) {
          const expected = stored.policyPrincipals.flatMap(p => (BULK_PRINCIPALS[p] ? [BULK_PRINCIPALS[p]] : [])).sort();
          expect([...(discovery.invokers.get(stored.config.FunctionArn!) ?? [])].sort()).toEqual(expected);
        }
      }
    }
    gateway.destroy();
  });

  it('names a source it may not read as a gap and still reads the others', async () => {
    setDiscoveryFailure(sandbox.state, '111111111111', 'us-east-1', 'states', 'AccessDeniedException');
    const gateway = sandboxGateway(sandbox);
    const discovery = await gateway.discoverInvokers({ accountId: '111111111111', region: 'us-east-1' });
    expect(discovery.failed).toEqual([{ source: 'step-functions', reason: expect.stringMatching(/^Access denied listing state machines .*states:ListStateMachines/) }]);
    expect(discovery.read).toEqual(['appsync', 'api-gateway-rest', 'api-gateway-http', 'eventbridge', 'sns']);
    gateway.destroy();
  });
});
