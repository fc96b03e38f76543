import { DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  value: T | undefined;
  loading: boolean;
  error: Error | undefined;
}

/**
 * Loads data whenever `deps` change (callers add a refresh counter to load again). Keeps the
 * previous value while a new load is in flight so tables and cards do not flash empty between
 * pages, ignores answers to superseded requests and aborts them (the signal passed to `load`).
 */
export function useLoader<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const [state, setState] = useState<{ value?: T; loading: boolean; error?: Error }>({ loading: true });
  const latest = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stableLoad = useCallback(load, deps);

  useEffect(() => {
    const request = ++latest.current;
    const controller = new AbortController();
    setState(previous => ({ value: previous.value, loading: true }));
    stableLoad(controller.signal).then(
      value => request === latest.current && setState({ value, loading: false }),
      error => request === latest.current && setState(previous => ({ value: previous.value, loading: false, error: toError(error) })),
    );
    return () => controller.abort();
  }, [stableLoad]);

  return { value: state.value, loading: state.loading, error: state.error };
}

export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
