// Turns whatever the SDK (or the network) threw into an AwsCallError: a kind the enablement runner
// acts on and a sentence a person can act on.
import { AwsCallError, type AccountRegion, type AwsErrorKind } from './types';

/** What we were doing when the call failed, for the message. */
export interface Operation {
  /** e.g. "listing functions", "reading function payments-api". */
  description: string;
  /** The IAM action the backend's role needs for this call, e.g. "lambda:ListFunctions". */
  iamAction: string;
}

interface SdkLikeError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

const BY_NAME: Record<string, AwsErrorKind> = {
  PreconditionFailedException: 'revision-mismatch',
  ResourceConflictException: 'update-in-progress',
  TooManyRequestsException: 'throttled',
  ThrottlingException: 'throttled',
  ThrottledException: 'throttled',
  RequestLimitExceeded: 'throttled',
  Throttling: 'throttled',
  ResourceNotFoundException: 'not-found',
  AccessDeniedException: 'access-denied',
  AccessDenied: 'access-denied',
  AuthorizationError: 'access-denied',
  UnauthorizedException: 'access-denied',
  UnauthorizedOperation: 'access-denied',
  UnrecognizedClientException: 'access-denied',
  InvalidSignatureException: 'access-denied',
  ExpiredTokenException: 'access-denied',
  CredentialsProviderError: 'access-denied',
  AWSOrganizationsNotInUseException: 'access-denied',
  AccessDeniedForDependencyException: 'access-denied',
  ServiceException: 'unavailable',
  ServiceUnavailable: 'unavailable',
  ServiceUnavailableException: 'unavailable',
  InternalServiceError: 'unavailable',
  InternalServiceException: 'unavailable',
  AbortError: 'unavailable',
  TimeoutError: 'unavailable',
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/** The kind of failure, from the exception's name, its HTTP status or the network error code. */
export function classifyAwsError(error: unknown): AwsErrorKind {
  if (error instanceof AwsCallError) return error.kind;
  const e = (error ?? {}) as SdkLikeError;
  const byName = e.name ? BY_NAME[e.name] : undefined;
  // A layer version that does not exist makes the request wrong; the function itself is there.
  if (byName === 'not-found' && /layer ?version/i.test(e.message ?? '')) return 'invalid';
  if (byName) return byName;
  if (e.code && NETWORK_CODES.has(e.code)) return 'unavailable';
  const status = e.$metadata?.httpStatusCode;
  if (status === 429) return 'throttled';
  if (status === 403 || /not authorized/i.test(e.message ?? '')) return 'access-denied';
  if (status === 404) return 'not-found';
  if (status !== undefined && status >= 500) return 'unavailable';
  if (status !== undefined && status >= 400) return 'invalid';
  // No HTTP answer at all: the endpoint is unreachable or the connection broke.
  return 'unavailable';
}

const LABELS: Record<AwsErrorKind, string> = {
  'access-denied': 'Access denied',
  throttled: 'Throttled',
  unavailable: 'No answer from AWS',
  'not-found': 'Not found',
  'revision-mismatch': 'Conflict',
  'update-in-progress': 'Update in progress',
  invalid: 'Rejected',
};

function advice(kind: AwsErrorKind, operation: Operation, attempts: number): string {
  switch (kind) {
    case 'access-denied':
      return `Check that the IAM role Backstage uses in this account exists, can be assumed, and allows ${operation.iamAction} (see the README's IAM policy).`;
    case 'throttled':
      return `AWS kept throttling after ${attempts} attempt(s); lower serverlessTracing.rateLimit or try again later.`;
    case 'unavailable':
      return `AWS did not answer in time or answered with a server error after ${attempts} attempt(s); try again later, and check the network or serverlessTracing.endpoint.`;
    case 'not-found':
      return 'It no longer exists; run a scan to refresh the inventory.';
    case 'revision-mismatch':
      return 'Someone changed the function since it was read; read it again and plan again.';
    case 'update-in-progress':
      return 'A previous update of the function has not finished yet; wait until its LastUpdateStatus is Successful.';
    case 'invalid':
      return 'AWS rejected the request as invalid.';
  }
}

/**
 * AWS text with anything that may quote a function's configuration cut out: Lambda's over-4 KB
 * environment error quotes the whole environment ("String measured: {...}"), secrets included.
 */
export function scrubAwsText(text: string): string {
  return text
    .replace(/\s*String measured:[\s\S]*$/i, ' (quoted configuration removed)')
    .replace(/\{[\s\S]*\}/g, '{…}')
    .replace(/\{\s*"[\s\S]*$/, '{…}')
    .trim();
}

/** An AwsCallError saying what failed, where, AWS's own words (scrubbed), and what to do about it. */
export function toAwsCallError(
  error: unknown,
  operation: Operation,
  target: AccountRegion,
  attempts = 1,
): AwsCallError {
  if (error instanceof AwsCallError) return error;
  const e = (error ?? {}) as SdkLikeError;
  const kind = classifyAwsError(error);
  const awsName = e.name ?? e.code ?? 'Error';
  const awsMessage = scrubAwsText(e.message ?? String(error)) || awsName;
  const label = LABELS[kind];
  const message = `${label} ${operation.description} in ${target.accountId}/${target.region}: ${awsMessage}. ${advice(kind, operation, attempts)}`;
  return new AwsCallError(kind, message, awsName);
}
