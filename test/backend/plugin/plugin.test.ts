// The plugin's wiring: permissions registered, the scan scheduled as configured.
import { mockServices } from '@backstage/backend-test-utils';
import { startSandbox } from '../../../dev/sandbox/server';
import { serverlessTracingPermissions } from '../../../src/common/permissions';
import { startPlugin, type Sandbox } from '../helpers/harness';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: false });
});

afterAll(() => sandbox?.close());

it('registers its permissions with the permission system', async () => {
  const registry = mockServices.permissionsRegistry.mock();
  const harness = await startPlugin({ sandbox, services: [registry.factory] });
  await harness.stop();
  expect(registry.addPermissions).toHaveBeenCalledWith(serverlessTracingPermissions);
});

it('schedules the inventory scan globally with the configured frequency', async () => {
  const scheduler = mockServices.scheduler.mock();
  const harness = await startPlugin({
    sandbox,
    config: { serverlessTracing: { schedule: { frequency: { minutes: 5 }, timeout: { minutes: 2 } } } },
    services: [scheduler.factory],
  });
  await harness.stop();
  expect(scheduler.scheduleTask).toHaveBeenCalledWith(
    expect.objectContaining({ id: 'serverless-tracing-scan', scope: 'global', frequency: { minutes: 5 }, timeout: { minutes: 2 } }),
  );
});
