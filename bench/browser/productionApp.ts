// The dev portal's frontend (dev/index.tsx) as a production build, served the way a deployed
// Backstage app is served. `backstage-cli package build` and `package bundle` refuse a plugin's dev
// app, so esbuild (a dev dependency of the project) bundles it with what the CLI's production bundle
// does that matters to speed: NODE_ENV=production (React's production build, MUI without prop-type
// checks), minified, code split at dynamic imports. The configuration reaches the page as the CLI's
// rspack bundle delivers it: `process.env.APP_CONFIG` compiled in empty, the frontend-visible config
// (root app-config.yaml + the bench's ports, filtered through the config schema with
// visibility "frontend", exactly as `loadCliConfig` in @backstage/cli-module-build does) in a
// `<script type="backstage.io/config">` tag of index.html.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ConfigSources, loadConfigSchema } from '@backstage/config-loader';
import type { AppConfig } from '@backstage/config';
import { build, type Plugin } from 'esbuild';

const ROOT = resolve(__dirname, '../..');

export interface ProductionApp {
  url: string;
  /** Bytes of JavaScript the first load fetches (the entry chunk and what it imports statically). */
  entryBytes: number;
  buildMs: number;
  close(): Promise<void>;
}

/** The configuration the frontend sees: root app-config.yaml plus `overrides`, schema-filtered to what is frontend-visible. */
export async function frontendAppConfigs(overrides: AppConfig['data']): Promise<AppConfig[]> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string };
  const schema = await loadConfigSchema({
    dependencies: [pkg.name],
    packagePaths: [join(ROOT, 'package.json')],
    onSchemaError: error => console.warn(error.message),
  });
  const source = ConfigSources.default({ rootDir: ROOT, argv: ['--config', join(ROOT, 'app-config.yaml')], env: {} });
  const controller = new AbortController();
  let appConfigs: AppConfig[] = [];
  for await (const { configs } of source.readConfigData({ signal: controller.signal })) {
    appConfigs = configs;
    controller.abort();
    break;
  }
  appConfigs.push({ context: 'bench', data: overrides });
  return schema.process(appConfigs, { visibility: ['frontend'], ignoreSchemaErrors: true });
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * Bundles dev/index.tsx for production into a temporary directory and serves it on `port`:
 * hashed chunks cached as immutable, index.html revalidated on every load — as a CDN or the app
 * backend's static plugin would, so a warm reload fetches only the HTML and the API.
 */
export async function startProductionApp(options: { port: number; backendUrl: string }): Promise<ProductionApp> {
  const out = mkdtempSync(join(tmpdir(), 'serverless-tracing-app-'));
  const started = performance.now();
  const result = await build({
    entryPoints: { main: join(ROOT, 'dev/index.tsx') },
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: process.env.BENCH_BROWSER_UNMINIFIED !== '1',
    target: 'es2022',
    platform: 'browser',
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: 'asset-[hash]',
    jsx: 'automatic',
    metafile: true,
    plugins: [
      namedExportsOfDynamicCommonJs(['react-dom/client']),
      // BENCH_BROWSER_PROFILING=1: React's profiling build, so <Profiler> reports render times in a production bundle.
      ...(process.env.BENCH_BROWSER_PROFILING === '1' ? [reactProfilingBuild()] : []),
    ],
    logLevel: 'error',
    loader: { '.svg': 'file', '.png': 'file', '.jpg': 'file', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file' },
    define: {
      'process.env.NODE_ENV': '"production"',
      // As the CLI's rspack bundle: the config comes from index.html, not from the bundle.
      'process.env.APP_CONFIG': '[]',
      'process.env.HAS_REACT_DOM_CLIENT': 'true',
      'process.env.BUILD_INFO': JSON.stringify({ cliVersion: 'bench', packageVersion: 'bench', timestamp: Date.now(), commit: 'unknown' }),
      // What webpack's ProvidePlugin gives libraries reading other process.env keys.
      'process.env': '{}',
      global: 'globalThis',
    },
  });
  const buildMs = performance.now() - started;
  const outputs = result.metafile.outputs;
  // Dynamic imports are entry points too when splitting; the page's own entry is named `main-…`.
  const entryFile = Object.keys(outputs).find(file => /\/main-[^/]+\.js$/.test(file));
  if (!entryFile) throw new Error(`esbuild wrote no entry chunk for dev/index.tsx into ${out}.`);
  const entry = entryFile.slice(entryFile.lastIndexOf('/') + 1);
  const staticImports = new Set<string>([entryFile]);
  for (const file of staticImports) for (const imp of outputs[file].imports) if (imp.kind === 'import-statement') staticImports.add(imp.path);
  const entryBytes = [...staticImports].reduce((sum, file) => sum + outputs[file].bytes, 0);
  const css = outputs[entryFile].cssBundle ? [outputs[entryFile].cssBundle] : [];

  const configs = await frontendAppConfigs({
    app: { baseUrl: `http://localhost:${options.port}` },
    backend: { baseUrl: options.backendUrl },
  });
  const template = readFileSync(join(ROOT, 'node_modules/@backstage/cli-module-build/templates/serve_index.html'), 'utf8');
  const head = [
    `<script type="backstage.io/config">\n${JSON.stringify(configs, null, 2)}\n</script>`,
    ...css.map(file => `<link rel="stylesheet" href="/${file.slice(file.lastIndexOf('/') + 1)}">`),
    `<script type="module" src="/${entry}"></script>`,
  ].join('\n');
  writeFileSync(join(out, 'index.html'), template.replace('</head>', `${head}\n</head>`));

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    let file = normalize(join(out, path));
    if (!file.startsWith(out) || !isFile(file)) file = join(out, 'index.html'); // the app's own routes
    const isIndex = file.endsWith('index.html');
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': isIndex ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, '127.0.0.1', () => done());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    entryBytes,
    buildMs,
    async close() {
      server.closeAllConnections();
      await new Promise<void>(done => server.close(() => done()));
      rmSync(out, { recursive: true, force: true });
    },
  };
}

/**
 * With code splitting, esbuild turns a CommonJS module reached by `import()` into a chunk whose only
 * export is `default`, where webpack/rspack give the namespace every named export too. The dev app's
 * render (`'createRoot' in await import('react-dom/client')`) relies on the latter; an ES module
 * re-exporting the names restores it.
 */
function namedExportsOfDynamicCommonJs(modules: string[]): Plugin {
  const filter = new RegExp(`^(${modules.map(m => m.replace(/[/.]/g, '\\$&')).join('|')})$`);
  return {
    name: 'named-exports-of-dynamic-commonjs',
    setup(bundler) {
      bundler.onResolve({ filter }, args => (args.kind === 'dynamic-import' ? { path: args.path, namespace: 'esm-facade' } : undefined));
      bundler.onLoad({ filter: /.*/, namespace: 'esm-facade' }, args => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const names = Object.keys(require(args.path) as object).filter(name => name !== 'default' && name !== '__esModule');
        return {
          contents: `import * as m from '${args.path}';\n${names.map(name => `export const ${name} = m.${name};`).join('\n')}\nexport default m;`,
          resolveDir: ROOT,
          loader: 'js',
        };
      });
    },
  };
}

/** react-dom resolved to react-dom/profiling: the production build with <Profiler> timings on. */
function reactProfilingBuild(): Plugin {
  return {
    name: 'react-profiling-build',
    setup(bundler) {
      bundler.onResolve({ filter: /^react-dom$/ }, () => ({ path: require.resolve('react-dom/profiling') }));
    },
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
