// What runs inside the page (added before any of the app's scripts): it timestamps with the page's
// own clock, so the figures contain no round trip to the benchmark process.
//
// - Interactive: from navigation start (performance.now() is 0 there) until the inventory shows its
//   first rows and the search box is there and enabled, then until that frame is painted (the next
//   animation frame has run and the task after it has started).
// - Keystroke: from the keydown in the search box until the grid's rows are exactly the rows the
//   API answers for the new query (their ARNs, in order), painted. The debounce, the request and
//   every render in between are inside.
//
// Kept as one self-contained function: it is serialised into the page, so it may use nothing from
// this module's scope.

export interface KeystrokeTiming {
  /** Keydown until the expected rows are in the DOM. */
  matchedMs: number;
  /** Keydown until the frame showing them is painted. */
  paintedMs: number;
}

export interface PageBench {
  interactiveAt?: number;
  interactivePaintedAt?: number;
  /** Arms the keystroke measurement: the next keydown in the search box starts the clock. */
  expectRows(arns: string[]): void;
  keystroke?: KeystrokeTiming;
}

declare global {
  interface Window {
    __bench: PageBench;
  }
}

export function instrumentPage(): void {
  const searchBox = (): HTMLInputElement | undefined => {
    const label = [...document.querySelectorAll('label')].find(l => l.textContent?.trim() === 'Search functions');
    const input = label?.htmlFor ? document.getElementById(label.htmlFor) : null;
    return input instanceof HTMLInputElement ? input : undefined;
  };
  const grid = () => document.querySelector('[aria-label="Lambda functions"]');
  const rowIds = () => [...(grid()?.querySelectorAll('[role="row"][data-id]') ?? [])].map(row => row.getAttribute('data-id') ?? '');
  const afterPaint = (then: () => void) => requestAnimationFrame(() => setTimeout(then, 0));

  const bench: PageBench = {
    expectRows(arns) {
      bench.keystroke = undefined;
      let keydownAt: number | undefined;
      let done = false;
      const check = () => {
        if (done || keydownAt === undefined) return;
        const ids = rowIds();
        const matches =
          arns.length === 0
            ? ids.length === 0 && !!grid()?.textContent?.includes('No functions match these filters.')
            : ids.length === arns.length && ids.every((id, i) => id === arns[i]);
        if (!matches) return;
        done = true;
        observer.disconnect();
        const started = keydownAt;
        const matchedMs = performance.now() - started;
        afterPaint(() => {
          bench.keystroke = { matchedMs, paintedMs: performance.now() - started };
        });
      };
      const observer = new MutationObserver(check);
      const onKeydown = (event: KeyboardEvent) => {
        if (event.target !== searchBox()) return;
        keydownAt = performance.now();
        document.removeEventListener('keydown', onKeydown, true);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      };
      document.addEventListener('keydown', onKeydown, true);
    },
  };
  window.__bench = bench;

  const interactive = new MutationObserver(() => {
    const box = searchBox();
    if (!box || box.disabled || rowIds().length === 0) return;
    interactive.disconnect();
    bench.interactiveAt = performance.now();
    afterPaint(() => {
      bench.interactivePaintedAt = performance.now();
    });
  });
  interactive.observe(document, { subtree: true, childList: true, attributes: true });
}
