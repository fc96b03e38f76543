// Builds the one source tree into the three role-correct packages a Backstage app installs
// (DESIGN.md "Packaging"), each a folder under dist/packages/ with its own package.json, plus its
// `npm pack` tarball next to it:
//   frontend — @serverless-tracing/backstage-plugin          ES modules for the app's bundler
//   backend  — @serverless-tracing/backstage-plugin-backend  CommonJS for a Backstage backend
//   common   — @serverless-tracing/backstage-plugin-common   both, for permission policies and tools
//   scaffolder, techInsights — backend modules for those plugins (the scaffolder action, the fact
//              retriever), each a package of its own so an app adds only what it uses
// The frontend and backend packages each carry the compiled common code they use, so neither depends
// on another of ours. Each package's dependencies are exactly the packages its compiled code imports
// (found by esbuild), with the ranges this repository's package.json pins: nothing the app must
// guess, nothing it does not need (no AWS SDK, Knex or Express in the frontend workspace).
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(__dirname, '..');
const dist = join(root, 'dist');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const workspace = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const PLUGIN_ID = 'serverless-tracing';
const NAMES = {
  frontend: '@serverless-tracing/backstage-plugin',
  backend: '@serverless-tracing/backstage-plugin-backend',
  common: '@serverless-tracing/backstage-plugin-common',
  scaffolder: '@serverless-tracing/backstage-plugin-scaffolder-module',
  techInsights: '@serverless-tracing/backstage-plugin-tech-insights-module',
} as const;

// What the app provides once for every plugin: required peers with the ranges Backstage apps have.
const FRONTEND_PEERS: Record<string, string> = {
  react: '^18.0.0',
  'react-dom': '^18.0.0',
  'react-router-dom': '^6.30.2',
};
// @mui/material's own peers: whoever depends on @mui/material provides them (as @backstage/theme does).
const FRONTEND_PROVIDED_PEERS = ['@emotion/react', '@emotion/styled'];

interface PackageSpec {
  role: 'frontend-plugin' | 'backend-plugin' | 'backend-plugin-module' | 'common-library';
  description: string;
  /** Folders copied from the compiled output: [from under dist/, to under the package's dist/]. */
  copy: Array<[string, string]>;
  exports: Record<string, Record<string, string>>;
  /** Compiled entry files whose imports make up the dependencies. */
  entries: string[];
  configSchema?: boolean;
  peers?: Record<string, string>;
  extraDependencies?: string[];
}

const PACKAGES: Record<keyof typeof NAMES, PackageSpec> = {
  frontend: {
    role: 'frontend-plugin',
    description: 'Backstage frontend plugin: which AWS Lambda functions are traced, what each should have, enable it with one click.',
    copy: [['esm/frontend', 'frontend'], ['esm/common', 'common'], ['types/frontend', 'types/frontend'], ['types/common', 'types/common']],
    exports: {
      '.': { types: './dist/types/frontend/index.d.ts', default: './dist/frontend/index.js' },
      './alpha': { types: './dist/types/frontend/alpha.d.ts', default: './dist/frontend/alpha.js' },
    },
    entries: ['esm/frontend/index.js', 'esm/frontend/alpha.js'],
    peers: FRONTEND_PEERS,
    extraDependencies: FRONTEND_PROVIDED_PEERS,
  },
  backend: {
    role: 'backend-plugin',
    description: 'Backstage backend plugin: scans AWS Lambda functions, recommends tracing, enables and rolls it back.',
    copy: [['cjs/backend', 'backend'], ['cjs/common', 'common'], ['types/backend', 'types/backend'], ['types/common', 'types/common']],
    exports: { '.': { types: './dist/types/backend/index.d.ts', default: './dist/backend/index.js' } },
    entries: ['cjs/backend/index.js'],
    configSchema: true,
  },
  common: {
    role: 'common-library',
    description: 'Shared domain of the serverless-tracing Backstage plugin: permissions, types and pure functions.',
    copy: [['esm/common', 'esm'], ['cjs/common', 'cjs'], ['types/common', 'types']],
    // Node takes CommonJS (the files carry no "type"); bundlers take the ES modules.
    exports: {
      '.': { types: './dist/types/index.d.ts', node: './dist/cjs/index.js', import: './dist/esm/index.js', default: './dist/cjs/index.js' },
    },
    entries: ['cjs/common/index.js'],
  },
  scaffolder: {
    role: 'backend-plugin-module',
    description: 'Scaffolder action serverless-tracing:enable: software templates enable tracing on the functions they create.',
    copy: [['cjs/modules', 'modules'], ['cjs/common', 'common'], ['types/modules', 'types/modules'], ['types/common', 'types/common']],
    exports: { '.': { types: './dist/types/modules/scaffolder.d.ts', default: './dist/modules/scaffolder.js' } },
    entries: ['cjs/modules/scaffolder.js'],
  },
  techInsights: {
    role: 'backend-plugin-module',
    description: "Tech Insights fact retriever: tracing coverage of each catalog entity's AWS Lambda functions, for scorecards.",
    copy: [['cjs/modules', 'modules'], ['cjs/common', 'common'], ['types/modules', 'types/modules'], ['types/common', 'types/common']],
    exports: { '.': { types: './dist/types/modules/techInsights.d.ts', default: './dist/modules/techInsights.js' } },
    entries: ['cjs/modules/techInsights.js'],
  },
};

