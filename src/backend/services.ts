// The plugin's replaceable parts as Backstage service refs with default factories: an integrator swaps
// the AWS gateway (another credential scheme, a proxy, a fake in tests) or how owners are found
// (another catalog annotation, a CMDB) with `backend.add(createServiceFactory({ service: …Ref, … }))`,
// without forking the plugin. The settings are one too, so `serverlessTracing.*` is parsed once.
import { coreServices, createServiceFactory, createServiceRef } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createLambdaGateway } from './aws';
import type { LambdaGateway } from './aws/types';
import { readServerlessTracingSettings, type ServerlessTracingSettings } from './config';
import { createCatalogIndex, createOwnership, type Ownership } from './ownership';

/** `serverlessTracing.*`, parsed and validated once when the plugin starts. */
export const serverlessTracingSettingsServiceRef = createServiceRef<ServerlessTracingSettings>({
  id: 'serverless-tracing.settings',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) => readServerlessTracingSettings(config),
    }),
});

/** Every AWS call of the plugin: the SDK over the configured accounts and regions by default. */
export const lambdaGatewayServiceRef = createServiceRef<LambdaGateway>({
  id: 'serverless-tracing.lambda-gateway',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig, logger: coreServices.logger, lifecycle: coreServices.lifecycle, settings: serverlessTracingSettingsServiceRef },
      factory: ({ config, logger, lifecycle, settings }) => {
        const gateway = createLambdaGateway({ config, logger, settings });
        lifecycle.addShutdownHook(() => gateway.destroy());
        return gateway;
      },
    }),
});

/** Who owns a function: the catalog entity claiming it, else the owner tag, by default. */
export const ownershipServiceRef = createServiceRef<Ownership>({
  id: 'serverless-tracing.ownership',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { catalog: catalogServiceRef, auth: coreServices.auth, logger: coreServices.logger, settings: serverlessTracingSettingsServiceRef },
      factory: ({ catalog, auth, logger, settings }) =>
        createOwnership({ index: createCatalogIndex({ catalog, auth, logger }), ownerTag: settings.ownerTag }),
    }),
});
