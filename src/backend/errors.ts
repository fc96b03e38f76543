// Every error leaves the router as `{ error: { name, message } }` with the status DESIGN.md gives it.
// Backstage's own error middleware would add the request, stack traces and causes (which can carry
// AWS payloads), and has no 422; this one keeps the body to the documented shape.
import { CustomErrorBase, isError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ErrorRequestHandler } from 'express';
import type { ApiErrorBody } from '../common/api';

/** A plan has blockers: the change cannot be made as asked (HTTP 422). */
export class PlanBlockedError extends CustomErrorBase {
  override name = 'PlanBlockedError' as const;
}

const STATUS_BY_NAME: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  PlanBlockedError: 422,
  NotImplementedError: 501,
  ServiceUnavailableError: 503,
};

export function statusOf(error: unknown): number {
  if (!isError(error)) return 500;
  const known = STATUS_BY_NAME[error.name];
  if (known) return known;
  // body-parser's errors (malformed JSON, body too large) carry their own 4xx status.
  const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as any).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

export function errorBody(error: unknown, status: number): ApiErrorBody {
  if (status >= 500 || !isError(error)) {
    return { error: { name: 'InternalServerError', message: 'Something went wrong on the server; the backend log has the details.' } };
  }
  const name = STATUS_BY_NAME[error.name] ? error.name : 'InputError';
  return { error: { name, message: error.message } };
}

/** Caller-supplied text (a path, an entity ref quoted in a message) can never start a log line of its own. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function createErrorHandler(logger: LoggerService): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = statusOf(error);
    if (status >= 500) {
      // Name and message only: a stack or cause may quote AWS responses.
      const what = isError(error) ? `${error.name}: ${error.message}` : String(error);
      logger.error(`${req.method} ${oneLine(req.path)} failed: ${oneLine(what)}`);
    }
    res.status(status).json(errorBody(error, status));
  };
}
