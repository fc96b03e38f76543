import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import { useApi } from '@backstage/core-plugin-api';
import type { FunctionSummary, FunctionsQuery } from '../../../common/api';
import { serverlessTracingApiRef } from '../../api';
import { humanErrorMessage } from '../../errors';
import { downloadText, fetchAllFunctions, functionsCsv } from '../../export';
import { toError } from '../../hooks/useLoader';
import { READABLE_WHEN_DISABLED } from '../../readable';

/**
 * Toolbar actions over everything the filters match, not just the page shown: export as CSV and
 * select all for a bulk action. Both fetch every page through the API with the table's filters.
 */
export function InventoryActions(props: {
  /** The table's current query (filters and sort). */
  query: () => Promise<FunctionsQuery>;
  onSelectAll: (functions: FunctionSummary[]) => void;
}) {
  const api = useApi(serverlessTracingApiRef);
  const [busy, setBusy] = useState<'export' | 'select'>();
  const [error, setError] = useState<string>();

  const run = (what: 'export' | 'select', then: (rows: FunctionSummary[]) => void) => {
    setBusy(what);
    setError(undefined);
    props
      .query()
      .then(query => fetchAllFunctions(q => api.listFunctions(q), query))
      .then(then, failure => setError(`${what === 'export' ? 'Export' : 'Selecting'} failed: ${humanErrorMessage(toError(failure))}`))
      .finally(() => setBusy(undefined));
  };

  return (
    <>
      <Button
        size="small"
        disabled={busy !== undefined}
        sx={READABLE_WHEN_DISABLED}
        startIcon={busy === 'export' ? <CircularProgress size={14} /> : undefined}
        onClick={() => run('export', rows => downloadText(functionsCsv(rows), 'lambda-functions.csv'))}
      >
        Export CSV
      </Button>
      <Button
        size="small"
        disabled={busy !== undefined}
        sx={READABLE_WHEN_DISABLED}
        startIcon={busy === 'select' ? <CircularProgress size={14} /> : undefined}
        onClick={() => run('select', props.onSelectAll)}
      >
        Select all matching
      </Button>
      {error && (
        <Alert severity="error" sx={{ py: 0 }} onClose={() => setError(undefined)}>
          {error}
        </Alert>
      )}
    </>
  );
}
