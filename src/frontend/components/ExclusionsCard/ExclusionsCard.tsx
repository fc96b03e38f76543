import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import type { Exclusion } from '../../../common/api';
import { EXCLUDE_TAG } from '../../../common/exclusions';
import { exclusionManagePermission } from '../../../common/permissions';
import { serverlessTracingApiRef } from '../../api';
import { humanErrorMessage } from '../../errors';
import { toError, useLoader } from '../../hooks/useLoader';
import { LoadError } from '../LoadError';
import { RelativeTime } from '../RelativeTime';

/**
 * Functions deliberately left untraced: the exclusions made here (by name pattern or one function's
 * ARN, with a reason), who made them and when; excluding or lifting needs a permission of its own.
 * Teams can also exclude a function with a tag, which this card names.
 */
export function ExclusionsCard(props: { onChanged?: () => void }) {
  const api = useApi(serverlessTracingApiRef);
  const [changes, setChanges] = useState(0);
  const exclusions = useLoader(() => api.listExclusions(), [api, changes]);
  const { allowed } = usePermission({ permission: exclusionManagePermission });
  const [actionError, setActionError] = useState<Error>();
  const changed = () => {
    setActionError(undefined);
    setChanges(n => n + 1);
    props.onChanged?.();
  };
  const remove = (exclusion: Exclusion) => api.deleteExclusion(exclusion.id).then(changed, error => setActionError(toError(error)));

  return (
    <InfoCard title="Excluded from tracing">
      <Typography variant="body2" color="text.secondary" gutterBottom>
        Excluded functions are not counted in coverage and not offered for bulk enable. Teams can exclude a
        function themselves with the tag <code>{EXCLUDE_TAG}</code>, its value the reason.
      </Typography>
      {exclusions.loading && !exclusions.value && <Progress />}
      {exclusions.error && <LoadError what="the exclusions" error={exclusions.error} onRetry={() => setChanges(n => n + 1)} />}
      {exclusions.value?.length === 0 && <Typography variant="body2">No exclusions made here.</Typography>}
      <List dense aria-label="Exclusions">
        {exclusions.value?.map(exclusion => (
          <ListItem
            key={exclusion.id}
            disableGutters
            secondaryAction={
              allowed && (
                <Button size="small" onClick={() => remove(exclusion)} aria-label={`Lift the exclusion of ${exclusion.pattern ?? exclusion.functionArn}`}>
                  Lift
                </Button>
              )
            }
          >
            <ListItemText
              primary={exclusion.pattern ? `Names matching ${exclusion.pattern}` : exclusion.functionArn}
              secondary={
                <>
                  {exclusion.reason} · {exclusion.createdBy}, <RelativeTime iso={exclusion.createdAt} />
                </>
              }
            />
          </ListItem>
        ))}
      </List>
      {actionError && <Alert severity="error">{humanErrorMessage(actionError)}</Alert>}
      {allowed && <ExclusionForm onCreated={changed} />}
    </InfoCard>
  );
}

function ExclusionForm(props: { onCreated: () => void }) {
  const api = useApi(serverlessTracingApiRef);
  const [kind, setKind] = useState<'pattern' | 'functionArn'>('pattern');
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error>();

  const submit = async () => {
    setSaving(true);
    setError(undefined);
    try {
      await api.createExclusion({ [kind]: target.trim(), reason });
      setTarget('');
      setReason('');
      props.onCreated();
    } catch (e) {
      setError(toError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Box component="form" aria-label="Add an exclusion" onSubmit={event => { event.preventDefault(); void submit(); }}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} alignItems={{ md: 'center' }}>
        <ToggleButtonGroup size="small" exclusive value={kind} onChange={(_e, next) => next && setKind(next)} aria-label="Exclude by">
          <ToggleButton value="pattern">Name pattern</ToggleButton>
          <ToggleButton value="functionArn">One function (ARN)</ToggleButton>
        </ToggleButtonGroup>
        <TextField
          size="small"
          label={kind === 'pattern' ? 'Name pattern, e.g. loadtest-*' : 'Function ARN'}
          value={target}
          onChange={event => setTarget(event.target.value)}
          sx={{ flex: 1 }}
        />
        <TextField size="small" label="Reason" value={reason} onChange={event => setReason(event.target.value)} sx={{ flex: 1 }} />
        <Button type="submit" variant="outlined" disabled={saving || !target.trim() || !reason.trim()}>
          Exclude
        </Button>
      </Stack>
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {humanErrorMessage(error)}
        </Alert>
      )}
    </Box>
  );
}
