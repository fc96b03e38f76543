// A real Backstage app made by the official creator, with our packed plugin installed the way the
// README says, configured for the Lambda sandbox. Runs on Node 22 (test/app/run.sh sets it up).
//
// Creating and installing an app takes minutes, so the installed app is cached outside the repo,
// keyed by creator and Node version, and committed in its own git repository as "pristine". Every
// run resets it to that commit (node_modules is ignored there, so it stays) and installs our
// freshly packed tarballs again: the plugin under test is never a cached one.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, createWriteStream, openSync, writeSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const RESULTS = resolve(ROOT, 'test-results', 'app');
export const CREATE_APP_VERSION = process.env.CREATE_APP_VERSION ?? '0.9.2';
export const FRONTEND_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://localhost:7007';
export const SANDBOX_URL = 'http://localhost:4599';

const CACHE = resolve(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'serverless-tracing',
  'app',
  // The recipe number changes whenever ensureCreatedApp changes, so apps made the old way are not reused.
  `create-app-${CREATE_APP_VERSION}-node-${process.version}-recipe-2`,
);
export const APP_DIR = join(CACHE, 'app');
const READY = join(CACHE, 'ready'); // written once create + install + pristine commit all succeeded

/**
 * Yarn turns immutable installs on when CI is set (as .ci/run sets it) and then refuses to write a
 * lockfile. The created app has none to protect: the creator's yarn.lock seed is unreachable here, so
 * this install is the one that writes it.
 */
