import { useState, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { FunctionDetails as Details, PlanView } from '../../../common/api';
import type { Solution } from '../../../common/model';
import { serverlessTracingApiRef } from '../../api';
import { useLoader } from '../../hooks/useLoader';
import { IAC_LABELS, SOLUTION_LABELS } from '../../labels';
import { EnableButton, RollbackButton } from '../ActionButtons';
import { RecommendationChip } from '../RecommendationChip';
import { HowToSteps } from '../HowToSteps';
import { LoadError } from '../LoadError';
import { PlanDiff } from '../PlanDiff';
import { StatusChip } from '../StatusChip';
import { TraceEvidenceNote } from '../TraceEvidence';
import { FunctionLinks } from '../FunctionLinks';
import { FunctionFacts } from './FunctionFacts';
import { FunctionHistory } from './FunctionHistory';
import { OtherSolutionPlan, SolutionPicker } from './OtherSolution';
import { EXCLUDE_TAG } from '../../../common/exclusions';
import { GrantRolePermissionButton } from '../RolePolicyDialog';

export interface FunctionDetailsProps {
  arn: string;
  /** Changes after a job finished, so the drawer shows the function as it is now. */
  refreshKey: number;
  onClose: () => void;
  /** Enable the recommendation, or the solution the user chose instead (with its plan). */
  onEnable: (details: Details, choice?: { solution: Solution; plan: PlanView }) => void;
  onRollback: (details: Details) => void;
  /** The configured Datadog site (from the functions page) for the link to Datadog; unknown before it answered. */
  datadogSite?: string;
}

/** The details drawer: why the status, what we recommend and why, and exactly what would change. */
export function FunctionDetails(props: FunctionDetailsProps) {
  const api = useApi(serverlessTracingApiRef);
  const [retries, setRetries] = useState(0);
  const { value, loading, error } = useLoader(() => api.getFunction(props.arn), [api, props.arn, props.refreshKey, retries]);
  const details = value?.arn === props.arn ? value : undefined;

  return (
    <Drawer anchor="right" open onClose={props.onClose} PaperProps={{ sx: { width: { xs: '100%', md: 680 }, p: 3 } }}>
      <Stack direction="row" justifyContent="space-between" alignItems="center">
        <Typography variant="h5" component="h2">
          {details?.name ?? 'Function details'}
        </Typography>
        <IconButton aria-label="Close details" onClick={props.onClose}>
          ×
        </IconButton>
      </Stack>
      {loading && !details && <Progress />}
      {error && <LoadError what="this function" error={error} onRetry={() => setRetries(n => n + 1)} />}
      {details && <FunctionLinks fn={details} datadogSite={props.datadogSite} />}
      {details && <DetailsBody details={details} onEnable={props.onEnable} onRollback={props.onRollback} onRoleGranted={() => setRetries(n => n + 1)} />}
    </Drawer>
  );
}

const STEPS_INSTEAD_OF_BUTTON = ['needs-code-change', 'needs-image-rebuild', 'upgrade-runtime-first'];

function DetailsBody(props: {
  details: Details;
  onEnable: FunctionDetailsProps['onEnable'];
  onRollback: FunctionDetailsProps['onRollback'];
  /** A policy was attached to the function's role: the plan is read again. */
  onRoleGranted: () => void;
}) {
  const { details } = props;
  const { recommendation } = details;
  const stepsInstead = STEPS_INSTEAD_OF_BUTTON.includes(recommendation.applicability);
  const [solution, setSolution] = useState<Solution>(recommendation.solution);
  const other = solution !== recommendation.solution;
  const canChoose = recommendation.applicability !== 'already-done' || other;

  return (
    <Box>
      <Stack direction="row" spacing={1} sx={{ my: 1 }}>
        <StatusChip status={details.status} findings={details.findings} />
        {details.iac && <Chip size="small" variant="outlined" label={`Managed by ${IAC_LABELS[details.iac]}`} />}
      </Stack>
      <TraceEvidenceNote evidence={details.traceEvidence} />
      <FunctionFacts details={details} />
      {details.exclusion && (
        <Alert severity="info" sx={{ my: 1 }} aria-label="Excluded from tracing">
          Excluded from tracing coverage and bulk enable: {details.exclusion.reason}
          {details.exclusion.source === 'tag'
            ? ` (its ${EXCLUDE_TAG} tag)`
            : ` (${details.exclusion.pattern ? `names matching ${details.exclusion.pattern}` : 'this function'}, by ${details.exclusion.createdBy})`}
        </Alert>
      )}

      <Section title="Findings">
        {details.findings.length === 0 && <Typography variant="body2">Nothing to report.</Typography>}
        {details.findings.map(finding => (
          <Alert key={`${finding.code} ${finding.message}`} severity={finding.severity} sx={{ mb: 0.5 }}>
            {finding.message}
          </Alert>
        ))}
      </Section>

      <Section title="Recommendation">
        <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }}>
          <Typography variant="body1">{SOLUTION_LABELS[recommendation.solution]}</Typography>
          <RecommendationChip fn={{ applicability: recommendation.applicability, blockers: details.plan?.blockers ?? details.blockers }} />
        </Stack>
        <Box component="ul" sx={{ mt: 0, pl: 3 }} aria-label="Reasons">
          {recommendation.reasons.map(reason => (
            <li key={reason}>
              <Typography variant="body2">{reason}</Typography>
            </li>
          ))}
        </Box>
      </Section>

      {canChoose && (
        <Section title="Solution">
          <SolutionPicker recommended={recommendation.solution} value={solution} onChange={setSolution} />
        </Section>
      )}

      {other ? (
        <Section title="What enabling changes">
          <OtherSolutionPlan details={details} solution={solution} onEnable={props.onEnable} />
        </Section>
      ) : stepsInstead ? (
        <Section title="How to enable tracing">
          <HowToSteps title="One click cannot do this; these are the steps" steps={recommendation.steps ?? []} />
        </Section>
      ) : (
        <Section title="What enabling changes">
          {details.plan ? (
            <PlanDiff plan={details.plan} />
          ) : (
            <Typography variant="body2">The backend could not plan this function.</Typography>
          )}
          <EnableButton fn={details} plan={details.plan} size="medium" reasonDisplay="alert" onClick={() => props.onEnable(details)} />
          {details.plan?.blockers.some(blocker => blocker.code === 'role-permission-missing') && (
            <GrantRolePermissionButton functionArn={details.arn} functionName={details.name} solution={details.plan.solution} onGranted={props.onRoleGranted} />
          )}
        </Section>
      )}

      {!other && details.iac && (recommendation.iacSteps?.length ?? 0) > 0 && (
        <Section title={`The ${IAC_LABELS[details.iac]} way`}>
          <Typography variant="body2" gutterBottom>
            This function is deployed with {IAC_LABELS[details.iac]}: a one-click change is overwritten by the next
            deployment unless the template carries it too.
          </Typography>
          <HowToSteps title="Instrument it in the template" steps={recommendation.iacSteps ?? []} />
        </Section>
      )}

      {details.rollbackPlan && (
        <Section title="Roll back">
          <Typography variant="body2" gutterBottom>
            {details.rollbackPlan.blockers.length > 0
              ? 'The plugin recorded what it changed, but restoring it is not possible right now:'
              : `Restores exactly what the plugin changed (${details.rollbackPlan.changes.length} changes).`}
          </Typography>
          <RollbackButton fn={details} plan={details.rollbackPlan} onClick={() => props.onRollback(details)} />
        </Section>
      )}

      <Section title="History">
        <FunctionHistory events={details.history} />
      </Section>
    </Box>
  );
}

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box component="section" aria-label={props.title} sx={{ mt: 2 }}>
      <Divider sx={{ mb: 1 }} />
      <Typography variant="h6" component="h3" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}
