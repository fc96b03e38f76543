import type { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { usePermission } from '@backstage/plugin-permission-react';
import type { ScanInfo } from '../../../common/api';
import { scanCreatePermission } from '../../../common/permissions';
import type { ScanControl } from '../../hooks/useScan';
import { humanErrorMessage } from '../../errors';
import { RelativeTime } from '../RelativeTime';
import { READABLE_WHEN_DISABLED } from '../../readable';

/** When the inventory was last scanned, which account-regions failed, and Refresh. */
export function ScanStatus(props: { control: ScanControl }) {
  const { scan, error, scanning, startScan } = props.control;
  const permission = usePermission({ permission: scanCreatePermission });
  const deniedReason = !permission.loading && !permission.allowed ? 'You are not allowed to start a scan.' : undefined;
  const refresh = (
    <Button
      variant="outlined"
      onClick={startScan}
      disabled={scanning || permission.loading || deniedReason !== undefined}
      sx={READABLE_WHEN_DISABLED}
      startIcon={scanning ? <CircularProgress size={16} /> : undefined}
    >
      {scanning ? 'Scanning…' : 'Refresh'}
    </Button>
  );

  return (
    <Stack spacing={1} sx={{ mb: 2 }}>
      <Stack direction="row" spacing={2} alignItems="center">
        <Typography variant="body2" aria-live="polite">
          {describeScan(scan)}
        </Typography>
        {deniedReason ? (
          <Tooltip title={deniedReason}>
            <span>{refresh}</span>
          </Tooltip>
        ) : (
          refresh
        )}
      </Stack>
      {error && <Alert severity="error">Scan: {humanErrorMessage(error)}</Alert>}
      {scan && scan.errors.length > 0 && (
        <Alert severity="warning" aria-label="Scan errors">
          {scan.errors.length === 1 ? 'One account-region' : `${scan.errors.length} account-regions`} could not be scanned;
          their functions show their last known state:
          <ul style={{ margin: 0 }}>
            {scan.errors.map(e => (
              <li key={`${e.accountId}/${e.region}`}>
                {e.accountId} / {e.region}: {e.name}: {e.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
    </Stack>
  );
}

function describeScan(scan: ScanInfo | null | undefined): ReactNode {
  if (scan === undefined) return 'Loading scan status…';
  if (scan === null) return 'The inventory has never been scanned.';
  if (scan.state === 'running') {
    return (
      <>
        Scan running since <RelativeTime iso={scan.startedAt} />…
      </>
    );
  }
  const outcome = { succeeded: 'Last scan', partial: 'Last scan (partial)', failed: 'Last scan failed' }[scan.state];
  return (
    <>
      {outcome}: <RelativeTime iso={scan.finishedAt ?? scan.startedAt} /> · {scan.functionCount} functions
    </>
  );
}
