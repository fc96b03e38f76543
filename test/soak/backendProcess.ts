// The soak test's backend as a child process it can SIGKILL and start again on the same SQLite file,
// and a small client for its API that waits out the moments the backend is down.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = resolve(__dirname, '../..');
const BASE = '/api/serverless-tracing';

/**
 * The backend entry bundled once (our sources only; node_modules stay external): a restart then
 * costs Backstage's own start, not a TypeScript compile of the plugin.
 */
export function bundleBackend(): string {
  // Inside the repository, so the bundle resolves node_modules like the sources do.
  const outfile = join(ROOT, 'test-results', 'soak', 'backend.cjs');
  buildSync({
    entryPoints: [join(ROOT, 'test/soak/backend.ts')],
    bundle: true,
    platform: 'node',
    packages: 'external',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

export class BackendProcess {
  private child: ChildProcess | undefined;
  private starts = 0;

  constructor(
    private readonly bundle: string,
    private readonly config: object,
    readonly port: number,
    private readonly logDir: string,
  ) {}

  async start(): Promise<void> {
    const log = openSync(join(this.logDir, `backend-${++this.starts}.log`), 'w');
    this.child = spawn(process.execPath, [this.bundle], {
      cwd: ROOT,
      env: { ...process.env, SOAK_CONFIG: JSON.stringify(this.config), NODE_ENV: 'production' },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const started = Date.now();
    while (!(await this.healthy())) {
      if (this.child.exitCode !== null) throw new Error(`The soak backend exited with ${this.child.exitCode} while starting; see ${this.logDir}.`);
      if (Date.now() - started > 120_000) throw new Error(`The soak backend did not answer within 2 minutes; see ${this.logDir}.`);
      await delay(100);
    }
  }

  /** SIGKILL: no shutdown hook runs, claims stay in the database as a crash leaves them. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill();
    this.child = undefined;
  }

  private async healthy(): Promise<boolean> {
    try {
      return (await fetch(`http://127.0.0.1:${this.port}${BASE}/health`)).ok;
    } catch {
      return false;
    }
  }

  /** One API call; while the backend is down (being restarted), it waits and tries again. */
  async api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    for (let tries = 0; ; tries++) {
      try {
        const response = await fetch(`http://127.0.0.1:${this.port}${BASE}${path}`, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as T };
      } catch (error) {
        if (tries > 1200) throw error;
        await delay(100);
      }
    }
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
