// What may reach the browser: variable NAMES always, VALUES only of the non-secret variables this
// plugin writes. Everything else (including every API key variable but the secret's ARN) stays server-side.
import type { ChangeView, PlanView } from './api';
import type { Change, EnablementPlan, FunctionConfig } from './model';
import { ENV } from './datadog';

const DISCLOSED: ReadonlySet<string> = new Set([
  ENV.site,
  ENV.env,
  ENV.service,
  ENV.version,
  ENV.lambdaHandler,
  ENV.traceEnabled,
  ENV.mergeXray,
  ENV.mergeXrayRuby,
  ENV.logsEnabled,
  ENV.capturePayload,
  ENV.apiKeySecretArn,
  ENV.execWrapper,
]);

export function isDisclosedVariable(key: string): boolean {
  return DISCLOSED.has(key);
}

/** The disclosed variables of a function, with their values. */
export function disclosedEnvironment(variables: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(variables ?? {}).filter(([key]) => isDisclosedVariable(key)));
}

/**
 * The configuration with every undisclosed value masked, for the inventory. Keys stay (detection
 * reads names), and each mask has the value's encoded size so the 4 KB check on a stored
 * configuration stays exact.
 */
export function redactConfig(config: FunctionConfig): FunctionConfig {
  const variables = config.Environment?.Variables;
  if (!variables) return { ...config };
  const masked = Object.fromEntries(
    Object.entries(variables).map(([key, value]) => [key, isDisclosedVariable(key) ? value : maskOf(value)]),
  );
  return { ...config, Environment: { ...config.Environment, Variables: masked } };
}

const encoder = new TextEncoder();
function maskOf(value: string): string {
  return '*'.repeat(encoder.encode(JSON.stringify(value)).length - 2);
}

function changeView(change: Change): ChangeView {
  switch (change.kind) {
    case 'env-set': {
      const shown = isDisclosedVariable(change.key);
      return {
        kind: 'env-set',
        key: change.key,
        existed: change.before !== null,
        before: shown ? change.before : null,
        after: shown ? change.after : null,
      };
    }
    case 'env-unset':
      return { kind: 'env-unset', key: change.key, before: isDisclosedVariable(change.key) ? change.before : null };
    default:
      return { ...change };
  }
}

export function toPlanView(plan: EnablementPlan): PlanView {
  return {
    functionArn: plan.functionArn,
    action: plan.action,
    solution: plan.solution,
    changes: plan.changes.map(changeView),
    blockers: plan.blockers.map(note => ({ ...note })),
    warnings: plan.warnings.map(note => ({ ...note })),
  };
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One line for people and the audit trail, e.g. "adds 2 layers, sets 6 variables, redirects the handler". */
export function summarizePlan(plan: EnablementPlan): string {
  const tally = (kind: Change['kind']) => plan.changes.filter(c => c.kind === kind).length;
  const parts: string[] = [];
  const [added, removed, set, unset] = [tally('layer-added'), tally('layer-removed'), tally('env-set'), tally('env-unset')];
  if (added) parts.push(`adds ${count(added, 'layer', 'layers')}`);
  if (removed) parts.push(`removes ${count(removed, 'layer', 'layers')}`);
  if (set) parts.push(`sets ${count(set, 'variable', 'variables')}`);
  if (unset) parts.push(`removes ${count(unset, 'variable', 'variables')}`);
  if (tally('handler-changed')) parts.push(plan.action === 'rollback' ? 'restores the handler' : 'redirects the handler');
  const mode = plan.changes.find(c => c.kind === 'tracing-mode-changed');
  if (mode && mode.kind === 'tracing-mode-changed') {
    parts.push(mode.after === 'Active' ? 'turns X-Ray active tracing on' : 'turns X-Ray active tracing off');
  }
  return parts.length ? parts.join(', ') : 'no changes';
}
