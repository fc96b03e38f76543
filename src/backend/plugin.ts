// Wiring only: Backstage services and the plugin's replaceable ones (services.ts) in, the plugin's
// services built, the router mounted, the scan scheduled, the job workers started and stopped with
// the backend.
import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { serverlessTracingPermissions } from '../common/permissions';
import { createStores } from './store';
import { createScanner } from './inventory';
import { createAccessControl } from './auth';
import { createRecords } from './inventory/records';
import { createFunctionsService } from './inventory/functions';
import { createScansService } from './inventory/scans';
import { createJobsService } from './enablement/jobs';
import { createJobRunner } from './enablement/runner';
import { createRouter } from './router';
import { lambdaGatewayServiceRef, ownershipServiceRef, serverlessTracingSettingsServiceRef } from './services';

export const serverlessTracingPlugin = createBackendPlugin({
  pluginId: 'serverless-tracing',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        settings: serverlessTracingSettingsServiceRef,
        gateway: lambdaGatewayServiceRef,
        ownership: ownershipServiceRef,
      },
      async init(deps) {
        const { logger, httpRouter, scheduler, lifecycle, settings, gateway, ownership } = deps;
        deps.permissionsRegistry.addPermissions(serverlessTracingPermissions);

        const stores = await createStores(await deps.database.getClient());
        const records = createRecords({ stores, ownership, settings });
        const scanner = createScanner({
          gateway,
          stores,
          logger,
          resolveOwner: config => ownership.ownerOf(config),
          settings: { datadog: settings.datadog, hybridEstate: settings.hybridEstate, concurrency: settings.scanConcurrency },
        });
        const scans = createScansService({ scanner, stores });
        const runner = createJobRunner({
          deps: { gateway, stores, records, datadog: settings.datadog, retry: settings.retry },
          logger,
          auditor: deps.auditor,
          settings: settings.jobs,
        });
        const functions = createFunctionsService({ gateway, stores, records, ownership, datadog: settings.datadog });
        const jobs = createJobsService({ stores, functions, runner });

        httpRouter.use(
          await createRouter({
            logger,
            auditor: deps.auditor,
            access: createAccessControl({ httpAuth: deps.httpAuth, permissions: deps.permissions }),
            functions,
            jobs,
            scans,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        await scheduler.scheduleTask({
          id: 'serverless-tracing-scan',
          ...settings.schedule,
          // One scan at a time across replicas, whatever the schedule config says.
          scope: 'global',
          fn: async () => {
            await scans.run();
          },
        });
        lifecycle.addStartupHook(() => runner.start());
        lifecycle.addShutdownHook(() => runner.stop());
      },
    });
  },
});
