import { renderHook, waitFor } from '@testing-library/react';
import { useLoader } from '../../src/frontend/hooks/useLoader';

describe('useLoader', () => {
  it('aborts the request a newer one supersedes', async () => {
    const signals: AbortSignal[] = [];
    const { rerender } = renderHook(({ q }) => useLoader(signal => (signals.push(signal), new Promise<string>(() => {})), [q]), {
      initialProps: { q: 'a' },
    });
    rerender({ q: 'ab' });
    await waitFor(() => expect(signals).toHaveLength(2));
    expect(signals.map(s => s.aborted)).toEqual([true, false]);
  });

  it('never shows the answer of a superseded request', async () => {
    let answerFirst: (value: string) => void = () => {};
    const { result, rerender } = renderHook(
      ({ q }) => useLoader(() => (q === 'a' ? new Promise<string>(resolve => (answerFirst = resolve)) : Promise.resolve('ab rows')), [q]),
      { initialProps: { q: 'a' } },
    );
    rerender({ q: 'ab' });
    await waitFor(() => expect(result.current.value).toBe('ab rows'));
    answerFirst('a rows');
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(result.current.value).toBe('ab rows');
  });
});
