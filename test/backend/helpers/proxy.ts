// An HTTP proxy in front of the sandbox that lets a test act at an exact point of the wire protocol:
// e.g. just before the plugin's UpdateFunctionConfiguration reaches the sandbox.
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InterceptedRequest {
  method: string;
  path: string;
  body: string;
  /** The sandbox's answer status, once it has answered. */
  status?: number;
}

export interface SandboxProxy {
  url: string;
  /** Requests seen so far. */
  seen: InterceptedRequest[];
  /** Called before each request is forwarded; may change the sandbox first, or the request's body. */
  before: (req: InterceptedRequest) => void | Promise<void>;
  close(): Promise<void>;
}

/** UpdateFunctionConfiguration of one function, as the Lambda REST API spells it. */
export function isUpdateOf(req: InterceptedRequest, functionArn: string): boolean {
  return req.method === 'PUT' && decodeURIComponent(req.path).includes(`/functions/${functionArn}/configuration`);
}

export async function startProxy(target: string): Promise<SandboxProxy> {
  const upstream = new URL(target);
  const proxy: SandboxProxy = {
    url: '',
    seen: [],
    before: () => {},
    close: () => new Promise(resolve => server.close(() => resolve())),
  };
  const server = createServer(async (incoming, outgoing) => {
    const body = await readBody(incoming);
    const seen: InterceptedRequest = { method: incoming.method ?? 'GET', path: incoming.url ?? '/', body };
    proxy.seen.push(seen);
    await proxy.before(seen);
    const headers = seen.body === body ? incoming.headers : { ...incoming.headers, 'content-length': String(Buffer.byteLength(seen.body)) };
    const forwarded = request(
      { hostname: upstream.hostname, port: upstream.port, method: seen.method, path: seen.path, headers },
      answer => {
        seen.status = answer.statusCode;
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    forwarded.end(seen.body);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
