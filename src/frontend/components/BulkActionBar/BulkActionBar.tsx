import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

/**
 * Shown while rows are selected: what is selected and what can be done with all of them. Drifted
 * functions among them can be re-applied on their own (an enable job that plans what is missing).
 */
export function BulkActionBar(props: {
  count: number;
  drifted?: number;
  onEnable: () => void;
  onReapply?: () => void;
  onRollback?: () => void;
  onClear: () => void;
}) {
  if (props.count === 0) return null;
  const drifted = props.drifted ?? 0;
  return (
    <Paper variant="outlined" sx={{ px: 2, py: 1, mb: 1 }} role="region" aria-label="Bulk actions">
      <Stack direction="row" spacing={2} alignItems="center">
        <Typography variant="body2">
          {props.count} {props.count === 1 ? 'function' : 'functions'} selected
        </Typography>
        <Button variant="contained" size="small" onClick={props.onEnable}>
          Enable selected
        </Button>
        {drifted > 0 && props.onReapply && (
          <Button variant="outlined" size="small" onClick={props.onReapply}>
            Re-apply to {drifted} drifted
          </Button>
        )}
        {props.onRollback && (
          <Button variant="outlined" size="small" onClick={props.onRollback}>
            Roll back selected
          </Button>
        )}
        <Button size="small" onClick={props.onClear}>
          Clear selection
        </Button>
      </Stack>
    </Paper>
  );
}
