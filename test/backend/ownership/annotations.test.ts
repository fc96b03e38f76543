import type { Entity } from '@backstage/catalog-model';
import { claimStrength, globMatches, selectorOf } from '../../../src/backend/ownership/annotations';

function component(annotations: Record<string, string>): Entity {
  return { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'payments', annotations }, spec: {} };
}

const fn = (name: string, region = 'us-east-1', account = '111111111111') => ({
  FunctionName: name,
  FunctionArn: `arn:aws:lambda:${region}:${account}:function:${name}`,
});

describe('selectorOf', () => {
  it('splits the annotation on commas and newlines into ARNs and name patterns', () => {
    const selector = selectorOf(
      component({
        'serverless-tracing.io/lambda-functions': 'payments-*, arn:aws:lambda:us-east-1:111111111111:function:ledger\n refunds-api ',
      }),
    );
    expect(selector).toEqual({
      arns: ['arn:aws:lambda:us-east-1:111111111111:function:ledger'],
      namePatterns: ['payments-*', 'refunds-api'],
    });
  });

  it('drops the version or alias qualifier of an ARN', () => {
    const selector = selectorOf(component({ 'serverless-tracing.io/lambda-functions': 'arn:aws:lambda:us-east-1:111111111111:function:ledger:prod' }));
    expect(selector.arns).toEqual(['arn:aws:lambda:us-east-1:111111111111:function:ledger']);
  });

  it('reads the Roadie annotations as a name restricted to a region', () => {
    const selector = selectorOf(component({ 'aws.com/lambda-function-name': 'checkout', 'aws.com/lambda-region': 'eu-west-1' }));
    expect(selector).toEqual({ arns: [], namePatterns: ['checkout'], region: 'eu-west-1' });
  });

  it('is empty for an entity without the annotations', () => {
    expect(selectorOf(component({}))).toEqual({ arns: [], namePatterns: [] });
  });
});

describe('claimStrength', () => {
  const selector = { arns: ['arn:aws:lambda:us-east-1:111111111111:function:ledger'], namePatterns: ['pay*'] };

  it('claims by ARN more strongly than by name pattern', () => {
    expect(claimStrength(selector, fn('ledger'))).toBe(2);
    expect(claimStrength(selector, fn('payments-api'))).toBe(1);
  });

  it('does not claim other functions', () => {
    expect(claimStrength(selector, fn('ledger', 'eu-west-1'))).toBe(0);
    expect(claimStrength(selector, fn('refunds'))).toBe(0);
  });

  it('honours the Roadie region', () => {
    const roadie = { arns: [], namePatterns: ['checkout'], region: 'eu-west-1' };
    expect(claimStrength(roadie, fn('checkout', 'eu-west-1'))).toBe(1);
    expect(claimStrength(roadie, fn('checkout', 'us-east-1'))).toBe(0);
  });
});

describe('globMatches', () => {
  it('treats * as any run of characters and everything else literally', () => {
    expect(globMatches('pay*-api', 'payments-api')).toBe(true);
    expect(globMatches('pay.ments', 'payXments')).toBe(false);
    expect(globMatches('payments', 'payments-api')).toBe(false);
  });
});
