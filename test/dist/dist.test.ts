// The built package loads in both of its Backstage roles: a CommonJS backend require()s or
// import()s "<pkg>/backend", and an app's bundler takes "<pkg>" for the browser with no Node-only
// module and no AWS SDK in it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const nodeEval = (code: string) =>
  execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' }).trim();

beforeAll(() => {
  execFileSync(resolve(root, 'node_modules', '.bin', 'tsx'), ['scripts/build.ts'], { cwd: root, stdio: 'pipe' });
}, 600_000);

it('builds ES modules, CommonJS and declarations for every entry', () => {
  for (const file of [
    'dist/esm/frontend/index.js',
    'dist/esm/frontend/alpha.js',
    'dist/esm/common/index.js',
    'dist/cjs/backend/index.js',
    'dist/cjs/common/index.js',
    'dist/types/frontend/index.d.ts',
    'dist/types/backend/index.d.ts',
    'dist/types/common/index.d.ts',
  ]) {
    expect(existsSync(resolve(root, file)), file).toBe(true);
  }
});

it('a CommonJS backend require()s the backend entry and gets a backend feature', () => {
  const out = execFileSync(
    process.execPath,
    ['-e', `const m = require(${JSON.stringify(pkg.name + '/backend')}); console.log(m.default.$$type)`],
    { cwd: root, encoding: 'utf8' },
  ).trim();
  expect(out).toBe('@backstage/BackendFeature');
});

it('backend.add(import("<pkg>/backend")) gets the same backend feature', () => {
  const out = nodeEval(`const m = await import(${JSON.stringify(pkg.name + '/backend')}); console.log(m.default.$$type ?? m.default.default.$$type)`);
  expect(out).toBe('@backstage/BackendFeature');
});

it('the common entry loads from both module systems', () => {
  const fromImport = nodeEval(`const m = await import(${JSON.stringify(pkg.name + '/common')}); console.log(typeof m.detectTracing)`);
  const fromRequire = execFileSync(
    process.execPath,
    ['-e', `console.log(typeof require(${JSON.stringify(pkg.name + '/common')}).planEnablement)`],
    { cwd: root, encoding: 'utf8' },
  ).trim();
  expect([fromImport, fromRequire]).toEqual(['function', 'function']);
});

it('the frontend entries bundle for the browser without Node-only modules or the AWS SDK', async () => {
  const external = Object.keys(pkg.peerDependencies ?? {}).flatMap(name => [name, `${name}/*`]);
  for (const entry of ['dist/esm/frontend/index.js', 'dist/esm/frontend/alpha.js']) {
    const result = await build({
      entryPoints: [resolve(root, entry)],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      external,
    });
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.filter(input => /@aws-sdk|src\/backend|dist\/(esm|cjs)\/backend/.test(input))).toEqual([]);
    // A Node built-in would have failed the browser build itself.
  }
}, 120_000);
