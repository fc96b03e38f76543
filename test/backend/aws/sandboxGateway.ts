// Gateways wired to a running sandbox exactly as an app-config would wire them to AWS: the standard
// `aws:` accounts (static keys here) and `serverlessTracing:` with the endpoint override.
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import type { Sandbox } from '../../../dev/sandbox/server';
import { createLambdaGateway } from '../../../src/backend/aws/gateway';

export function sandboxConfig(sandbox: Sandbox, serverlessTracing: Record<string, unknown> = {}) {
  return new ConfigReader({
    aws: {
      accounts: sandbox.org.accounts.map(a => ({ accountId: a.accountId, accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey })),
    },
    serverlessTracing: {
      endpoint: sandbox.url,
      accounts: sandbox.org.accounts.map(a => ({ accountId: a.accountId, regions: a.regions })),
      ...serverlessTracing,
    },
  });
}

export function sandboxGateway(sandbox: Sandbox, serverlessTracing: Record<string, unknown> = {}) {
  return createLambdaGateway({ config: sandboxConfig(sandbox, serverlessTracing), logger: mockServices.logger.mock() });
}
