import type { ApiErrorBody } from '../../common/api';

/**
 * A failed backend call, carrying the backend's own explanation (`{ error: { name, message } }`)
 * so the UI can show people what happened instead of a bare status code.
 */
export class ServerlessTracingApiError extends Error {
  readonly status: number;
  /** The backend's error name, e.g. "ConflictError" or "NotAllowedError". */
  readonly errorName: string;

  constructor(status: number, errorName: string, message: string) {
    super(message);
    this.name = 'ServerlessTracingApiError';
    this.status = status;
    this.errorName = errorName;
  }

  static async fromResponse(response: Response): Promise<ServerlessTracingApiError> {
    const text = await response.text().catch(() => '');
    const body = parseErrorBody(text);
    if (body) {
      return new ServerlessTracingApiError(response.status, body.error.name, body.error.message);
    }
    const statusText = response.statusText ? ` ${response.statusText}` : '';
    return new ServerlessTracingApiError(
      response.status,
      'Error',
      `The serverless-tracing backend answered ${response.status}${statusText}` +
        ' without an explanation; check that the backend plugin is installed and running.',
    );
  }
}

function parseErrorBody(text: string): ApiErrorBody | undefined {
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed?.error?.message === 'string') {
      return { error: { name: String(parsed.error.name ?? 'Error'), message: parsed.error.message } };
    }
  } catch {
    // Not JSON (a proxy's HTML error page, say): fall back to the status line.
  }
  return undefined;
}