function compile() {
  rmSync(dist, { recursive: true, force: true });
  for (const project of ['tsconfig.build.json', 'tsconfig.build.cjs.json']) {
    execFileSync(process.execPath, [tsc, '-p', join(root, project)], { stdio: 'inherit', cwd: root });
  }
}

/** The npm package a bare import names: "@mui/material/Button" → "@mui/material". */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every package the compiled code under these entries imports, following relative imports. */
async function importedPackages(entries: string[]): Promise<string[]> {
  const result = await build({
    entryPoints: entries.map(entry => join(dist, entry)),
    bundle: true,
    packages: 'external',
    platform: 'neutral',
    write: false,
    metafile: true,
    logLevel: 'silent',
    outdir: join(dist, '.deps'),
  });
  const specifiers = Object.values(result.metafile.inputs).flatMap(input =>
    input.imports.filter(i => i.external && !i.path.startsWith('node:')).map(i => i.path),
  );
  return [...new Set(specifiers.map(packageOf))].sort();
}

function rangeOf(name: string): string {
  const range = workspace.dependencies?.[name] ?? workspace.devDependencies?.[name];
  if (!range) throw new Error(`The compiled code imports ${name}, which package.json does not list.`);
  return range;
}

async function assemble(key: keyof typeof NAMES) {
  const spec = PACKAGES[key];
  const dir = join(dist, 'packages', key);
  for (const [from, to] of spec.copy) {
    cpSync(join(dist, from), join(dir, 'dist', to), { recursive: true, filter: src => !src.endsWith('.map') });
  }
  const imported = await importedPackages(spec.entries);
  const peers = spec.peers ?? {};
  const dependencies = Object.fromEntries(
    [...imported.filter(name => !(name in peers)), ...(spec.extraDependencies ?? [])].sort().map(name => [name, rangeOf(name)]),
  );
  const manifest = {
    name: NAMES[key],
    version: workspace.version,
    description: spec.description,
    license: workspace.license,
    keywords: ['backstage', 'backstage-plugin', 'aws-lambda', 'tracing', 'datadog', 'x-ray'],
    backstage: { role: spec.role, pluginId: PLUGIN_ID, pluginPackages: Object.values(NAMES) },
    exports: { ...spec.exports, './package.json': './package.json' },
    main: spec.exports['.'].default,
    types: spec.exports['.'].types,
    files: ['dist', ...(spec.configSchema ? ['config.d.ts'] : []), 'README.md'],
    ...(spec.configSchema ? { configSchema: 'config.d.ts' } : {}),
    engines: workspace.engines,
    dependencies,
    ...(Object.keys(peers).length > 0 ? { peerDependencies: peers } : {}),
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  cpSync(join(root, 'README.md'), join(dir, 'README.md'));
  if (spec.configSchema) cpSync(join(root, 'config.d.ts'), join(dir, 'config.d.ts'));
  execFileSync('npm', ['pack', '--silent', '--pack-destination', join(dist, 'packages')], { cwd: dir, stdio: 'ignore' });
  console.log(`${NAMES[key]} (${spec.role}): ${Object.keys(dependencies).length} dependencies, ${Object.keys(peers).length} peers`);
}

async function main() {
  compile();
  for (const key of Object.keys(PACKAGES) as Array<keyof typeof NAMES>) await assemble(key);
  rmSync(join(dist, '.deps'), { recursive: true, force: true });
  console.log(`built dist/packages/{${Object.keys(PACKAGES).join(',')}} and their tarballs`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
