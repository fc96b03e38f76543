import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { humanErrorMessage } from '../../errors';

/** A failed load: what could not be loaded, why in words, and Retry. */
export function LoadError(props: { what: string; error: Error; onRetry: () => void }) {
  return (
    <Alert
      severity="error"
      sx={{ mb: 1 }}
      action={
        <Button color="inherit" size="small" onClick={props.onRetry}>
          Retry
        </Button>
      }
    >
      Could not load {props.what}: {humanErrorMessage(props.error)}
    </Alert>
  );
}
