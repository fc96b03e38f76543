// What a failed request means for the person looking at the page: no raw URLs, no stack-like text.
import { ServerlessTracingApiError } from './api/ServerlessTracingApiError';

const UNREACHABLE = 'The serverless-tracing backend could not be reached. Check your connection and that the backend is running, then retry.';
const URL_PATTERN = /\bhttps?:\/\/\S+/g;
const HAS_URL = /\bhttps?:\/\//;

/** A sentence for people: the backend's own explanation where it gave one, never a request URL. */
export function humanErrorMessage(error: Error): string {
  if (error instanceof ServerlessTracingApiError) {
    if (error.status >= 500 && error.errorName === 'Error' && HAS_URL.test(error.message)) return UNREACHABLE;
    return withoutUrls(error.message);
  }
  // fetch() rejects with a TypeError ("Failed to fetch", "NetworkError when attempting…") when offline.
  if (error instanceof TypeError || /fetch|network/i.test(error.message)) return UNREACHABLE;
  return withoutUrls(error.message);
}

function withoutUrls(message: string): string {
  return message.replace(URL_PATTERN, 'the backend');
}
