import { useEffect, useRef, useState } from 'react';

/**
 * The value, once it has stopped changing for `delayMs` (search-as-you-type without a request per key).
 * The wait counts from the render that first saw the new value, not from the effect after its commit:
 * a keystroke re-renders everything that reads the URL, and that render must not lengthen the wait
 * on top of the delay (bench/suites/browser.ts).
 */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  const changed = useRef({ value, at: performance.now() });
  if (!Object.is(changed.current.value, value)) changed.current = { value, at: performance.now() };
  useEffect(() => {
    const remaining = Math.max(0, delayMs - (performance.now() - changed.current.at));
    const timer = setTimeout(() => setDebounced(value), remaining);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}