const YARN_ENV = { ...process.env, YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' };

function run(command: string, args: string[], cwd: string, logName: string) {
  const log = join(RESULTS, logName);
  const fd = openSync(log, 'a');
  try {
    writeSync(fd, `\n$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
    execFileSync(command, args, { cwd, stdio: ['ignore', fd, fd], env: command === 'yarn' ? YARN_ENV : process.env });
  } catch {
    const tail = readFileSync(log, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (log: ${log}):\n${tail}`);
  } finally {
    closeSync(fd);
  }
}

const git = (args: string[]) =>
  execFileSync('git', ['-c', 'user.name=test-app', '-c', 'user.email=test-app@localhost', ...args], { cwd: APP_DIR, stdio: 'pipe' });

/** Creates and installs the app unless the cache has it; returns how long that took (0 when cached). */
export function ensureCreatedApp(): { seconds: number; cached: boolean } {
  if (existsSync(READY) && existsSync(join(APP_DIR, 'node_modules'))) return { seconds: 0, cached: true };
  const started = Date.now();
  rmSync(CACHE, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  // Non-interactive: the name comes from BACKSTAGE_APP_NAME. --skip-install because the creator
  // would also run `yarn tsc`, which this test does not need. The yarn.lock seed it tries to fetch
  // comes from raw.githubusercontent.com, unreachable here: it warns and carries on, so versions
  // resolve from the registry (the installed Backstage version is printed by the test).
  process.env.BACKSTAGE_APP_NAME = 'app';
  run('npx', ['--yes', `@backstage/create-app@${CREATE_APP_VERSION}`, '--path', APP_DIR, '--skip-install'], CACHE, 'create-app.log');
  pinBackstageRelease();
  run('yarn', ['install'], APP_DIR, 'create-app.log');
  if (!existsSync(join(APP_DIR, '.git'))) git(['init', '-q']);
  git(['add', '-A']);
  git(['commit', '-q', '--allow-empty', '-m', 'pristine: created and installed']);
  git(['tag', '-f', 'pristine']);
  writeFileSync(READY, new Date().toISOString() + '\n');
  return { seconds: (Date.now() - started) / 1000, cached: false };
}

/**
 * What the missing yarn.lock seed would have done: keep the app on the Backstage release the creator
 * names. Without it, caret ranges float to packages of the next release, e.g. (measured 2026-11-30)
 * @backstage/plugin-signals-backend ^0.3.19 → 0.3.21, which calls httpRouter.addWebSocketHandler,
 * absent from the template's backend-defaults 0.18.0, and the backend's startup fails (catalog never
 * ingests anything). So every @backstage/* package the template names is pinned, through the root
 * package.json's resolutions, to exactly the version the template names.
 */
function pinBackstageRelease() {
  const manifests = ['package.json', 'packages/app/package.json', 'packages/backend/package.json'].map(file => join(APP_DIR, file));
  const pins: Record<string, string> = {};
  for (const file of manifests) {
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    for (const deps of [manifest.dependencies, manifest.devDependencies]) {
      for (const [name, range] of Object.entries<string>(deps ?? {})) {
        const exact = range.match(/^[\^~]?(\d+\.\d+\.\d+)$/)?.[1];
        if (name.startsWith('@backstage/') && exact) pins[name] = exact;
      }
    }
  }
  const root = JSON.parse(readFileSync(manifests[0], 'utf8'));
  root.resolutions = { ...root.resolutions, ...pins };
  writeFileSync(manifests[0], JSON.stringify(root, null, 2) + '\n');
}

export function backstageVersion(): string {
  return JSON.parse(readFileSync(join(APP_DIR, 'backstage.json'), 'utf8')).version;
}

/** The app exactly as created and installed, without anything a previous run added. */
export function resetApp() {
  git(['reset', '-q', '--hard', 'pristine']);
  git(['clean', '-q', '-fd']); // not -x: node_modules stays
}

export interface PluginPackages {
  /** package name → tarball, for packages/app */
  frontend: { name: string; tarball: string };
  /** package name → tarball, and what packages/backend/src/index.ts imports */
  backend: { name: string; tarball: string; importPath: string };
}

/**
 * Builds and packs the plugin. Uses the role-specific packages of dist/packages/ (frontend, backend)
 * when the build emits them, else the one package for both roles. Tarballs are named by their content
 * hash: yarn caches `file:` tarballs by path, so a new build must get a new path.
 */
export function packPlugin(): PluginPackages {
  const tarballs = join(APP_DIR, '.plugin-tarballs');
  mkdirSync(tarballs, { recursive: true });
  run('npm', ['run', 'build'], ROOT, 'build.log');
  const pack = (dir: string) => {
    const name = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name as string;
    const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', tarballs], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop()!;
    const packed = join(tarballs, out);
    const hash = createHash('sha256').update(readFileSync(packed)).digest('hex').slice(0, 12);
    const tarball = join(tarballs, `${out.replace(/\.tgz$/, '')}-${hash}.tgz`);
    copyFileSync(packed, tarball);
    rmSync(packed);
    return { name, tarball };
  };
  const split = join(ROOT, 'dist', 'packages');
  if (existsSync(join(split, 'frontend', 'package.json')) && existsSync(join(split, 'backend', 'package.json'))) {
    const backend = pack(join(split, 'backend'));
    return { frontend: pack(join(split, 'frontend')), backend: { ...backend, importPath: backend.name } };
  }
  const single = pack(ROOT);
  return { frontend: single, backend: { ...single, importPath: `${single.name}/backend` } };
}

/** The README's install section, done to the created app. Returns the seconds it took. */
export function installPlugin(pkgs: PluginPackages): number {
  const started = Date.now();
  run('yarn', ['--cwd', 'packages/app', 'add', `${pkgs.frontend.name}@file:${pkgs.frontend.tarball}`], APP_DIR, 'install-plugin.log');
  run('yarn', ['--cwd', 'packages/backend', 'add', `${pkgs.backend.name}@file:${pkgs.backend.tarball}`], APP_DIR, 'install-plugin.log');
  // Backend: one line before backend.start(). Frontend: nothing — the app's `app.packages: all`
  // discovers the plugin's new-frontend-system export (`/alpha`) from packages/app's dependencies.
  const index = join(APP_DIR, 'packages', 'backend', 'src', 'index.ts');
  const source = readFileSync(index, 'utf8');
  if (!source.includes('\nbackend.start();')) throw new Error(`${index} has no "backend.start();" line: the template changed`);
  writeFileSync(index, source.replace('\nbackend.start();', `\nbackend.add(import('${pkgs.backend.importPath}'));\n\nbackend.start();`));
  return (Date.now() - started) / 1000;
}

/**
 * What create-app's own configuration must already provide for this test to mean anything: the real
 * permission backend with its allow-all policy, permissions enabled, and guest sign-in.
 */
export function checkAppDefaults() {
  const index = readFileSync(join(APP_DIR, 'packages', 'backend', 'src', 'index.ts'), 'utf8');
  for (const feature of ['@backstage/plugin-permission-backend', '@backstage/plugin-permission-backend-module-allow-all-policy', '@backstage/plugin-auth-backend-module-guest-provider']) {
    if (!index.includes(`import('${feature}')`)) throw new Error(`the created backend does not add ${feature}`);
  }
  const config = readFileSync(join(APP_DIR, 'app-config.yaml'), 'utf8');
  if (!/^permission:\n(?:\s*#.*\n)*\s+enabled: true$/m.test(config)) throw new Error('the created app-config.yaml does not set permission.enabled: true');
  if (!/^\s+guest: \{\}$/m.test(config)) throw new Error('the created app-config.yaml has no guest auth provider');
}

/** test/app/app-config.local.yaml and the catalog file it names (the dev portal's component). */
export function configureApp() {
  copyFileSync(join(__dirname, 'app-config.local.yaml'), join(APP_DIR, 'app-config.local.yaml'));
  copyFileSync(join(ROOT, 'dev', 'catalog-info.yaml'), join(APP_DIR, 'serverless-tracing-catalog.yaml'));
}

export interface Running {
  stop(): Promise<void>;
}

/** Starts a command in its own process group, logging to test-results/app/<logName>. */
export function startProcess(command: string, args: string[], cwd: string, logName: string, env: NodeJS.ProcessEnv = {}): Running {
  const log = createWriteStream(join(RESULTS, logName));
  const child: ChildProcess = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return {
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const kill = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // already gone
        }
      };
      kill('SIGTERM');
      await new Promise<void>(done => {
        const timer = setTimeout(() => {
          kill('SIGKILL');
          done();
        }, 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
      });
    },
  };
}

export async function waitForUrl(url: string, timeoutMs: number, logName: string, isUp: (res: Response) => boolean = res => res.ok) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (isUp(res)) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = String((error as Error).cause ?? error);
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not come up within ${timeoutMs / 1000} s (last: ${last}); see test-results/app/${logName}`);
}

export async function assertPortFree(url: string) {
  const answered = await fetch(url).then(
    () => true,
    () => false,
  );
  if (answered) throw new Error(`Something already answers on ${url}; stop it first (the dev portal or a previous test:app?).`);
}

export function clearResults() {
  mkdirSync(RESULTS, { recursive: true });
  for (const file of readdirSync(RESULTS)) rmSync(join(RESULTS, file), { recursive: true, force: true });
}
