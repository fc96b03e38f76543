// Requests for the invoker services (Step Functions, EventBridge, AppSync, API Gateway, SNS) go through
// the same pipeline as Lambda's: caller from SigV4, injected failures, a quota bucket per service and
// account-region, latency; only the wire format of answers and errors differs per service.
import type { IncomingHttpHeaders } from 'node:http';
import { identifyCaller, parseCredentialScope, type Caller } from './auth';
import {
  DISCOVERY_SERVICES,
  discoveryErrorReply,
  discoveryFailure,
  discoveryFailureFor,
  findDiscoveryOperation,
  runDiscoveryOperation,
  type DiscoveryService,
} from './discovery-api';
import { SandboxError, type HttpReply } from './errors';
import type { QuotaGate } from './quota';
import type { SandboxState } from './state';

/** The invoker service a request is signed for, if any (the credential scope's service name). */
export function discoveryServiceOf(headers: IncomingHttpHeaders): DiscoveryService | undefined {
  const service = parseCredentialScope(headers.authorization ?? '')?.service;
  return DISCOVERY_SERVICES.find(candidate => candidate === service);
}

export async function serveDiscovery(
  service: DiscoveryService,
  request: { method: string; url: URL; headers: IncomingHttpHeaders; body: string },
  deps: { state: SandboxState; quota: QuotaGate; record: (caller: Caller, operation: string) => void },
): Promise<{ reply: HttpReply; operation: string; caller?: Caller }> {
  const { state, quota, record } = deps;
  const target = typeof request.headers['x-amz-target'] === 'string' ? request.headers['x-amz-target'] : undefined;
  let operation = 'Unknown';
  let caller: Caller | undefined;
  try {
    if (state.settings.latencyMs > 0) await new Promise(resolve => setTimeout(resolve, state.settings.latencyMs));
    const found = findDiscoveryOperation(service, { method: request.method, path: request.url.pathname, target, body: request.body });
    // Named like IAM actions: API Gateway's GetResources is not the Tagging API's.
    operation = `${service}:${found.operation.name}`;
    caller = identifyCaller(request.headers, accessKeyId => state.accountOfAccessKey(accessKeyId));
    record(caller, operation);
    const failure = discoveryFailureFor(state, caller, service);
    if (failure) throw discoveryFailure(service, failure, caller.accountId, operation);
    const decision = quota.take(`${caller.accountId}/${caller.region}/${service}`, state.settings.quotaPerSecond);
    if (!decision.allowed) throw discoveryFailure(service, 'throttled', caller.accountId, operation);
    const reply = runDiscoveryOperation(found, { caller, state, method: request.method, path: request.url.pathname, query: request.url.searchParams, target, body: request.body });
    return { reply, operation, caller };
  } catch (error) {
    const known = error instanceof SandboxError ? error : new SandboxError(500, 'InternalFailure', `The sandbox failed: ${String(error)}`);
    return { reply: discoveryErrorReply(service, known), operation, caller };
  }
}
