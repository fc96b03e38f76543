import { useState } from 'react';
import Typography from '@mui/material/Typography';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { serverlessTracingApiRef } from '../../api';
import { useLoader } from '../../hooks/useLoader';
import { CoverageHeadline } from '../CoverageSummary';
import { LoadError } from '../LoadError';
import { TraceEvidenceSplit } from '../TraceEvidence';

/** Overview-tab card: how many of this entity's Lambda functions are traced, and whether their traces arrive. */
export function EntityTracingCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(serverlessTracingApiRef);
  const [retries, setRetries] = useState(0);
  const summary = useLoader(() => api.getSummary(entityRef), [api, entityRef, retries]);

  return (
    <InfoCard title="Serverless tracing" variant="gridItem">
      {summary.loading && !summary.value && <Progress />}
      {summary.error && <LoadError what="tracing coverage" error={summary.error} onRetry={() => setRetries(n => n + 1)} />}
      {summary.value && summary.value.total === 0 && (
        <Typography variant="body2">No Lambda functions belong to this entity.</Typography>
      )}
      {summary.value && summary.value.total > 0 && (
        <>
          <CoverageHeadline summary={summary.value} />
          {summary.value.traceEvidence && <TraceEvidenceSplit split={summary.value.traceEvidence} />}
        </>
      )}
    </InfoCard>
  );
}
