// `npm run dev:backend`: a real Backstage backend (createBackend from @backstage/backend-defaults)
// with this plugin, on the Lambda sandbox started in-process on port 4599, with SQLite files under
// .dev-data/ (so a restart resumes jobs).
// Config: dev/app-config.yaml, then any `--config file.yaml` given on the command line (later files
// win), exactly as in any Backstage backend — so the same command targets LocalStack, moto or AWS.
// SANDBOX=off skips the embedded sandbox (when another config points elsewhere).
//
// Alongside the plugin: the auth backend with its guest provider (the dev app signs in as
// user:development/guest and calls us with a real Backstage token), the permission backend with an
// allow-all policy (every check goes through the real permission framework), and the catalog backend
// with dev/catalog-info.yaml (owners and the entity tab resolve through the real catalog).
import { resolve } from 'node:path';
import { createBackend } from '@backstage/backend-defaults';
import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import { startSandbox } from './sandbox/server';

const SANDBOX_PORT = 4599;
// The guest provider only signs people in when the backend runs in development mode.
process.env.NODE_ENV ??= 'development';

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
  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(import('@backstage/plugin-permission-backend-module-allow-all-policy'));
  backend.add(import('@backstage/plugin-catalog-backend'));
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
