import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { HowToStep } from '../../../common/model';

/** The honest "how" where one click is not possible: numbered steps with code or Dockerfile snippets. */
export function HowToSteps(props: { steps: HowToStep[]; title: string }) {
  if (props.steps.length === 0) return null;
  return (
    <Box sx={{ mb: 2 }}>
      <Typography variant="subtitle1">{props.title}</Typography>
      <Box component="ol" sx={{ pl: 3, mt: 0.5 }}>
        {props.steps.map(step => (
          <li key={step.title}>
            <Typography variant="body2" fontWeight="bold">
              {step.title}
            </Typography>
            {step.detail && <Typography variant="body2">{step.detail}</Typography>}
            {step.snippet && (
              <Box
                component="pre"
                data-language={step.language}
                sx={{ bgcolor: 'action.hover', p: 1, borderRadius: 1, overflowX: 'auto', fontSize: '0.8rem' }}
              >
                <code>{step.snippet}</code>
              </Box>
            )}
          </li>
        ))}
      </Box>
    </Box>
  );
}
