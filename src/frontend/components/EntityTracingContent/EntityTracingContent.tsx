import { useCallback, useState } from 'react';
import Box from '@mui/material/Box';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { CoverageSummary, type FilteredCoverage } from '../CoverageSummary';
import { FunctionInventory } from '../FunctionInventory';
import { DEFAULT_POLL_INTERVAL_MS } from '../TracingPage';

/** The entity tab: the page's coverage and table, scoped to this catalog entity's functions. */
export function EntityTracingContent(props: { pollIntervalMs?: number }) {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const [functionsChanged, setFunctionsChanged] = useState(0);
  const onFunctionsChanged = useCallback(() => setFunctionsChanged(n => n + 1), []);
  const [filtered, setFiltered] = useState<FilteredCoverage>(null);
  return (
    // minWidth 0 lets the grid shrink to the tab's width instead of widening the page to its columns.
    <Box sx={{ minWidth: 0, maxWidth: '100%' }}>
      <CoverageSummary entityRef={entityRef} refreshKey={functionsChanged} filtered={filtered} />
      <Box sx={{ mt: 2 }}>
        <FunctionInventory
          entityRef={entityRef}
          pollIntervalMs={props.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS}
          refreshKey={0}
          onFunctionsChanged={onFunctionsChanged}
          onFilteredCoverage={setFiltered}
        />
      </Box>
    </Box>
  );
}
