import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import type { AttachRolePolicyResult } from '../../../common/api';
import type { Solution } from '../../../common/model';
import { rolePolicyAttachPermission } from '../../../common/permissions';
import { serverlessTracingApiRef } from '../../api';
import { humanErrorMessage } from '../../errors';
import { toError, useLoader } from '../../hooks/useLoader';

export interface RolePolicyDialogProps {
  functionArn: string;
  functionName: string;
  solution: Solution;
  onClose: () => void;
  /** The policy is attached: the plan should be read again. */
  onGranted: (result: AttachRolePolicyResult) => void;
}

/**
 * The confirmation before the plugin changes a function's execution role: the exact policy, the role,
 * and every other function that gains the permission too. Confirming sends the hash of the policy shown,
 * so a dialog left open while the plan changed attaches nothing.
 */
export function RolePolicyDialog(props: RolePolicyDialogProps) {
  const api = useApi(serverlessTracingApiRef);
  const proposal = useLoader(() => api.getRolePolicy(props.functionArn, props.solution), [api, props.functionArn, props.solution]);
  const [consent, setConsent] = useState(false);
  const [attaching, setAttaching] = useState(false);
  const [error, setError] = useState<Error>();
  const policy = proposal.value;

  const attach = () => {
    if (!policy) return;
    setAttaching(true);
    setError(undefined);
    api.attachRolePolicy(props.functionArn, { consent: true, documentHash: policy.documentHash, solution: props.solution }).then(
      result => props.onGranted(result),
      failure => {
        setError(toError(failure));
        setAttaching(false);
      },
    );
  };

  return (
    <Dialog open onClose={props.onClose} maxWidth="md" fullWidth aria-labelledby="role-policy-title">
      <DialogTitle id="role-policy-title">Grant the missing permission to {props.functionName}'s role</DialogTitle>
      <DialogContent>
        {proposal.loading && !policy && <Progress />}
        {proposal.error && <Alert severity="error">{humanErrorMessage(proposal.error)}</Alert>}
        {policy && (
          <>
            <Typography variant="body2" gutterBottom>
              This attaches the inline policy <code>{policy.policyName}</code> to the role <code>{policy.roleArn}</code>. It
              grants exactly what the plan needs and the role lacks:
            </Typography>
            <Box component="pre" aria-label="Policy document" sx={{ p: 1, bgcolor: 'action.hover', overflowX: 'auto', fontSize: 13 }}>
              {policy.policyDocument}
            </Box>
            {policy.sharedWith.length > 0 ? (
              <Alert severity="warning" sx={{ my: 1 }} aria-label="Other functions with this role">
                {policy.warnings.find(note => note.code === 'role-shared')?.message ??
                  `The role is shared by ${policy.sharedWith.length} other function(s): they gain these permissions too.`}
                <Box component="ul" sx={{ my: 0.5, pl: 3 }}>
                  {policy.sharedWith.map(fn => (
                    <li key={fn.arn}>{fn.name}</li>
                  ))}
                </Box>
              </Alert>
            ) : (
              <Typography variant="body2" gutterBottom>
                No other function in the inventory uses this role.
              </Typography>
            )}
            <FormControlLabel
              control={<Checkbox checked={consent} onChange={event => setConsent(event.target.checked)} />}
              label="I have reviewed this policy and consent to attaching it to the role."
            />
          </>
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {humanErrorMessage(error)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button variant="contained" color="warning" disabled={!policy || !consent || attaching} onClick={attach}>
          {attaching ? 'Attaching…' : 'Attach the policy'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * "Grant the missing permission…" under a plan blocked by the role, for people who may attach role
 * policies; opens the confirmation.
 */
export function GrantRolePermissionButton(props: Omit<RolePolicyDialogProps, 'onClose'>) {
  const { allowed } = usePermission({ permission: rolePolicyAttachPermission });
  const [open, setOpen] = useState(false);
  if (!allowed) return null;
  return (
    <>
      <Button variant="outlined" size="small" sx={{ mt: 1 }} onClick={() => setOpen(true)}>
        Grant the missing permission…
      </Button>
      {open && (
        <RolePolicyDialog
          {...props}
          onClose={() => setOpen(false)}
          onGranted={result => {
            setOpen(false);
            props.onGranted(result);
          }}
        />
      )}
    </>
  );
}
