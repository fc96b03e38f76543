// The backend the soak test kills: a real Backstage backend process (createBackend from
// @backstage/backend-defaults: its database, scheduler, lifecycle and HTTP server) with this plugin on
// a SQLite file, so a SIGKILL leaves exactly what a crashed production backend leaves. Only who is
// calling is mocked (every request is the mock user, every permission allowed) and the catalog is
// empty (owners come from tags). Its configuration comes as JSON in SOAK_CONFIG.
import { createBackend } from '@backstage/backend-defaults';
import { createServiceFactory, coreServices, type BackstageCredentials, type HttpAuthService, type PermissionsService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

const USER: BackstageCredentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: 'user:default/soak' },
} as BackstageCredentials;

const raw = process.env.SOAK_CONFIG;
if (!raw) {
  console.error('SOAK_CONFIG must hold the backend configuration as JSON; test/soak/soak.ts starts this process.');
  process.exit(2);
}

const backend = createBackend();
backend.add(
  createServiceFactory({
    service: coreServices.rootConfig,
    deps: {},
    factory: () => new ConfigReader(JSON.parse(raw)),
  }),
);
backend.add(
  createServiceFactory({
    service: coreServices.httpAuth,
    deps: {},
    factory: (): HttpAuthService => ({
      credentials: (async () => USER) as HttpAuthService['credentials'],
      issueUserCookie: async () => ({ expiresAt: new Date(Date.now() + 3_600_000) }),
    }),
  }),
);
backend.add(
  createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: (): PermissionsService => ({
      authorize: (async (requests: unknown[]) => requests.map(() => ({ result: AuthorizeResult.ALLOW }))) as PermissionsService['authorize'],
      authorizeConditional: (async (requests: unknown[]) => requests.map(() => ({ result: AuthorizeResult.ALLOW }))) as PermissionsService['authorizeConditional'],
    }),
  }),
);
backend.add(catalogServiceMock.factory({ entities: [] }));
backend.add(import('../../src/backend'));
backend.start().then(
  () => console.log('soak backend started'),
  error => {
    console.error(error);
    process.exit(1);
  },
);
