// An HTTP proxy in front of the sandbox that misbehaves the way networks and AWS do: 500s and 429s
// instead of an answer, requests that hang until the caller gives up, and updates that are applied
// but whose answer never arrives. It also watches every update the sandbox accepts, to count the two
// things that must never happen: an update that changed nothing because it had been applied already,
// and an update to a function whose user has since decided otherwise.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox } from '../../dev/sandbox/server';
import { currentUpdate } from '../../src/common/update';
import type { FunctionConfig } from '../../src/common/model';

export interface FaultRates {
  serverError: number;
  throttle: number;
  hang: number;
  /** Of updates only: forwarded and applied, then the connection is cut before the answer. */
  dropAnswer: number;
}

export interface FaultCounts {
  serverError: number;
  throttle: number;
  hang: number;
  dropAnswer: number;
}

export interface FaultProxy {
  url: string;
  faults: FaultCounts;
  /** Accepted updates that found the function already exactly as the update asked. */
  appliedTwice: string[];
  /** Accepted updates of an enable the user had since overruled, or of a function whose last decision had finished. */
  appliedAfterSuperseded: string[];
  /** A rollback job for this function exists from now on: an enabling update sent later is an overruled item applied. */
  supersede(functionArn: string): void;
  /** From now on, no update of this function may be accepted. */
  seal(functionArn: string): void;
  setRates(rates: FaultRates): void;
  close(): Promise<void>;
}

const UPDATE = /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/;
const OVERRULED_GRACE_MS = 2_000;
const EXTENSION = /:layer:Datadog-Extension/;

export async function startFaultProxy(sandbox: Sandbox, rates: FaultRates, random: () => number): Promise<FaultProxy> {
  const upstream = new URL(sandbox.url);
  const sealed = new Set<string>();
  const superseded = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  let current = rates;
  const proxy: FaultProxy = {
    url: '',
    faults: { serverError: 0, throttle: 0, hang: 0, dropAnswer: 0 },
    appliedTwice: [],
    appliedAfterSuperseded: [],
    seal: arn => sealed.add(arn),
    supersede: arn => superseded.set(arn, Date.now()),
    setRates: next => {
      current = next;
    },
    close: () =>
      new Promise(resolve => {
        for (const response of hanging) response.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  const server = createServer(async (incoming, outgoing) => {
    const arrived = Date.now();
    const body = await readBody(incoming);
    const path = incoming.url ?? '/';
    const update = incoming.method === 'PUT' ? UPDATE.exec(path.split('?')[0]) : null;
    const roll = random();
    if (roll < current.serverError) {
      proxy.faults.serverError++;
      return reply(outgoing, 500, 'ServiceException', 'Injected: the service had an internal error.');
    }
    if (roll < current.serverError + current.throttle) {
      proxy.faults.throttle++;
      return reply(outgoing, 429, 'TooManyRequestsException', 'Injected: rate exceeded.');
    }
    if (roll < current.serverError + current.throttle + current.hang) {
      // Never forwarded: the caller times out and cannot know whether anything happened.
      proxy.faults.hang++;
      hanging.add(outgoing);
      setTimeout(() => {
        hanging.delete(outgoing);
        outgoing.destroy();
      }, 5_000).unref();
      return;
    }
    const arn = update ? decodeURIComponent(update[1]) : undefined;
    const before = arn ? structuredClone(sandbox.state.getFunctionByArn(arn)?.config) : undefined;
    const dropAnswer = update !== null && random() < current.dropAnswer;
    const forwarded = request({ hostname: upstream.hostname, port: upstream.port, method: incoming.method, path, headers: incoming.headers }, answer => {
      if (arn && answer.statusCode === 200) watchAccepted(arn, before, body, arrived);
      if (dropAnswer) {
        proxy.faults.dropAnswer++;
        answer.resume();
        outgoing.destroy();
        return;
      }
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forwarded.on('error', () => outgoing.destroy());
    forwarded.end(body);
  });

  function watchAccepted(arn: string, before: FunctionConfig | undefined, body: string, arrived: number): void {
    const asked = JSON.parse(body);
    if (sealed.has(arn)) proxy.appliedAfterSuperseded.push(arn);
    // An item checks right before its write that no later job exists; an enabling update arriving well
    // after the rollback job was created (the grace covers a write already under way, and its retries
    // after throttling) passed that check wrongly.
    const overruledAt = superseded.get(arn);
    if (overruledAt !== undefined && arrived > overruledAt + OVERRULED_GRACE_MS && before && isEnabling(before, asked)) {
      proxy.appliedAfterSuperseded.push(arn);
    }
    if (before && isAlready(before, asked)) proxy.appliedTwice.push(arn);
  }

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

/** The update adds Datadog's Extension to a function without it: it enables tracing. */
function isEnabling(before: FunctionConfig, asked: { Layers?: string[] }): boolean {
  return (asked.Layers ?? []).some(arn => EXTENSION.test(arn)) && !(before.Layers ?? []).some(layer => EXTENSION.test(layer.Arn ?? ''));
}

/** The function already had everything the update asks for: sending it again changed nothing. */
function isAlready(before: FunctionConfig, asked: { Handler?: string; Layers?: string[]; Environment?: { Variables?: Record<string, string> }; TracingConfig?: { Mode?: string } }): boolean {
  const now = currentUpdate(before);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return (
    (asked.Handler === undefined || asked.Handler === now.Handler) &&
    same(asked.Layers ?? [], now.Layers) &&
    same(sorted(asked.Environment?.Variables ?? {}), sorted(now.Environment.Variables)) &&
    (asked.TracingConfig?.Mode ?? 'PassThrough') === now.TracingConfig.Mode
  );
}

function sorted(variables: Record<string, string>): Array<[string, string]> {
  return Object.entries(variables).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function reply(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': code });
  response.end(JSON.stringify({ Type: status >= 500 ? 'Service' : 'User', message }));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
