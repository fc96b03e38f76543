import { detectIac, detectVendor } from '../../src/common';
import { lambda } from './fixtures';

describe('detectIac', () => {
  it.each([
    [{ 'aws:cloudformation:stack-name': 'orders-prod', 'lambda:createdBy': 'SAM' }, 'sam'],
    [{ 'aws:cloudformation:stack-name': 'OrdersStack', 'aws:cdk:path': 'OrdersStack/Handler/Resource' }, 'cdk'],
    [{ 'aws:cloudformation:stack-name': 'orders-prod', STAGE: 'prod' }, 'serverless-framework'],
    [{ 'serverless:service': 'orders' }, 'serverless-framework'],
    [{ 'aws:cloudformation:stack-name': 'orders' }, 'cloudformation'],
    [{ ManagedBy: 'Terraform' }, 'terraform'],
    [{ 'terraform:workspace': 'prod' }, 'terraform'],
  ])('reads %j as %s', (tags, tool) => {
    expect(detectIac(tags)).toBe(tool);
  });

  it('finds nothing on untagged or plainly tagged functions', () => {
    expect(detectIac(undefined)).toBeUndefined();
    expect(detectIac({ team: 'payments' })).toBeUndefined();
  });
});

describe('detectVendor', () => {
  it('names what gave the vendor away without any variable value', () => {
    const match = detectVendor(lambda({ Environment: { Variables: { NEW_RELIC_LICENSE_KEY: 'secret-canary' } } }));
    expect(match?.vendor.id).toBe('new-relic');
    expect(match?.evidence).toBe('variable NEW_RELIC_LICENSE_KEY');
  });

  it('ignores a function with only its own layers and variables', () => {
    expect(detectVendor(lambda({ Layers: [{ Arn: 'arn:aws:lambda:eu-west-1:123456789012:layer:utils:1' }], Environment: { Variables: { TABLE: 'orders' } } }))).toBeUndefined();
  });
});
