// Wiring only: Backstage services and the plugin's replaceable ones (services.ts) in, the plugin's
// services built, the router mounted, the scan and the trace evidence checks scheduled, the job
// workers started and stopped with the backend.
import { coreServices, createBackendPlugin, type BackstageCredentials, type BackstageServicePrincipal } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { serverlessTracingPermissions } from '../common/permissions';
import { createStores } from './store';
import { createPolicyEnrichment, createScanner } from './inventory';
import { createAccessControl } from './auth';
import { createOwnerConvergence } from './ownership';
import { createRecords } from './inventory/records';
import { createFunctionsService } from './inventory/functions';
import { createScansService } from './inventory/scans';
import { createJobsService } from './enablement/jobs';
import { createJobRunner } from './enablement/runner';
import { createDriftRepair } from './enablement/driftRepair';
import { createCampaignsService } from './enablement/campaigns';
import { createCampaignAdvancer } from './enablement/campaignAdvancer';
import { createDatadogSpans } from './evidence/datadogSpans';
import { createTraceEvidence } from './evidence/traceEvidence';
import { createRouter } from './router';
import { createJobStarter } from './jobStarter';
import { createExclusionsService } from './exclusions';
import { createRolePolicyService } from './enablement/rolePolicy';
import { registerServerlessTracingActions } from './actions/registerActions';
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
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
        actionsRegistry: actionsRegistryServiceRef,
        settings: serverlessTracingSettingsServiceRef,
        gateway: lambdaGatewayServiceRef,
        ownership: ownershipServiceRef,
      },
      async init(deps) {
        const { logger, httpRouter, scheduler, lifecycle, settings, gateway, ownership } = deps;
        deps.permissionsRegistry.addPermissions(serverlessTracingPermissions);

        const stores = await createStores(await deps.database.getClient(), { logger });
        const records = createRecords({ stores, ownership, settings });
        const recordSettings = { datadog: settings.datadog, hybridEstate: settings.hybridEstate };
        const enrichment = createPolicyEnrichment({ gateway, stores, logger, settings: recordSettings });
        const owners = createOwnerConvergence({ ownership, inventory: stores.inventory, logger });
        const evidence = createTraceEvidence({
          stores,
          gateway,
          datadog: createDatadogSpans(settings.traceEvidence.datadog),
          settings: settings.traceEvidence,
          logger,
        });
        const runner = createJobRunner({
          deps: { gateway, stores, records, datadog: settings.datadog, retry: settings.retry, simulateRoles: settings.rolePreflight },
          logger,
          auditor: deps.auditor,
          settings: settings.jobs,
          onEnabled: functionArn => evidence.checkLater(functionArn),
        });
        const functions = createFunctionsService({ gateway, stores, records, ownership, datadog: settings.datadog, simulateRoles: settings.rolePreflight });
        const jobs = createJobsService({ stores, functions, runner });

        const access = createAccessControl({ httpAuth: deps.httpAuth, permissions: deps.permissions });
        const jobStarter = createJobStarter({ access, auditor: deps.auditor, jobs });
        const driftRepair = createDriftRepair({
          policy: settings.autoRepair,
          inventory: stores.inventory,
          jobStarter,
          credentials: async () => (await deps.auth.getOwnServiceCredentials()) as BackstageCredentials<BackstageServicePrincipal>,
          logger,
        });
        const scanner = createScanner({
          gateway,
          stores,
          logger,
          resolveOwner: config => ownership.ownerOf(config),
          settings: { ...recordSettings, concurrency: settings.scanConcurrency },
          enrichment,
          afterScan: () => {
            owners.scanFinished();
            // Traced functions this scan found for the first time get their proof now, not at the next round.
            void evidence.check({ unchecked: true }).catch(error => logger.warn(`Asking the tracing backends about newly found functions failed: ${(error as Error).message}`));
            return driftRepair.afterScan();
          },
        });
        const scans = createScansService({ scanner, stores });
        const exclusions = createExclusionsService({ store: stores.exclusions, access, auditor: deps.auditor });
        const advancer = createCampaignAdvancer({
          stores,
          jobs,
          jobStarter,
          auditor: deps.auditor,
          logger,
          datadog: settings.datadog,
          settings: settings.campaigns,
        });
        const campaigns = createCampaignsService({
          stores,
          jobs,
          access,
          auditor: deps.auditor,
          datadog: settings.datadog,
          settings: settings.campaigns,
          kick: () => advancer.kick(),
        });
        const rolePolicy = createRolePolicyService({ functions, gateway, stores, access, auditor: deps.auditor });
        httpRouter.use(await createRouter({ logger, access, functions, jobs, jobStarter, scans, exclusions, campaigns, rolePolicy }));
        registerServerlessTracingActions({ actionsRegistry: deps.actionsRegistry, access, functions, jobs, jobStarter, logger });
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
            await owners.run();
          },
        });
        // Proof that traces arrive, for the whole fleet; in bulk (traceEvidence.ts), so one replica is enough.
        await scheduler.scheduleTask({
          id: 'serverless-tracing-trace-evidence',
          ...settings.traceEvidence.schedule,
          scope: 'global',
          fn: async () => {
            const outcome = await evidence.check();
            logger.info(
              `Trace evidence: ${outcome.seen} function(s) with traces seen, ${outcome.noneYet} configured with none yet, ${outcome.unknown} could not be checked (${outcome.datadogQueries} Datadog queries, ${outcome.xrayRequests} X-Ray requests).`,
            );
          },
        });
        lifecycle.addStartupHook(async () => {
          await runner.start();
          advancer.start();
        });
        lifecycle.addShutdownHook(async () => {
          await advancer.stop();
          await enrichment.stop();
          await runner.stop();
          await evidence.stop();
        });
      },
    });
  },
});
