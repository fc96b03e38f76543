// Every label and colour the UI shows for the domain's enumerations, in one place.
import type { Applicability, IacTool, RuntimeFamily, Solution, TracingStatus } from '../common/model';
import type { JobItemState, JobState, TraceEvidence } from '../common/api';
import type { CampaignState } from '../common/campaigns';

export type ChipColor = 'default' | 'primary' | 'secondary' | 'error' | 'info' | 'success' | 'warning';

export const STATUS_LABELS: Record<TracingStatus, string> = {
  untraced: 'Untraced',
  xray: 'X-Ray',
  datadog: 'Datadog',
  'datadog-xray': 'Datadog + X-Ray',
  other: 'Other vendor',
  misconfigured: 'Misconfigured',
  drifted: 'Drifted',
  unknown: 'Unknown',
};

/**
 * The one colour of each status, used by the status chips, the chart bars and the legend alike, so a
 * colour means the same thing everywhere on the page. Distinct hues (Datadog purple, X-Ray blue,
 * merged teal), readable with white text except the light greys.
 */
export const STATUS_COLORS: Record<TracingStatus, string> = {
  untraced: '#757575',
  xray: '#1565c0',
  datadog: '#632ca6',
  'datadog-xray': '#00796b',
  other: '#8d6e63',
  misconfigured: '#d84315',
  // Magenta: lost what the plugin applied, apart from both "never set up" and "set up wrongly".
  drifted: '#ad1457',
  unknown: '#b0bec5',
};

/** Text colour on a status colour: white on the dark ones, near-black on the light grey. */
export const STATUS_TEXT_COLORS: Record<TracingStatus, string> = {
  untraced: '#ffffff',
  xray: '#ffffff',
  datadog: '#ffffff',
  'datadog-xray': '#ffffff',
  other: '#ffffff',
  misconfigured: '#ffffff',
  drifted: '#ffffff',
  unknown: '#212121',
};

/**
 * Proof that traces arrive, for traced functions: seen in the tracing backend (green), configured with
 * none received yet (amber), or not checked (grey: not yet, another vendor, or the backend could not be
 * asked, with the reason).
 */
export const TRACE_EVIDENCE_LABELS: Record<TraceEvidence['state'], string> = {
  seen: 'Traces seen',
  'none-yet': 'Configured, no traces yet',
  unknown: 'Not checked',
};
export const TRACE_EVIDENCE_COLORS: Record<TraceEvidence['state'], string> = {
  seen: '#2e7d32',
  'none-yet': '#ed6c02',
  unknown: '#90a4ae',
};

/** Excluded functions in the coverage charts: counted apart from every status, in a pale neutral. */
export const EXCLUDED_COLOR = '#cfd8dc';
export const EXCLUDED_LABEL = 'Excluded';

export const SOLUTION_LABELS: Record<Solution, string> = {
  'dd-trace': 'Datadog (dd-trace)',
  'dd-trace-xray': 'Datadog + X-Ray merge',
  xray: 'AWS X-Ray',
};

export const APPLICABILITY_LABELS: Record<Applicability, string> = {
  'one-click': 'One click',
  blocked: 'Blocked',
  'needs-code-change': 'Needs a code change',
  'needs-image-rebuild': 'Needs an image rebuild',
  'upgrade-runtime-first': 'Upgrade the runtime first',
  'already-done': 'Already traced',
};

export const APPLICABILITY_COLORS: Record<Applicability, ChipColor> = {
  'one-click': 'primary',
  blocked: 'error',
  'needs-code-change': 'warning',
  'needs-image-rebuild': 'warning',
  'upgrade-runtime-first': 'error',
  'already-done': 'success',
};

export const RUNTIME_FAMILY_LABELS: Record<RuntimeFamily, string> = {
  python: 'Python',
  node: 'Node.js',
  ruby: 'Ruby',
  java: 'Java',
  dotnet: '.NET',
  provided: 'Custom (provided)',
  other: 'Other',
};

export const IAC_LABELS: Record<IacTool, string> = {
  cloudformation: 'CloudFormation',
  sam: 'SAM',
  cdk: 'CDK',
  'serverless-framework': 'Serverless Framework',
  terraform: 'Terraform',
};

export const JOB_STATE_LABELS: Record<JobState, string> = {
  pending: 'Waiting to start',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  partial: 'Partly failed',
  cancelled: 'Cancelled',
};

export const JOB_ITEM_COLORS: Record<JobItemState, ChipColor> = {
  pending: 'default',
  running: 'info',
  succeeded: 'success',
  failed: 'error',
  cancelled: 'default',
};

/** Label for a facet value of any filterable field, falling back to the raw value. */
export function facetLabel(field: string, value: string): string {
  const tables: Record<string, Record<string, string>> = {
    status: STATUS_LABELS,
    solution: SOLUTION_LABELS,
    runtime: RUNTIME_FAMILY_LABELS,
    applicability: APPLICABILITY_LABELS,
    evidence: TRACE_EVIDENCE_LABELS,
  };
  return tables[field]?.[value] ?? value;
}

/** Few words for why a plan cannot be applied, by blocker code (the full message goes beside it). */
export const BLOCKER_LABELS: Record<string, string> = {
  'too-many-layers': 'too many layers',
  'environment-too-large': '4 KB environment limit',
  'other-vendor': 'another vendor',
  'container-image': 'container image',
  'deprecated-runtime': 'deprecated runtime',
  'unknown-runtime': 'unknown runtime',
  'solution-unsupported': 'solution unsupported',
  'unknown-region': 'unknown region',
  'no-api-key-source': 'no API key source',
  'original-handler-unknown': 'original handler unknown',
  'foreign-exec-wrapper': 'another exec wrapper',
};

/** "Blocked: too many layers" — what the Recommended chip says instead of "One click" when a plan cannot apply. */
export function blockedLabel(blockers: Array<{ code: string }>): string {
  const first = blockers[0];
  const words = first ? BLOCKER_LABELS[first.code] ?? 'see details' : 'see details';
  return blockers.length > 1 ? `Blocked: ${words} +${blockers.length - 1}` : `Blocked: ${words}`;
}

export const CAMPAIGN_STATE_LABELS: Record<CampaignState, string> = {
  running: 'Upgrading a stage',
  pausing: 'Pausing between stages',
  'waiting-for-approval': 'Waiting for Continue',
  completed: 'Completed',
  stopped: 'Stopped at a failure',
  cancelled: 'Cancelled',
};

export const CAMPAIGN_STATE_COLORS: Record<CampaignState, ChipColor> = {
  running: 'info',
  pausing: 'default',
  'waiting-for-approval': 'warning',
  completed: 'success',
  stopped: 'error',
  cancelled: 'default',
};
