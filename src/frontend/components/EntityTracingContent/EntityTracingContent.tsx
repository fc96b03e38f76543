import { useCallback, useState } from 'react';
import Box from '@mui/material/Box';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { CoverageSummary } from '../CoverageSummary';
import { FunctionInventory } from '../FunctionInventory';
import { DEFAULT_POLL_INTERVAL_MS } from '../TracingPage';

/** The entity tab: the page's coverage and table, scoped to this catalog entity's functions. */
export function EntityTracingContent(props: { pollIntervalMs?: number }) {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const [functionsChanged, setFunctionsChanged] = useState(0);
  const onFunctionsChanged = useCallback(() => setFunctionsChanged(n => n + 1), []);
  return (
    <Box>
      <CoverageSummary entityRef={entityRef} refreshKey={functionsChanged} />
      <Box sx={{ mt: 2 }}>
        <FunctionInventory
          entityRef={entityRef}
          pollIntervalMs={props.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS}
          refreshKey={0}
          onFunctionsChanged={onFunctionsChanged}
        />
      </Box>
    </Box>
  );
}
