// Whether a function already runs a solution correctly: then enabling it again has nothing to write,
// and the recommendation says "already done". One rule for both, so they never disagree.
import type { FunctionConfig, Solution, TracingState } from './model';

export function isSolutionInPlace(solution: Solution, state: TracingState, config: FunctionConfig): boolean {
  // Outdated Datadog layers are upgraded by enabling again: not yet in place.
  const current = !state.findings.some(finding => finding.code === 'outdated-layer');
  switch (solution) {
    case 'dd-trace':
      return current && (state.status === 'datadog' || state.status === 'datadog-xray');
    case 'dd-trace-xray':
      return current && state.status === 'datadog-xray';
    case 'xray':
      return config.TracingConfig?.Mode === 'Active' && state.status !== 'misconfigured' && state.status !== 'unknown';
  }
}
