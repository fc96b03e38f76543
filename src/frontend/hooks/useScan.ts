import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { ScanInfo } from '../../common/api';
import { serverlessTracingApiRef } from '../api';
import { toError } from './useLoader';

export interface ScanControl {
  /** The latest scan; null when the inventory was never scanned, undefined while loading. */
  scan: ScanInfo | null | undefined;
  error: Error | undefined;
  /** True from the click on Refresh until the scan has finished. */
  scanning: boolean;
  startScan: () => void;
}

/**
 * The inventory's latest scan, and Refresh: starts a scan and polls GET /scans/latest until it has
 * finished, then calls `onFinished` so the page reloads what the scan changed.
 */
export function useScan(pollIntervalMs: number, onFinished: () => void): ScanControl {
  const api = useApi(serverlessTracingApiRef);
  const [scan, setScan] = useState<ScanInfo | null>();
  const [error, setError] = useState<Error>();
  const [starting, setStarting] = useState(false);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  useEffect(() => {
    api.getLatestScan().then(setScan, failure => setError(toError(failure)));
  }, [api]);

  const running = scan?.state === 'running';
  useEffect(() => {
    if (!running) return undefined;
    let cancelled = false;
    const timer = setTimeout(() => {
      api.getLatestScan().then(
        next => {
          if (cancelled) return;
          setScan(next);
          if (next?.state !== 'running') finished.current();
        },
        failure => !cancelled && setError(toError(failure)),
      );
    }, pollIntervalMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, running, scan, error, pollIntervalMs]);

  const startScan = useCallback(() => {
    setStarting(true);
    setError(undefined);
    api
      .startScan()
      .then(setScan, failure => setError(toError(failure)))
      .finally(() => setStarting(false));
  }, [api]);

  return { scan, error, scanning: starting || running, startScan };
}
