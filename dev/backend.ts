// `npm run dev:backend`: a real Backstage backend (createBackend from @backstage/backend-defaults)
// with this plugin, on the Lambda sandbox started in-process on port 4599, with in-memory SQLite.
// Config: dev/app-config.yaml, then any `--config file.yaml` given on the command line (later files
// win), exactly as in any Backstage backend — so the same command targets LocalStack, moto or AWS.
// SANDBOX=off skips the embedded sandbox (when another config points elsewhere).
//
// Auth in dev: there is no auth backend here, so the frontend dev app has no Backstage token.
// app-config sets backend.auth.dangerouslyDisableDefaultAuthPolicy, which lets token-less requests
// through the credentials barrier; the httpAuth service below then treats them as the guest user
// user:development/guest, so enabling and rolling back (user-only actions) work from the dev app.
// Permissions are not enabled (permission.enabled is unset), so every check allows.
import { resolve } from 'node:path';
import { createBackend } from '@backstage/backend-defaults';
import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import { DefaultHttpAuthService } from '@backstage/backend-defaults/httpAuth';
import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
  type BackstagePrincipalTypes,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { startSandbox } from './sandbox/server';

const SANDBOX_PORT = 4599;
const GUEST = 'user:development/guest';
const guest = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: GUEST },
} as BackstageCredentials;

const guestHttpAuth = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { auth: coreServices.auth, discovery: coreServices.discovery, plugin: coreServices.pluginMetadata },
  factory({ auth, discovery, plugin }) {
    const inner = DefaultHttpAuthService.create({ auth, discovery, pluginId: plugin.getId() });
    return {
      async credentials<T extends keyof BackstagePrincipalTypes = 'unknown'>(
        req: Parameters<typeof inner.credentials>[0],
        options?: { allow?: T[]; allowLimitedAccess?: boolean },
      ): Promise<BackstageCredentials<BackstagePrincipalTypes[T]>> {
        const found = await inner.credentials(req, { allowLimitedAccess: options?.allowLimitedAccess });
        const credentials = (found.principal as { type: string }).type === 'none' ? guest : found;
        const type = (credentials.principal as { type: string }).type as T;
        if (options?.allow && !options.allow.includes(type) && !options.allow.includes('unknown' as T)) {
          throw new NotAllowedError(`This request is not allowed for a ${type} principal.`);
        }
        return credentials as BackstageCredentials<BackstagePrincipalTypes[T]>;
      },
      issueUserCookie: (res, options) => inner.issueUserCookie(res, options),
    };
  },
});

async function main() {
  const sandbox = process.env.SANDBOX === 'off' ? undefined : await startSandbox({ port: SANDBOX_PORT });
  if (sandbox) {
    console.log(`Lambda sandbox on ${sandbox.url}: ${sandbox.org.accounts.length} accounts of the seed organisation.`);
  }

  const backend = createBackend();
  backend.add(
    rootConfigServiceFactory({
      argv: [...process.argv.slice(0, 2), '--config', resolve(__dirname, 'app-config.yaml'), ...process.argv.slice(2)],
    }),
  );
  backend.add(guestHttpAuth);
  backend.add(import('../src/backend'));
  await backend.start();

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await backend.stop();
    await sandbox?.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
