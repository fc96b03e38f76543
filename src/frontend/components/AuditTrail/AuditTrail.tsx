import { useState } from 'react';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { AuditEvent, AuditQuery } from '../../../common/api';
import { parseFunctionArn } from '../../../common/arn';
import { serverlessTracingApiRef } from '../../api';
import { useLoader } from '../../hooks/useLoader';
import type { ChipColor } from '../../labels';
import { LoadError } from '../LoadError';
import { RelativeTime } from '../RelativeTime';

const SHOWN = 100;
const OUTCOME_COLORS: Record<AuditEvent['outcome'], ChipColor> = { succeeded: 'success', failed: 'error', refused: 'warning' };

type Filters = Pick<AuditQuery, 'actor' | 'action' | 'outcome'>;

/** Every enable and rollback attempt: who, what, when and how it ended, filtered by who, action and outcome. */
export function AuditTrail(props: { refreshKey: number }) {
  const api = useApi(serverlessTracingApiRef);
  const [filters, setFilters] = useState<Filters>({});
  const [actor, setActor] = useState('');
  const [retries, setRetries] = useState(0);
  const events = useLoader(() => api.listAudit({ ...filters, limit: SHOWN }), [api, filters, props.refreshKey, retries]);
  const select = (key: 'action' | 'outcome') => (value: string) => setFilters(f => ({ ...f, [key]: value || undefined }));

  return (
    <InfoCard title="Audit trail">
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ mb: 1 }} component="form" aria-label="Audit filters" onSubmit={event => {
        event.preventDefault();
        setFilters(f => ({ ...f, actor: actor.trim() || undefined }));
      }}>
        <TextField size="small" label="Who" placeholder="user:default/jane" value={actor} onChange={event => setActor(event.target.value)} />
        <TextField size="small" select label="Action" value={filters.action ?? ''} onChange={event => select('action')(event.target.value)} sx={{ minWidth: 140 }}>
          <MenuItem value="">Any</MenuItem>
          <MenuItem value="enable">Enable</MenuItem>
          <MenuItem value="rollback">Roll back</MenuItem>
          <MenuItem value="role-policy">Grant role permission</MenuItem>
        </TextField>
        <TextField size="small" select label="Outcome" value={filters.outcome ?? ''} onChange={event => select('outcome')(event.target.value)} sx={{ minWidth: 140 }}>
          <MenuItem value="">Any</MenuItem>
          <MenuItem value="succeeded">Succeeded</MenuItem>
          <MenuItem value="failed">Failed</MenuItem>
          <MenuItem value="refused">Refused</MenuItem>
        </TextField>
        <Button type="submit" size="small">
          Apply
        </Button>
      </Stack>
      {events.loading && !events.value && <Progress />}
      {events.error && <LoadError what="the audit trail" error={events.error} onRetry={() => setRetries(n => n + 1)} />}
      {events.value?.length === 0 && <Typography variant="body2">Nothing recorded matches these filters.</Typography>}
      {events.value && events.value.length > 0 && (
        <Table size="small" aria-label="Audit trail">
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>Who</TableCell>
              <TableCell>Function</TableCell>
              <TableCell>What</TableCell>
              <TableCell>Outcome</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {events.value.map(event => (
              <TableRow key={event.id}>
                <TableCell>
                  <RelativeTime iso={event.at} />
                </TableCell>
                <TableCell>{event.actor}</TableCell>
                <TableCell title={event.functionArn}>{parseFunctionArn(event.functionArn)?.functionName ?? event.functionArn}</TableCell>
                <TableCell>
                  {event.action === 'enable' ? 'Enable' : event.action === 'rollback' ? 'Roll back' : 'Grant role permission'}
                  {event.summary ? `: ${event.summary}` : ''}
                </TableCell>
                <TableCell>
                  <Chip size="small" label={event.outcome} color={OUTCOME_COLORS[event.outcome]} />
                  {event.message && (
                    <Typography variant="caption" component="p">
                      {event.message}
                    </Typography>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
