// What a handler receives and returns, shared by the Lambda and Tagging APIs.
import type { Caller } from './auth';
import type { HttpReply } from './errors';
import type { SandboxState } from './state';

export interface ApiRequest {
  caller: Caller;
  /** Decoded path captures of the route's pattern. */
  params: string[];
  query: URLSearchParams;
  body: any;
  state: SandboxState;
}

export interface Route {
  method: string;
  pattern: RegExp;
  operation: string;
  /** Requests counted against their operation's own quota (as Lambda has them) instead of the control-plane one. */
  quota?: 'GetFunction' | 'GetPolicy';
  handle(request: ApiRequest): HttpReply;
}

export function json(status: number, body: unknown, contentType = 'application/json'): HttpReply {
  return { status, headers: { 'content-type': contentType }, body: JSON.stringify(body) };
}

export function partitionOf(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

/** Opaque paging markers, shaped so a client cannot mistake one API's marker for another's. */
export function encodeMarker(kind: string, position: string): string {
  return Buffer.from(`${kind}:${position}`, 'utf8').toString('base64url');
}

export function decodeMarker(kind: string, marker: string): string | undefined {
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  return text.startsWith(`${kind}:`) ? text.slice(kind.length + 1) : undefined;
}
