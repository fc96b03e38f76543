// The benchmark's side of a sandbox running in its own process: its URL and seed org (all the
// plugin's config needs), request counts on demand, and a clean stop.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { SandboxOptions } from '../../dev/sandbox/server';
import type { SeedOrg } from '../../dev/sandbox/seed';
import type { HostMessage, OperationCount } from './sandboxProtocol';

export interface RequestCounts {
  rows: OperationCount[];
  /** Every authenticated request, throttled ones included. */
  total: number;
  /** Lambda requests answered 429 TooManyRequests. */
  throttled: number;
}

export interface RemoteSandbox {
  url: string;
  org: SeedOrg;
  counts(): Promise<RequestCounts>;
  close(): Promise<void>;
}

/** Sandbox options that cross a process boundary (no callbacks, no clock). */
export type RemoteSandboxOptions = Omit<SandboxOptions, 'log' | 'clock' | 'port' | 'host'>;

const START_TIMEOUT_MS = 120_000;

export async function startRemoteSandbox(options: RemoteSandboxOptions): Promise<RemoteSandbox> {
  // execArgv is inherited, so the child runs under the same TypeScript loader (tsx) as this process.
  const child = fork(join(__dirname, 'sandboxHost.ts'), [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await firstMessage(child, message => (message.type === 'ready' ? message : undefined), START_TIMEOUT_MS);
  let nextId = 0;

  return {
    url: ready.url,
    org: ready.org,
    async counts() {
      const id = ++nextId;
      const reply = firstMessage(child, message => (message.type === 'counts' && message.id === id ? message : undefined), 10_000);
      child.send({ type: 'counts', id });
      const { rows, total, throttled } = await reply;
      return { rows, total, throttled };
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
      child.send({ type: 'close' });
      await exited;
    },
  };
}

function firstMessage<T>(child: ChildProcess, pick: (message: HostMessage) => T | undefined, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`The sandbox process (pid ${child.pid}) did not answer within ${timeoutMs / 1000} s.`));
    }, timeoutMs);
    const onMessage = (message: HostMessage) => {
      const picked = pick(message);
      if (picked !== undefined) {
        cleanup();
        resolve(picked);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`The sandbox process exited (code ${code}) before answering; its error is printed above.`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Requests made between two snapshots, per operation and account-region. */
export function countsBetween(before: RequestCounts, after: RequestCounts): RequestCounts {
  const key = (row: OperationCount) => `${row.operation}|${row.accountId}|${row.region}`;
  const earlier = new Map(before.rows.map(row => [key(row), row.count]));
  return {
    rows: after.rows
      .map(row => ({ ...row, count: row.count - (earlier.get(key(row)) ?? 0) }))
      .filter(row => row.count > 0),
    total: after.total - before.total,
    throttled: after.throttled - before.throttled,
  };
}

export function sumOf(counts: RequestCounts, operations?: string[]): number {
  return counts.rows.filter(row => !operations || operations.includes(row.operation)).reduce((n, row) => n + row.count, 0);
}
