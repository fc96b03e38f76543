import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { FunctionDetails, PlanView } from '../../../common/api';
import type { Solution } from '../../../common/model';
import { serverlessTracingApiRef } from '../../api';
import { humanErrorMessage } from '../../errors';
import { useLoader } from '../../hooks/useLoader';
import { SOLUTION_LABELS } from '../../labels';
import { EnableButton } from '../ActionButtons';
import { PlanDiff } from '../PlanDiff';

const SOLUTIONS: Solution[] = ['dd-trace', 'dd-trace-xray', 'xray'];

/** The solution picker: the recommendation is preselected; any other is planned by the backend (a dry run). */
export function SolutionPicker(props: { recommended: Solution; value: Solution; onChange: (solution: Solution) => void }) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={props.value}
      onChange={(_event, next: Solution | null) => next && props.onChange(next)}
      aria-label="Solution"
      sx={{ flexWrap: 'wrap', mb: 1 }}
    >
      {SOLUTIONS.map(solution => (
        <ToggleButton key={solution} value={solution}>
          {SOLUTION_LABELS[solution]}
          {solution === props.recommended ? ' (recommended)' : ''}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}

/** What another solution than the recommended one would change, and Enable for it (where its plan has no blockers). */
export function OtherSolutionPlan(props: {
  details: FunctionDetails;
  solution: Solution;
  onEnable: (details: FunctionDetails, choice: { solution: Solution; plan: PlanView }) => void;
}) {
  const api = useApi(serverlessTracingApiRef);
  const { details, solution } = props;
  const planned = useLoader(() => api.planFunction(details.arn, solution), [api, details.arn, solution]);
  const plan = planned.value?.solution === solution ? planned.value : undefined;
  return (
    <Box>
      <Typography variant="body2" gutterBottom>
        Instead of the recommendation: {SOLUTION_LABELS[solution]}. The backend plans it as for any other change and refuses
        what cannot apply.
      </Typography>
      {planned.loading && !plan && <Progress />}
      {planned.error && <Alert severity="error">Could not plan {SOLUTION_LABELS[solution]}: {humanErrorMessage(planned.error)}</Alert>}
      {plan && (
        <>
          <PlanDiff plan={plan} />
          <EnableButton
            // A chosen solution is one click whenever its own plan has no blockers.
            fn={{ ...details, applicability: 'one-click' }}
            plan={plan}
            size="medium"
            reasonDisplay="alert"
            onClick={() => props.onEnable(details, { solution, plan })}
          />
        </>
      )}
    </Box>
  );
}
