// Who is calling: the account comes from the SigV4 access key id, the region from the credential scope
// (Credential=<AKID>/<date>/<region>/<service>/aws4_request). Signatures are not verified: the sandbox
// only needs to tell its fake accounts apart.
import type { IncomingHttpHeaders } from 'node:http';
import { SandboxError } from './errors';

export interface Caller {
  accessKeyId: string;
  accountId: string;
  region: string;
  service: string;
}

export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const CREDENTIAL = /Credential=([^/\s,]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

export function parseCredentialScope(authorization: string): CredentialScope | undefined {
  const match = CREDENTIAL.exec(authorization);
  if (!match) return undefined;
  const [, accessKeyId, date, region, service] = match;
  return { accessKeyId, date, region, service };
}

/** Resolves the caller or throws the error AWS would send for a missing, malformed or unknown key. */
export function identifyCaller(
  headers: IncomingHttpHeaders,
  accountOfAccessKey: (accessKeyId: string) => string | undefined,
): Caller {
  const authorization = headers.authorization;
  if (!authorization) {
    throw new SandboxError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const scope = parseCredentialScope(authorization);
  if (!scope) {
    throw new SandboxError(
      400,
      'IncompleteSignatureException',
      `Authorization header requires 'Credential' parameter in the form <AKID>/<date>/<region>/<service>/aws4_request. Authorization=${authorization.split(' ')[0]}`,
    );
  }
  const accountId = accountOfAccessKey(scope.accessKeyId);
  if (!accountId) {
    throw new SandboxError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  return { accessKeyId: scope.accessKeyId, accountId, region: scope.region, service: scope.service };
}
