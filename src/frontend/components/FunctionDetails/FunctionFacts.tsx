import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import type { FunctionDetails } from '../../../common/api';
import { Arn } from '../Arn';
import { CopyButton } from '../CopyButton';
import { RelativeTime } from '../RelativeTime';

/** The function's configuration as far as tracing is concerned. Variable names only, never values. */
export function FunctionFacts(props: { details: FunctionDetails }) {
  const d = props.details;
  const facts: Array<[string, ReactNode]> = [
    [
      'ARN',
      <>
        <Arn value={d.arn} /> <CopyButton text={d.arn} what="ARN" />
      </>,
    ],
    ['Account / region', `${d.accountId} / ${d.region}`],
    ['Runtime', `${d.runtime ?? 'container image'} (${d.architecture}, ${d.packageType})`],
    ['Handler', d.handler ?? '—'],
    ['X-Ray tracing mode', d.tracingMode],
    ['Owner', d.owner ?? 'no owner found'],
    ['Memory / timeout', `${d.memorySize ?? '—'} MB / ${d.timeout ?? '—'} s`],
    ['Last modified', <RelativeTime key="t" iso={d.lastModified} />],
  ];
  const disclosed = d.environmentVariableNames.filter(name => name in d.disclosedEnvironment);
  return (
    <Box>
      <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}>
        {facts.map(([label, value]) => (
          <Box key={label} sx={{ display: 'contents' }}>
            <Typography component="dt" variant="body2" color="text.secondary">
              {label}
            </Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
              {value}
            </Typography>
          </Box>
        ))}
      </Box>
      <Typography variant="subtitle2" sx={{ mt: 1 }}>
        Layers
      </Typography>
      {d.layers.length === 0 && <Typography variant="body2">none</Typography>}
      <Box component="ul" sx={{ m: 0, pl: 2, fontFamily: 'monospace', fontSize: '0.8rem' }} aria-label="Layers">
        {d.layers.map(layer => (
          <li key={layer}>
            <Arn value={layer} />
          </li>
        ))}
      </Box>
      <Typography variant="subtitle2" sx={{ mt: 1 }}>
        Environment variables
      </Typography>
      <Typography variant="caption" color="text.secondary" component="p" gutterBottom>
        {disclosed.length > 0
          ? `Names only. Values are shown only for the non-secret settings this plugin writes (${disclosed.join(', ')}).`
          : 'Names only: values never leave the backend.'}
      </Typography>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }} aria-label="Environment variables">
        {d.environmentVariableNames.length === 0 && <Typography variant="body2">none</Typography>}
        {d.environmentVariableNames.map(name => (
          <Chip
            key={name}
            size="small"
            variant="outlined"
            label={name in d.disclosedEnvironment ? `${name}=${d.disclosedEnvironment[name]}` : name}
          />
        ))}
      </Box>
    </Box>
  );
}
