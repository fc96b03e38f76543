// The build emits three role-correct packages (DESIGN.md "Packaging") and each works in its role when
// installed: a CommonJS backend require()s or import()s the backend package and gets a backend
// feature; the common package loads from both module systems; the frontend package bundles for the
// browser with every import declared and nothing backend-only in it or in its dependencies.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(__dirname, '..', '..');
const packages = join(root, 'dist', 'packages');
// A folder that has the built packages installed (as symlinks) and this repository's node_modules
// above it for their dependencies: what an app's node_modules looks like to Node.
const consumer = join(root, 'dist', 'consumer');

interface Manifest {
  name: string;
  version: string;
  backstage: { role: string; pluginId: string };
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
}
const manifest = (key: string): Manifest => JSON.parse(readFileSync(join(packages, key, 'package.json'), 'utf8'));

const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: consumer, encoding: 'utf8' }).trim();
const importIn = (code: string) => run(['--input-type=module', '-e', code]);

beforeAll(() => {
  execFileSync(resolve(root, 'node_modules', '.bin', 'tsx'), ['scripts/build.ts'], { cwd: root, stdio: 'pipe' });
  rmSync(consumer, { recursive: true, force: true });
  mkdirSync(join(consumer, 'node_modules', '@serverless-tracing'), { recursive: true });
  for (const key of ['frontend', 'backend', 'common', 'scaffolder', 'techInsights']) {
    symlinkSync(join(packages, key), join(consumer, 'node_modules', manifest(key).name), 'dir');
  }
}, 600_000);

it('emits one package per Backstage role, each with its tarball', () => {
  expect(['frontend', 'backend', 'common'].map(key => [manifest(key).name, manifest(key).backstage.role])).toEqual([
    ['@serverless-tracing/backstage-plugin', 'frontend-plugin'],
    ['@serverless-tracing/backstage-plugin-backend', 'backend-plugin'],
    ['@serverless-tracing/backstage-plugin-common', 'common-library'],
  ]);
  for (const key of ['frontend', 'backend', 'common']) {
    const { name, version } = manifest(key);
    expect(existsSync(join(packages, `${name.slice(1).replace('/', '-')}-${version}.tgz`)), name).toBe(true);
  }
});

it('a CommonJS backend require()s the backend package and gets a backend feature', () => {
  expect(run(['-e', `console.log(require('@serverless-tracing/backstage-plugin-backend').default.$$type)`])).toBe(
    '@backstage/BackendFeature',
  );
});

it('backend.add(import("<backend package>")) gets the same backend feature', () => {
  const out = importIn(`const m = await import('@serverless-tracing/backstage-plugin-backend'); console.log(m.default.$$type ?? m.default.default.$$type)`);
  expect(out).toBe('@backstage/BackendFeature');
});

it('the scaffolder and Tech Insights modules load as backend features of their own role', () => {
  for (const key of ['scaffolder', 'techInsights']) {
    const { name, backstage } = manifest(key);
    expect(backstage.role).toBe('backend-plugin-module');
    expect(run(['-e', `console.log(require(${JSON.stringify(name)}).default.$$type)`]), name).toBe('@backstage/BackendFeature');
  }
});

it('the common package loads from both module systems', () => {
  const fromImport = importIn(`const m = await import('@serverless-tracing/backstage-plugin-common'); console.log(typeof m.functionPermissionRequest)`);
  const fromRequire = run(['-e', `console.log(typeof require('@serverless-tracing/backstage-plugin-common').planEnablement)`]);
  expect([fromImport, fromRequire]).toEqual(['function', 'function']);
});

it('the frontend package declares nothing backend-only', () => {
  const declared = Object.keys({ ...manifest('frontend').dependencies, ...manifest('frontend').peerDependencies });
  expect(declared.filter(name => /^@aws-sdk\/|^knex$|^express|^better-sqlite3$|^pg$|-backend$|-node$/.test(name))).toEqual([]);
  // Singletons the app provides are required peers, never optional ones it could silently lack.
  expect(Object.keys(manifest('frontend').peerDependencies ?? {}).sort()).toEqual(['react', 'react-dom', 'react-router-dom']);
  expect(manifest('frontend').dependencies).toHaveProperty('@mui/x-data-grid');
  expect(manifest('frontend').dependencies).toHaveProperty('@mui/x-charts');
});

it('the frontend entries bundle for the browser, importing only what the package declares', async () => {
  const frontend = manifest('frontend');
  const declared = new Set(Object.keys({ ...frontend.dependencies, ...frontend.peerDependencies }));
  for (const entry of ['frontend/index.js', 'frontend/alpha.js']) {
    const result = await build({
      entryPoints: [join(packages, 'frontend', 'dist', entry)],
      bundle: true,
      packages: 'external',
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      outdir: join(consumer, 'out'),
    });
    const inputs = Object.values(result.metafile!.inputs);
    const imported = inputs.flatMap(input => input.imports.filter(i => i.external).map(i => i.path));
    const undeclared = imported.filter(path => !declared.has(path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]));
    expect(undeclared, entry).toEqual([]);
    expect(Object.keys(result.metafile!.inputs).filter(input => /backend/.test(input)), entry).toEqual([]);
  }
}, 120_000);
