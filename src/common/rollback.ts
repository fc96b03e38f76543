// Checkpoints and rollback: record exactly what an enablement changed, and undo exactly that,
// refusing (with the key named) wherever someone changed the same thing since.
import type { Checkpoint, EnablementPlan, FunctionConfig, PlanNote } from './model';
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

/**
 * Differences between what AWS now reports and what the plan changed; [] when every change landed.
 * Only our changes are checked: a deploy landing right after our update (a new variable, another
 * tracing mode) is someone else's business, not a failed update.
 */
export function verifyApplied(actual: FunctionConfig, plan: EnablementPlan): string[] {
  const reported = currentUpdate(actual);
  const has = reported.Environment.Variables;
  const problems: string[] = [];
  for (const change of plan.changes) {
    switch (change.kind) {
      case 'layer-added':
        if (!reported.Layers.includes(change.arn)) problems.push(`Layer ${change.arn} is missing.`);
        break;
      case 'layer-removed':
        if (reported.Layers.includes(change.arn)) problems.push(`Layer ${change.arn} is still attached.`);
        break;
      case 'env-set':
        if (!(change.key in has)) problems.push(`Variable ${change.key} is missing.`);
        else if (has[change.key] !== change.after) problems.push(`Variable ${change.key} has a different value than planned.`);
        break;
      case 'env-unset':
        if (change.key in has) problems.push(`Variable ${change.key} is still set.`);
        break;
      case 'handler-changed':
        if (reported.Handler !== change.after) problems.push(`Handler is ${reported.Handler ?? '(none)'}, the plan wanted ${change.after}.`);
        break;
      case 'tracing-mode-changed':
        if (reported.TracingConfig.Mode !== change.after) {
          problems.push(`Tracing mode is ${reported.TracingConfig.Mode}, the plan wanted ${change.after}.`);
        }
        break;
    }
  }
  return problems;
}

/**
 * Where a function stands against a checkpoint, judged only on what the checkpoint records:
 * `applied` when every change it records is in place, `original` when every recorded key is back at
 * (or still at) its value before, `diverged` otherwise. After an update whose answer was lost, this
 * is how we learn whether it landed.
 */
export function checkpointState(config: FunctionConfig, checkpoint: Checkpoint): 'applied' | 'original' | 'diverged' {
  const now = currentUpdate(config);
  const env = now.Environment.Variables;
  const valueOf = (key: string) => (key in env ? env[key] : null);
  const added = checkpoint.layers.after.filter(arn => !checkpoint.layers.before.includes(arn));
  const removed = checkpoint.layers.before.filter(arn => !checkpoint.layers.after.includes(arn));
  const applied =
    checkpoint.env.every(entry => valueOf(entry.key) === entry.after) &&
    (!checkpoint.handler || now.Handler === checkpoint.handler.after) &&
    (!checkpoint.tracingMode || now.TracingConfig.Mode === checkpoint.tracingMode.after) &&
    added.every(arn => now.Layers.includes(arn)) &&
    removed.every(arn => !now.Layers.includes(arn));
  if (applied) return 'applied';
  const original =
    checkpoint.env.every(entry => valueOf(entry.key) === entry.before) &&
    (!checkpoint.handler || now.Handler === checkpoint.handler.before) &&
    (!checkpoint.tracingMode || now.TracingConfig.Mode === checkpoint.tracingMode.before) &&
    added.every(arn => !now.Layers.includes(arn)) &&
    removed.every(arn => now.Layers.includes(arn));
  return original ? 'original' : 'diverged';
}
