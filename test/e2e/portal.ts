// Starts the dev portal exactly as a newcomer does (`npm run dev`: dev backend on the sandbox + the
// frontend dev app) and waits until both answer. Stops the whole process group afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const RESULTS = resolve(ROOT, 'test-results');
export const FRONTEND_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://localhost:7007';

export interface RunningPortal {
  stop(): Promise<void>;
}

async function waitFor(url: string, timeoutMs: number, isUp: (res: Response) => boolean) {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (isUp(res)) return;
      lastError = `HTTP ${res.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not come up within ${timeoutMs / 1000} s (last: ${lastError}); see test-results/dev-portal.log`);
}

export async function startPortal(): Promise<RunningPortal> {
  mkdirSync(RESULTS, { recursive: true });
  const log = createWriteStream(resolve(RESULTS, 'dev-portal.log'));
  const child: ChildProcess = spawn(resolve(ROOT, 'node_modules', '.bin', 'tsx'), ['dev/start.ts'], {
    cwd: ROOT,
    detached: true, // own process group, so stop() ends the backend and the dev server too
    stdio: ['ignore', 'pipe', 'pipe'],
    // A database of its own: the dev portal keeps .dev-data/ across starts, the test starts clean.
    env: { ...process.env, BROWSER: 'none', APP_CONFIG_backend_database_connection_directory: mkdtempSync(resolve(tmpdir(), 'serverless-tracing-e2e-')) },
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const stop = async () => {
    if (child.exitCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    await new Promise<void>(done => {
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
        done();
      }, 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
    });
  };
  try {
    await waitFor(`${BACKEND_URL}/api/serverless-tracing/health`, 120_000, res => res.ok);
    await waitFor(FRONTEND_URL, 240_000, res => res.ok);
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}
