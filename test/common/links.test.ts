import { datadogAppUrl, functionLinks } from '../../src/common/links';

describe('functionLinks', () => {
  it("opens the function in its region's AWS console", () => {
    expect(functionLinks('arn:aws:lambda:eu-west-1:111111111111:function:orders-api', 'untraced', 'datadoghq.com')?.awsConsole).toBe(
      'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/orders-api',
    );
  });

  it('uses the console of the GovCloud and China partitions', () => {
    expect(functionLinks('arn:aws-us-gov:lambda:us-gov-west-1:444444444444:function:f', 'untraced', 'ddog-gov.com')?.awsConsole).toMatch(
      /^https:\/\/console\.amazonaws-us-gov\.com\/lambda\/home\?region=us-gov-west-1#/,
    );
    expect(functionLinks('arn:aws-cn:lambda:cn-north-1:555555555555:function:f', 'untraced', 'datadoghq.com')?.awsConsole).toMatch(
      /^https:\/\/cn-north-1\.console\.amazonaws\.cn\//,
    );
  });

  it('links to the Datadog serverless view only for functions Datadog traces', () => {
    const arn = 'arn:aws:lambda:us-east-1:111111111111:function:payments-api';
    expect(functionLinks(arn, 'datadog', 'datadoghq.eu')?.datadog).toBe('https://app.datadoghq.eu/functions?cloud=aws&text_search=payments-api');
    expect(functionLinks(arn, 'datadog-xray', 'us5.datadoghq.com')?.datadog).toMatch(/^https:\/\/us5\.datadoghq\.com\/functions\?/);
    expect(functionLinks(arn, 'xray', 'datadoghq.com')?.datadog).toBeNull();
    expect(functionLinks(arn, 'untraced', 'datadoghq.com')?.datadog).toBeNull();
  });

  it('gives nothing for something that is not a function ARN', () => {
    expect(functionLinks('arn:aws:s3:::bucket', 'untraced', 'datadoghq.com')).toBeUndefined();
  });
});

describe('datadogAppUrl', () => {
  it('prefixes app. to the sites that need it', () => {
    expect(datadogAppUrl('datadoghq.com')).toBe('https://app.datadoghq.com');
    expect(datadogAppUrl('ddog-gov.com')).toBe('https://app.ddog-gov.com');
    expect(datadogAppUrl('ap1.datadoghq.com')).toBe('https://ap1.datadoghq.com');
  });
});
