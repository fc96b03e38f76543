/** Raised inside a job item when the backend shuts down: the item stays claimed and resumes later. */
export class ShutdownError extends Error {
  override name = 'ShutdownError';
  constructor() {
    super('The backend is shutting down; the item resumes when it starts again.');
  }
}

export function throwIfStopped(signal: AbortSignal): void {
  if (signal.aborted) throw new ShutdownError();
}

/** Waits `ms`, or less if the signal fires (then throws ShutdownError). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new ShutdownError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ShutdownError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
