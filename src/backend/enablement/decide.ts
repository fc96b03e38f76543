// The one decision of the plugin: given what someone asked for and the function as AWS reports it
// right now, what to do. The plan endpoint, the job pre-flight and the worker all ask here, so they
// cannot disagree and their messages are written once. Pure: what to record about an earlier
// checkpoint comes back as `reconcile`, for the worker (the only one holding the function) to apply.
import type { JobAction } from '../../common/api';
import { planEnablement } from '../../common/plan';
import { checkpointFor, checkpointState, planRollback } from '../../common/rollback';
import type { Checkpoint, DatadogSettings, EnablementPlan, FunctionConfig, Solution } from '../../common/model';
import type { RoleFindings } from './rolePreflight';

export interface DecisionRequest {
  action: JobAction;
  /** For enable: the solution to apply (the caller resolves "recommended" first). */
  solution: Solution | null;
}

export interface DecisionContext {
  datadog: DatadogSettings;
  /** The function's latest checkpoint that is neither rolled back nor closed. */
  checkpoint: Checkpoint | undefined;
  /** For a rollback without an open checkpoint: the one closed last, to recognise a rollback already done. */
  lastClosed?: Checkpoint;
  /** The decision's time: a new checkpoint's creation time, and the day runtime deprecation dates are compared with. */
  now?: string;
  /** The function no longer carries all the plugin applied: an enable plans every missing piece. */
  drifted?: boolean;
  /** What the role pre-flight found (rolePreflight.ts): joins the enable plan's blockers and warnings. */
  role?: RoleFindings;
}

/** What the worker records about the latest checkpoint before going on. */
export type Reconciliation =
  /** The update it describes landed (its answer was lost): it can be rolled back from now on. */
  | { kind: 'written'; checkpointId: string; revisionId: string }
  /** The function is as it was before that update (it never landed, or was undone): nothing to roll back. */
  | { kind: 'closed'; checkpointId: string };

export type Refusal = 'blocked' | 'nothing-to-roll-back' | 'rollback-refused' | 'update-in-progress';

export type Decision =
  /** Send plan.after; for enable save `checkpoint` first, for rollback close `rollsBack` after. */
  | { kind: 'apply'; plan: EnablementPlan; checkpoint?: Checkpoint; rollsBack?: Checkpoint; reconcile?: Reconciliation }
  /** Nothing to send: the function already looks as asked. */
  | { kind: 'already'; plan?: EnablementPlan; message: string; reconcile?: Reconciliation }
  /** Not done, and why, in words for people. */
  | { kind: 'refused'; refusal: Refusal; message: string; plan?: EnablementPlan };

export const ALREADY_AS_PLANNED = 'Already as planned; nothing needed changing.';

export function decide(request: DecisionRequest, fresh: FunctionConfig, context: DecisionContext): Decision {
  if (fresh.LastUpdateStatus === 'InProgress') {
    return { kind: 'refused', refusal: 'update-in-progress', message: 'An update of this function is in progress in AWS; try again when it has finished.' };
  }
  return request.action === 'rollback' ? decideRollback(fresh, context) : decideEnable(request, fresh, context);
}

function decideEnable(request: DecisionRequest, fresh: FunctionConfig, context: DecisionContext): Decision {
  const solution = request.solution;
  if (!solution) throw new Error('decide: enabling needs a solution; resolve the recommended one first.');
  const reconcile = reconcileLatest(fresh, context.checkpoint);
  const now = context.now ?? new Date().toISOString();
  const planned = planEnablement(fresh, { solution, datadog: context.datadog, today: now, reapply: context.drifted });
  // The role matters only to a plan that changes the function: one already as planned sends nothing.
  const role = planned.changes.length > 0 ? context.role : undefined;
  const plan = role
    ? { ...planned, blockers: [...planned.blockers, ...role.blockers], warnings: [...planned.warnings, ...role.warnings] }
    : planned;
  if (plan.blockers.length > 0) {
    return { kind: 'refused', refusal: 'blocked', message: `Cannot enable ${solution}: ${plan.blockers.map(b => b.message).join(' ')}`, plan };
  }
  if (plan.changes.length === 0) return { kind: 'already', plan, message: ALREADY_AS_PLANNED, reconcile };
  const checkpoint = checkpointFor(fresh, plan, now);
  return { kind: 'apply', plan, checkpoint, reconcile };
}

function decideRollback(fresh: FunctionConfig, context: DecisionContext): Decision {
  const checkpoint = context.checkpoint;
  if (!checkpoint) {
    // A rollback resumed after a crash may find its own work done and recorded: nothing is refused.
    if (context.lastClosed && checkpointState(fresh, context.lastClosed) === 'original') {
      return { kind: 'already', message: ALREADY_AS_PLANNED };
    }
    return {
      kind: 'refused',
      refusal: 'nothing-to-roll-back',
      message: 'There is nothing to roll back: the plugin has no unreverted change recorded for this function.',
    };
  }
  // Already restored (a rollback whose answer was lost), or the enable never landed.
  if (checkpointState(fresh, checkpoint) === 'original') {
    return { kind: 'already', message: ALREADY_AS_PLANNED, reconcile: { kind: 'closed', checkpointId: checkpoint.id! } };
  }
  const plan = planRollback(fresh, checkpoint);
  if (plan.blockers.length > 0) {
    return { kind: 'refused', refusal: 'rollback-refused', message: `Rollback refused: ${plan.blockers.map(b => b.message).join(' ')}`, plan };
  }
  if (plan.changes.length === 0) {
    return { kind: 'already', plan, message: ALREADY_AS_PLANNED, reconcile: { kind: 'closed', checkpointId: checkpoint.id! } };
  }
  return { kind: 'apply', plan, rollsBack: checkpoint };
}

/**
 * An enable checkpoint saved before an update whose answer never came: the fresh read tells whether
 * the update landed (record it) or not (close it, so no rollback is ever refused for it).
 */
function reconcileLatest(fresh: FunctionConfig, checkpoint: Checkpoint | undefined): Reconciliation | undefined {
  if (!checkpoint?.id || checkpoint.revisionIdWritten) return undefined;
  const state = checkpointState(fresh, checkpoint);
  if (state === 'applied') return { kind: 'written', checkpointId: checkpoint.id, revisionId: fresh.RevisionId ?? '' };
  if (state === 'original') return { kind: 'closed', checkpointId: checkpoint.id };
  return undefined;
}
