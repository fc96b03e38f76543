import { useCallback, useState } from 'react';
import Box from '@mui/material/Box';
import { Content, Header, Page } from '@backstage/core-components';
import { useScan } from '../../hooks/useScan';
import { CoverageSummary, type FilteredCoverage } from '../CoverageSummary';
import { FunctionInventory } from '../FunctionInventory';
import { ScanStatus } from '../ScanStatus';
import { ExclusionsCard } from '../ExclusionsCard';
import { RecentJobs } from '../RecentJobs';
import { LayerUpgradesCard } from '../LayerUpgradesCard';
import { AuditTrail } from '../AuditTrail';

export const DEFAULT_POLL_INTERVAL_MS = 1500;

export interface TracingPageProps {
  /** How often running jobs and scans are polled. */
  pollIntervalMs?: number;
}

/** The plugin's page: coverage, scan status with Refresh, the function inventory, layer upgrades, recent jobs, exclusions and the audit trail. */
export function TracingPage(props: TracingPageProps) {
  const pollIntervalMs = props.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const [scansFinished, setScansFinished] = useState(0);
  const [functionsChanged, setFunctionsChanged] = useState(0);
  const onScanFinished = useCallback(() => setScansFinished(n => n + 1), []);
  const onFunctionsChanged = useCallback(() => setFunctionsChanged(n => n + 1), []);
  const [exclusionsChanged, setExclusionsChanged] = useState(0);
  const onExclusionsChanged = useCallback(() => setExclusionsChanged(n => n + 1), []);
  const scan = useScan(pollIntervalMs, onScanFinished);
  const [filtered, setFiltered] = useState<FilteredCoverage>(null);

  return (
    <Page themeId="tool">
      <Header title="Serverless tracing" subtitle="Which Lambda functions are traced, what each should have, and one click to enable it" />
      <Content>
        <ScanStatus control={scan} />
        <CoverageSummary refreshKey={scansFinished + functionsChanged + exclusionsChanged} filtered={filtered} />
        <Box sx={{ mt: 2 }}>
          <FunctionInventory
            pollIntervalMs={pollIntervalMs}
            refreshKey={scansFinished + exclusionsChanged}
            onFunctionsChanged={onFunctionsChanged}
            onFilteredCoverage={setFiltered}
          />
        </Box>
        <Box sx={{ mt: 2 }}>
          <LayerUpgradesCard pollIntervalMs={pollIntervalMs} onChanged={onFunctionsChanged} />
        </Box>
        <Box sx={{ mt: 2 }}>
          <RecentJobs refreshKey={functionsChanged} />
        </Box>
        <Box sx={{ mt: 2 }}>
          <ExclusionsCard onChanged={onExclusionsChanged} />
        </Box>
        <Box sx={{ mt: 2 }}>
          <AuditTrail refreshKey={functionsChanged} />
        </Box>
      </Content>
    </Page>
  );
}
