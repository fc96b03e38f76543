// Checkpoints and rollback: record exactly what an enablement changed, and undo exactly that,
// refusing (with the key named) wherever someone changed the same thing since.
import type { Checkpoint, EnablementPlan, FunctionConfig, FunctionUpdate, PlanNote } from './model';
import { limitBlockers } from './limits';
import { cloneUpdate, currentUpdate, diffUpdates, environmentUnreadableNote, isEnvironmentUnreadable } from './update';

/** What `plan` changes on `before`: prior handler, prior value or absence of each key, layer lists, prior mode. */
export function checkpointFor(before: FunctionConfig, plan: EnablementPlan, createdAt: string): Checkpoint {
  const prior = currentUpdate(before);
  const after = plan.after;
  const checkpoint: Checkpoint = {
    functionArn: plan.functionArn,
    solution: plan.solution,
    createdAt,
    env: Object.entries(after.Environment.Variables)
      .filter(([key, value]) => prior.Environment.Variables[key] !== value)
      .map(([key, value]) => ({ key, before: prior.Environment.Variables[key] ?? null, after: value })),
    layers: { before: [...prior.Layers], after: [...after.Layers] },
  };
  if (after.Handler !== undefined && prior.Handler !== after.Handler) {
    checkpoint.handler = { before: prior.Handler ?? '', after: after.Handler };
  }
  if (prior.TracingConfig.Mode !== after.TracingConfig.Mode) {
    checkpoint.tracingMode = { before: prior.TracingConfig.Mode, after: after.TracingConfig.Mode };
  }
  return checkpoint;
}

/** The inverse of exactly what the checkpoint records, applied to the function as it is now. */
export function planRollback(current: FunctionConfig, checkpoint: Checkpoint): EnablementPlan {
  const now = currentUpdate(current);
  const after = cloneUpdate(now);
  const blockers: PlanNote[] = [];
  const changedSince = (what: string) =>
    blockers.push({
      code: 'changed-since-enable',
      message: `${what} was changed after the plugin enabled tracing, so rolling back would overwrite someone else's change. Restore it by hand or roll back manually.`,
    });

  const env = after.Environment.Variables;
  // An unreadable environment looks empty: every variable would seem changed since, and the update would drop them all.
  const unreadable = isEnvironmentUnreadable(current);
  if (unreadable) blockers.push(environmentUnreadableNote(current));
  for (const entry of unreadable ? [] : checkpoint.env) {
    if (env[entry.key] !== entry.after) changedSince(`The variable ${entry.key}`);
    else if (entry.before === null) delete env[entry.key];
    else env[entry.key] = entry.before;
  }
  if (checkpoint.handler) {
    if (now.Handler !== checkpoint.handler.after) changedSince('The handler');
    else after.Handler = checkpoint.handler.before;
  }
  if (checkpoint.tracingMode) {
    if (now.TracingConfig.Mode !== checkpoint.tracingMode.after) changedSince('The X-Ray tracing mode');
    else after.TracingConfig.Mode = checkpoint.tracingMode.before === 'Active' ? 'Active' : 'PassThrough';
  }
  after.Layers = restoreLayers(now.Layers, checkpoint.layers, changedSince);
  blockers.push(...limitBlockers(after));
  return {
    functionArn: checkpoint.functionArn,
    action: 'rollback',
    solution: checkpoint.solution,
    changes: diffUpdates(now, after),
    blockers,
    warnings: [],
    after,
  };
}

/** Removes the layers we added and puts the ones we removed back next to their old neighbours. */
function restoreLayers(current: string[], recorded: Checkpoint['layers'], changedSince: (what: string) => void): string[] {
  const added = recorded.after.filter(arn => !recorded.before.includes(arn));
  const removed = recorded.before.filter(arn => !recorded.after.includes(arn));
  for (const arn of added) if (!current.includes(arn)) changedSince(`The layer ${arn} (added by the plugin)`);
  const result = current.filter(arn => !added.includes(arn));
  for (const arn of removed) {
    if (result.includes(arn)) continue;
    const index = recorded.before.indexOf(arn);
    const predecessor = recorded.before.slice(0, index).reverse().find(p => result.includes(p));
    const successor = recorded.before.slice(index + 1).find(s => result.includes(s));
    if (predecessor !== undefined) result.splice(result.indexOf(predecessor) + 1, 0, arn);
    else if (successor !== undefined) result.splice(result.indexOf(successor), 0, arn);
    else result.push(arn);
  }
  return result;
}

/** Differences between what AWS now reports and plan.after; [] when the update landed exactly. */
export function verifyApplied(actual: FunctionConfig, plan: EnablementPlan): string[] {
  const reported = currentUpdate(actual);
  const wanted: FunctionUpdate = plan.after;
  const problems: string[] = [];
  if (reported.Layers.join('\n') !== wanted.Layers.join('\n')) {
    problems.push(`Layers are [${reported.Layers.join(', ')}], the plan wanted [${wanted.Layers.join(', ')}].`);
  }
  const has = reported.Environment.Variables;
  const want = wanted.Environment.Variables;
  for (const key of Object.keys(want)) {
    if (!(key in has)) problems.push(`Variable ${key} is missing.`);
    else if (has[key] !== want[key]) problems.push(`Variable ${key} has a different value than planned.`);
  }
  for (const key of Object.keys(has)) if (!(key in want)) problems.push(`Variable ${key} is set but the plan does not have it.`);
  if (wanted.Handler !== undefined && reported.Handler !== wanted.Handler) {
    problems.push(`Handler is ${reported.Handler ?? '(none)'}, the plan wanted ${wanted.Handler}.`);
  }
  if (reported.TracingConfig.Mode !== wanted.TracingConfig.Mode) {
    problems.push(`Tracing mode is ${reported.TracingConfig.Mode}, the plan wanted ${wanted.TracingConfig.Mode}.`);
  }
  return problems;
}
