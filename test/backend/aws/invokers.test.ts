import { invokerFromEventSourceArn, invokersFromPolicy } from '../../../src/backend/aws/invokers';
import { unqualifiedFunctionArn } from '../../../src/common/arn';

describe('invokerFromEventSourceArn', () => {
  it.each([
    ['arn:aws:sqs:us-east-1:111111111111:orders', 'sqs'],
    ['arn:aws:kinesis:us-east-1:111111111111:stream/clicks', 'kinesis'],
    ['arn:aws:dynamodb:us-east-1:111111111111:table/t/stream/2024-01-01T00:00:00.000', 'dynamodb'],
    ['arn:aws:kafka:us-east-1:111111111111:cluster/c/abc', 'other'],
    ['arn:aws:mq:us-east-1:111111111111:broker:b:id', 'other'],
  ])('maps %s to %s', (arn, invoker) => {
    expect(invokerFromEventSourceArn(arn)).toBe(invoker);
  });

  it('calls a self-managed source without an ARN "other"', () => {
    expect(invokerFromEventSourceArn(undefined)).toBe('other');
  });
});

describe('invokersFromPolicy', () => {
  const policy = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

  it('names the invokers of the allowed service principals, once each', () => {
    const json = policy([
      { Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'lambda:InvokeFunction' },
      { Effect: 'Allow', Principal: { Service: ['states.amazonaws.com', 'appsync.amazonaws.com'] } },
      { Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' } },
      { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } },
      { Effect: 'Allow', Principal: { Service: 'elasticloadbalancing.amazonaws.com' } },
      { Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' } },
      { Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' } },
    ]);
    expect(invokersFromPolicy(json)).toEqual(['apigateway', 'stepfunctions', 'appsync', 'eventbridge', 'alb', 'sns', 's3']);
  });

  it('calls unknown services "other" and ignores account principals and Deny statements', () => {
    const json = policy([
      { Effect: 'Allow', Principal: { Service: 'iot.amazonaws.com' } },
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' } },
      { Effect: 'Deny', Principal: { Service: 'sns.amazonaws.com' } },
    ]);
    expect(invokersFromPolicy(json)).toEqual(['other']);
  });

  it('accepts a single statement object and tolerates a missing or broken policy', () => {
    expect(invokersFromPolicy(JSON.stringify({ Statement: { Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' } } }))).toEqual(['sns']);
    expect(invokersFromPolicy(undefined)).toEqual([]);
    expect(invokersFromPolicy('{not json')).toEqual([]);
  });
});

describe('unqualifiedFunctionArn', () => {
  it('drops a version or alias qualifier', () => {
    expect(unqualifiedFunctionArn('arn:aws:lambda:us-east-1:111111111111:function:api:live')).toBe(
      'arn:aws:lambda:us-east-1:111111111111:function:api',
    );
  });
});
