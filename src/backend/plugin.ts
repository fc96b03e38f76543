// Wiring only: Backstage services in, the plugin's services built, the router mounted, the scan
// scheduled, the job workers started and stopped with the backend.
import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { serverlessTracingPermissions } from '../common/permissions';
import { createLambdaGateway } from './aws';
import { createStores } from './store';
import { createPolicyEnrichment, createScanner } from './inventory';
import { readServerlessTracingSettings } from './config';
import { createAccessControl } from './auth';
import { convergeOwners, createCatalogIndex, createOwnership } from './ownership';
import { createRecords } from './enablement/records';
import { createFunctionsService } from './enablement/functions';
import { createJobsService } from './enablement/jobs';
import { createJobRunner } from './enablement/runner';
import { createScansService } from './enablement/scans';
import { createRouter } from './router';

export const serverlessTracingPlugin = createBackendPlugin({
  pluginId: 'serverless-tracing',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { config, logger, httpRouter, scheduler, lifecycle } = deps;
        const settings = readServerlessTracingSettings(config);
        deps.permissionsRegistry.addPermissions(serverlessTracingPermissions);

        const stores = await createStores(await deps.database.getClient());
        const gateway = createLambdaGateway({ config, logger });
        const catalogIndex = createCatalogIndex({ catalog: deps.catalog, auth: deps.auth, logger });
        const ownership = createOwnership({ index: catalogIndex, ownerTag: settings.ownerTag });
        const records = createRecords({ stores, ownership, settings });
        const recordSettings = { datadog: settings.datadog, hybridEstate: settings.hybridEstate };
        const enrichment = createPolicyEnrichment({ gateway, stores, logger, settings: recordSettings });
        const scanner = createScanner({
          gateway,
          stores,
          logger,
          resolveOwner: config => ownership.ownerOf(config),
          settings: { ...recordSettings, concurrency: settings.scanConcurrency },
          enrichment,
        });
        const scans = createScansService({ scanner, stores });
        const runner = createJobRunner({
          deps: { gateway, stores, records, datadog: settings.datadog, jobs: settings.jobs },
          logger,
          auditor: deps.auditor,
          settings: settings.jobs,
        });
        const functions = createFunctionsService({ gateway, stores, records, ownership, datadog: settings.datadog });
        const jobs = createJobsService({ stores, gateway, records, functions, runner, datadog: settings.datadog });

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
        // Owners converge with the catalog within this interval (e.g. once it has ingested the
        // entities after a restart), without waiting for the next scan.
        await scheduler.scheduleTask({
          id: 'serverless-tracing-owners',
          frequency: { seconds: 30 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 5 },
          scope: 'local',
          fn: async () => {
            await convergeOwners({ index: catalogIndex, ownership, inventory: stores.inventory, logger });
          },
        });
        lifecycle.addStartupHook(() => runner.start());
        lifecycle.addShutdownHook(async () => {
          await enrichment.stop();
          await runner.stop();
          gateway.destroy();
        });
      },
    });
  },
});
