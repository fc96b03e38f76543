import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { HowToStep } from '../../../common/model';
import { CopyButton } from '../CopyButton';

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
              <Box sx={{ position: 'relative', my: 0.5 }}>
                <Stack direction="row" justifyContent="flex-end">
                  <CopyButton text={step.snippet} what={`snippet: ${step.title}`} />
                </Stack>
                <Box
                  component="pre"
                  data-language={step.language}
                  // Wrapped, never clipped: a long Dockerfile line stays readable in the drawer.
                  sx={{ bgcolor: 'action.hover', p: 1, m: 0, borderRadius: 1, fontSize: '0.8rem', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                >
                  <code>{step.snippet}</code>
                </Box>
              </Box>
            )}
          </li>
        ))}
      </Box>
    </Box>
  );
}
