// The dev portal's backend exactly as `npm run dev:backend` runs it (dev/backend.ts: a real Backstage
// backend with this plugin, the auth backend's guest provider, the permission backend and the
// catalog), in a process of its own, on a Lambda sandbox seeded with `functionCount` functions in
// another process (bench/lib/sandboxHost.ts). Its port, database and sandbox come from a config
// file layered over dev/app-config.yaml, as any `--config` would. Ready once its first scan stored
// every function of the sandbox and the background pass after it (each function's resource policy,
// one GetPolicy call per function) is over: the page is measured on a backend at rest, not one
// spending its CPU on 10,000 policy reads (about two minutes at the default 10 GetPolicy/s).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ScanInfo } from '../../src/common/api';
import { startRemoteSandbox, sumOf, type RemoteSandbox } from '../lib/remoteSandbox';

const ROOT = resolve(__dirname, '../..');
const SCAN_TIMEOUT_MS = 300_000;

export interface PortalBackend {
  url: string;
  /** Where the backend's output goes (it is not the benchmark's). */
  log: string;
  close(): Promise<void>;
}

export async function startPortalBackend(options: { port: number; frontendUrl: string; functionCount: number }): Promise<PortalBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'serverless-tracing-browser-bench-'));
  // The scan and the policy pass are setup here, not what is measured: no injected latency, Lambda's
  // default control-plane quota, GetPolicy unthrottled (and read by the plugin at 100/s).
  const sandbox: RemoteSandbox = await startRemoteSandbox({ seed: { functionCount: options.functionCount }, getPolicyQuotaPerSecond: 0 });
  const url = `http://localhost:${options.port}`;
  const config = join(dir, 'app-config.bench.yaml');
  // JSON is YAML. Arrays replace dev/app-config.yaml's (the sandbox's seed accounts are the same four).
  writeFileSync(
    config,
    JSON.stringify({
      app: { baseUrl: options.frontendUrl },
      backend: { baseUrl: url, listen: { port: options.port }, cors: { origin: options.frontendUrl }, database: { connection: { directory: dir } } },
      aws: { accounts: sandbox.org.accounts.map(a => ({ accountId: a.accountId, accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey })) },
      serverlessTracing: {
        endpoint: sandbox.url,
        accounts: sandbox.org.accounts.map(a => ({ accountId: a.accountId, regions: a.regions })),
        rateLimit: { getPolicyPerSecond: 100 },
      },
    }),
  );
  const log = join(dir, 'backend.log');
  const output = createWriteStream(log);
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['dev/backend.ts', '--config', config], {
    cwd: ROOT,
    detached: true, // its own process group: close() ends tsx and the node it starts
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SANDBOX: 'off', NODE_ENV: 'development' },
  });
  child.stdout!.pipe(output);
  child.stderr!.pipe(output);

  const close = async (keepLog = false) => {
    if (child.exitCode === null) {
      const exited = new Promise<void>(done => child.once('exit', () => done()));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
    await sandbox.close();
    if (!keepLog) rmSync(dir, { recursive: true, force: true });
  };

  try {
    await until(`the backend answers on ${url} (its output: ${log})`, 120_000, async () => {
      if (child.exitCode !== null) throw new Error(`The dev backend exited with code ${child.exitCode}; its output is in ${log}.`);
      const res = await fetch(`${url}/api/serverless-tracing/health`).catch(() => undefined);
      return res?.ok;
    });
    const token = await guestToken(url);
    await until(`the first scan stores ${options.functionCount} functions`, SCAN_TIMEOUT_MS, async () => {
      const res = await fetch(`${url}/api/serverless-tracing/scans/latest`, { headers: { Authorization: `Bearer ${token}` } });
      const scan = res.ok ? ((await res.json()) as ScanInfo | null) : null;
      if (scan && scan.state !== 'running' && scan.state !== 'succeeded') {
        throw new Error(`The backend's first scan ended ${scan.state}: ${scan.errors.map(e => `${e.accountId}/${e.region}: ${e.message}`).join('; ')}`);
      }
      return scan?.state === 'succeeded' && scan.functionCount === options.functionCount;
    });
    await policyPassOver(sandbox);
  } catch (error) {
    await close(true); // the log stays, for the error's reader
    throw error;
  }
  return { url, log, close: () => close() };
}

/** The background pass is over: it made GetPolicy calls (one per function, a few retried) and then no more for 5 s. */
async function policyPassOver(sandbox: RemoteSandbox): Promise<void> {
  let last = -1;
  let stableSince = Date.now();
  await until('the resource policy pass after the scan is over', SCAN_TIMEOUT_MS, async () => {
    const reads = sumOf(await sandbox.counts(), ['GetPolicy']);
    if (reads !== last) {
      last = reads;
      stableSince = Date.now();
    }
    return reads > 0 && Date.now() - stableSince >= 5000;
  });
}

/** A Backstage token as the dev app's guest sign-in gets one. */
async function guestToken(backendUrl: string): Promise<string> {
  const res = await fetch(`${backendUrl}/api/auth/guest/refresh`, { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
  if (!res.ok) throw new Error(`Guest sign-in at the auth backend answered HTTP ${res.status}: ${await res.text()}`);
  const token = ((await res.json()) as { backstageIdentity?: { token?: string } }).backstageIdentity?.token;
  if (!token) throw new Error('Guest sign-in answered without backstageIdentity.token.');
  return token;
}

async function until(what: string, timeoutMs: number, probe: () => Promise<boolean | undefined>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`Timed out after ${timeoutMs / 1000} s waiting until ${what}.`);
}
