// Errors as AWS sends them, so the SDK maps each to its own exception class.
// restJson1 (Lambda) reads the code from the x-amzn-errortype header first; awsJson1_1 (Resource Groups
// Tagging API) reads it from the body's __type first. We send both everywhere.

export class SandboxError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

export function lambdaErrorReply(error: SandboxError): HttpReply {
  return {
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code, ...error.headers },
    body: JSON.stringify({ Type: error.status >= 500 ? 'Service' : 'User', message: error.message, ...error.fields }),
  };
}

export function taggingErrorReply(error: SandboxError): HttpReply {
  return {
    status: error.status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': error.code, ...error.headers },
    body: JSON.stringify({ __type: error.code, Message: error.message }),
  };
}

export const notFound = (message: string) => new SandboxError(404, 'ResourceNotFoundException', message);

export const functionNotFound = (arn: string) => notFound(`Function not found: ${arn}`);

export const invalidParameter = (message: string) => new SandboxError(400, 'InvalidParameterValueException', message);

export const validationError = (value: string, member: string, constraint: string) =>
  new SandboxError(
    400,
    'ValidationException',
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );

export const preconditionFailed = () =>
  new SandboxError(
    412,
    'PreconditionFailedException',
    'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
  );

export const updateInProgress = (arn: string) =>
  new SandboxError(
    409,
    'ResourceConflictException',
    `The operation cannot be performed at this time. An update is in progress for resource: ${arn}`,
  );

export const lambdaThrottled = (retryAfterSeconds: number) =>
  new SandboxError(429, 'TooManyRequestsException', 'Rate exceeded', { 'retry-after': String(retryAfterSeconds) }, {
    Reason: 'CallerRateLimitExceeded',
  });

export const taggingThrottled = (retryAfterSeconds: number) =>
  new SandboxError(400, 'ThrottledException', 'Rate exceeded', { 'retry-after': String(retryAfterSeconds) });

/** The failures a test can inject for a whole account-region. */
export type InjectedFailure = 'AccessDeniedException' | 'ServiceUnavailable' | 'TooManyRequestsException';

export function injectedFailure(kind: InjectedFailure, accountId: string, operation: string): SandboxError {
  switch (kind) {
    case 'AccessDeniedException':
      return new SandboxError(
        403,
        'AccessDeniedException',
        `User: arn:aws:sts::${accountId}:assumed-role/backstage-serverless-tracing/sandbox is not authorized to perform: lambda:${operation} because no identity-based policy allows the lambda:${operation} action`,
      );
    case 'ServiceUnavailable':
      return new SandboxError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Retry the request later.');
    case 'TooManyRequestsException':
      return lambdaThrottled(1);
  }
}
