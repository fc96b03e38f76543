// Drift: a function this plugin enabled whose configuration no longer carries what the plugin applied
// (a deploy dropped the layers, reset the handler, removed a variable, turned X-Ray off). Judged only on
// what the open checkpoints record, so someone else's unrelated change is never drift. Findings name
// variables, never their values.
import type { Checkpoint, Finding, FunctionConfig, IacTool, Solution } from './model';
import { parseLayerArn } from './layers';
import { currentUpdate, isEnvironmentUnreadable } from './update';
import { IAC_LABELS, stackName } from './iac';

/** What a drifted function lost, and the solution the plugin had applied (what a re-apply plans again). */
export interface Drift {
  solution: Solution;
  findings: Finding[];
}

/** What the open checkpoints, oldest first, say the function should carry now. */
interface Expected {
  env: Map<string, string>;
  handler?: string;
  tracingMode?: string;
  present: Set<string>;
  absent: Set<string>;
}

function expectedOf(checkpoints: Checkpoint[]): Expected {
  const expected: Expected = { env: new Map(), present: new Set(), absent: new Set() };
  for (const checkpoint of checkpoints) {
    for (const entry of checkpoint.env) expected.env.set(entry.key, entry.after);
    if (checkpoint.handler) expected.handler = checkpoint.handler.after;
    if (checkpoint.tracingMode) expected.tracingMode = checkpoint.tracingMode.after;
    const { before, after } = checkpoint.layers;
    for (const arn of after.filter(a => !before.includes(a))) {
      expected.present.add(arn);
      expected.absent.delete(arn);
    }
    for (const arn of before.filter(b => !after.includes(b))) {
      expected.absent.add(arn);
      expected.present.delete(arn);
    }
  }
  return expected;
}

const drift = (code: string, message: string): Finding => ({ code: `drift-${code}`, severity: 'error', message });

/** The name and version of a layer ARN (the whole ARN as its name when it is not one). */
function layerKey(arn: string): { name: string; version: number } {
  const layer = parseLayerArn(arn);
  return layer ? { name: `${layer.accountId}:${layer.name}`, version: layer.version } : { name: arn, version: 0 };
}

function layerDrift(now: string[], expected: Expected): Finding[] {
  const findings: Finding[] = [];
  const explained = new Set<string>();
  for (const arn of expected.present) {
    if (now.includes(arn)) continue;
    const ours = layerKey(arn);
    const same = now.filter(other => layerKey(other).name === ours.name);
    // A newer version of the same layer (a team upgrading it) still carries tracing.
    if (same.some(other => layerKey(other).version >= ours.version)) continue;
    explained.add(ours.name);
    findings.push(
      same.length > 0
        ? drift('layer-downgraded', `The layer ${arn} the plugin attached was replaced by an older version (${same.join(', ')}).`)
        : drift('layer-removed', `The layer ${arn} the plugin attached is gone.`),
    );
  }
  for (const arn of expected.absent) {
    if (now.includes(arn) && !explained.has(layerKey(arn).name)) {
      findings.push(drift('layer-restored', `The layer ${arn} the plugin replaced is attached again.`));
    }
  }
  return findings;
}

/**
 * Differences between the function and what the plugin applied to it (its open checkpoints whose
 * update landed, oldest first); [] when everything it applied is still in place. With an unreadable
 * environment the variables are not judged: nothing is decided on what cannot be seen.
 */
export function driftFindings(config: FunctionConfig, checkpoints: Checkpoint[]): Finding[] {
  const applied = checkpoints.filter(c => c.revisionIdWritten !== undefined);
  if (applied.length === 0) return [];
  const expected = expectedOf(applied);
  const now = currentUpdate(config);
  const findings = layerDrift(now.Layers, expected);
  if (!isEnvironmentUnreadable(config)) {
    const variables = now.Environment.Variables;
    for (const [key, value] of expected.env) {
      if (!(key in variables)) findings.push(drift('variable-removed', `The variable ${key} the plugin set was removed.`));
      else if (variables[key] !== value) findings.push(drift('variable-changed', `The variable ${key} no longer has the value the plugin set.`));
    }
  }
  if (expected.handler !== undefined && now.Handler !== expected.handler) {
    findings.push(drift('handler-reset', `The handler is ${now.Handler ?? '(none)'} again; the plugin had set ${expected.handler}.`));
  }
  if (expected.tracingMode !== undefined && now.TracingConfig.Mode !== expected.tracingMode) {
    findings.push(drift('tracing-mode', `X-Ray active tracing is ${now.TracingConfig.Mode}; the plugin had set it to ${expected.tracingMode}.`));
  }
  return findings;
}

/**
 * The drift of a function, or undefined when it carries what the plugin applied (or the plugin applied
 * nothing). An IaC-managed function gets a finding saying where the fix belongs: its template.
 */
export function driftOf(config: FunctionConfig, checkpoints: Checkpoint[], iac?: IacTool): Drift | undefined {
  const findings = driftFindings(config, checkpoints);
  if (findings.length === 0) return undefined;
  const latest = checkpoints.filter(c => c.revisionIdWritten !== undefined).at(-1)!;
  if (iac) {
    const stack = stackName(config.Tags);
    findings.push({
      code: 'drift-iac-managed',
      severity: 'warning',
      message: `It is deployed with ${IAC_LABELS[iac]}${stack ? ` (stack ${stack})` : ''}, whose deploys revert changes made here: add tracing to the template (see below) instead of re-applying. Automatic repair leaves it alone.`,
    });
  }
  return { solution: latest.solution, findings };
}
