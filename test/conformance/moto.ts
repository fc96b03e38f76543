// moto_server, an independent AWS emulator, as a child process on a free local port: started per
// test file, stopped by its own pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const MOTO_ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
/** moto accepts any keys; the account is always MOTO_ACCOUNT. */
export const MOTO_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** moto_server takes 2–3 s to start here; far longer means something is wrong. */
const START_TIMEOUT_MS = 60_000;

export interface Moto {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (moto binds it a moment later). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr!.on('data', chunk => {
    output = (output + String(chunk)).slice(-4000);
  });
  const exited = new Promise<string>(resolve => {
    child.once('error', error => resolve(`moto_server could not start: ${error.message}. Install it with pip install 'moto[server]'.`));
    child.once('exit', code => resolve(`moto_server exited with code ${code} before answering on ${url}:\n${output}`));
  });
  const answering = waitUntilAnswering(url);
  let timer: NodeJS.Timeout | undefined;
  const tooSlow = new Promise<string>(resolve => {
    timer = setTimeout(() => resolve(`moto_server did not answer on ${url} within ${START_TIMEOUT_MS / 1000} s:\n${output}`), START_TIMEOUT_MS);
  });
  const failure = await Promise.race([answering.then(() => undefined), exited, tooSlow]);
  clearTimeout(timer);
  if (failure !== undefined) {
    answering.cancel();
    // Never leave a half-started server behind.
    await stopByPid(child);
    throw new Error(failure);
  }
  return { url, pid: child.pid!, stop: () => stopByPid(child) };
}

/** Polls moto's own API until it answers; cancelled when the process dies first. */
function waitUntilAnswering(url: string): Promise<void> & { cancel(): void } {
  let cancelled = false;
  const promise = (async () => {
    while (!cancelled) {
      try {
        const response = await fetch(`${url}/moto-api/`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  })();
  return Object.assign(promise, { cancel: () => (cancelled = true) });
}

async function stopByPid(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>(resolve => child.once('exit', () => resolve()));
  process.kill(child.pid!, 'SIGTERM');
  await gone;
}

/** moto checks only that an Authorization header looks like SigV4; the signature itself is ignored. */
const FAKE_SIGV4 = `AWS4-HMAC-SHA256 Credential=${MOTO_CREDENTIALS.accessKeyId}/20240101/${REGION}/iam/aws4_request, SignedHeaders=host, Signature=0`;

/**
 * Creates the IAM role moto's CreateFunction insists on, with a plain Query API call (the IAM SDK
 * client is not a dependency of this project). Returns the role's ARN.
 */
export async function createRole(moto: Moto, roleName: string): Promise<string> {
  const body = new URLSearchParams({
    Action: 'CreateRole',
    Version: '2010-05-08',
    RoleName: roleName,
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
  });
  const response = await fetch(`${moto.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: FAKE_SIGV4 },
    body,
  });
  const text = await response.text();
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1];
  if (!response.ok || !arn) throw new Error(`moto's CreateRole answered ${response.status}: ${text.slice(0, 500)}`);
  return arn;
}
