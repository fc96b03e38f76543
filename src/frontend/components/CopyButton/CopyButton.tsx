import { useState } from 'react';
import Button from '@mui/material/Button';

/** Copies text to the clipboard and says so ("Copied"), or says that the browser refused. */
export function CopyButton(props: { text: string; what: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () => {
    // navigator.clipboard exists only in secure contexts (https, localhost).
    const write = navigator.clipboard?.writeText(props.text) ?? Promise.reject(new Error('no clipboard'));
    write.then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <Button size="small" variant="text" onClick={copy} aria-label={`Copy ${props.what}`} sx={{ minWidth: 0, py: 0, verticalAlign: 'baseline' }}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select and copy by hand' : 'Copy'}
    </Button>
  );
}
