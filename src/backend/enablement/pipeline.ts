// One function of a job, as one pipeline: is this item still the function's latest decision → fresh
// read (waiting out an update in progress) → decide → reconcile an earlier unanswered update →
// claim and supersession checked again → checkpoint → UpdateFunctionConfiguration guarded by
// RevisionId → wait → verify what we changed → record. Any failure worth another attempt starts
// over from the fresh read, so a retry never sends what is already there; the retry policy bounds
// the item's whole time.
import { currentUpdate, diffUpdates } from '../../common/update';
import { verifyApplied } from '../../common/rollback';
import type { EnablementPlan, FunctionConfig, Solution } from '../../common/model';
import { AwsCallError, type LambdaGateway } from '../aws/types';
import { scrubAwsText } from '../aws/errors';
import type { ClaimedItem, Stores } from '../store/types';
import type { DatadogSettings } from '../../common/model';
import type { ItemBudget, RetryPolicy } from '../retryPolicy';
import { freshContext, undecidedRefusal, type Records } from '../inventory/records';
import { planEnablement } from '../../common/plan';
import type { Decision, Reconciliation } from './decide';
import { RolePreflight, decideWithRole } from './rolePreflight';
import { PartialUpdateError, explainAwsFailure, supersededMessage } from './messages';
import { ShutdownError, sleep, throwIfStopped } from './sleep';

export type ItemRequest = Pick<ClaimedItem, 'itemId' | 'functionArn' | 'action' | 'solution'>;

export interface ItemOutcome {
  state: 'succeeded' | 'failed';
  /** Nothing was sent to AWS because the plan was refused (blockers, nothing to roll back…). */
  refused: boolean;
  message: string | null;
  plan?: EnablementPlan;
}

export interface ItemDeps {
  gateway: LambdaGateway;
  stores: Stores;
  records: Records;
  datadog: DatadogSettings;
  retry: RetryPolicy;
  /** serverlessTracing.rolePreflight: whether function roles are simulated at all (default true). */
  simulateRoles?: boolean;
  /**
   * The role pre-flight of the items' job, whose simulations are shared by functions with one role;
   * without it each item simulates for itself (the runner gives one per job).
   */
  rolePreflight?: RolePreflight;
}

/** Raised when this worker no longer holds the item (released as stale, taken over): its outcome is not ours. */
export class ClaimLostError extends Error {
  override name = 'ClaimLostError';
}

export async function applyItem(
  deps: ItemDeps,
  item: ItemRequest,
  signal: AbortSignal,
  holdsClaim: () => Promise<boolean> = async () => true,
): Promise<ItemOutcome> {
  const later = await deps.stores.jobs.supersededBy(item);
  if (later) return { state: 'failed', refused: true, message: supersededMessage(later) };
  const budget = deps.retry.item();
  // Every AWS call of the item stops at its deadline (or at shutdown), retries included.
  const callSignal = AbortSignal.any([signal, AbortSignal.timeout(budget.remainingMs())]);
  for (;;) {
    throwIfStopped(signal);
    try {
      return await attempt({ deps, item, signal, callSignal, budget, holdsClaim });
    } catch (error) {
      if (error instanceof ShutdownError || error instanceof ClaimLostError || !(error instanceof AwsCallError)) throw error;
      throwIfStopped(signal);
      const wait = budget.next(error.kind);
      if (wait === undefined) return failed(explainAwsFailure(error, budget.retries, item.action));
      await sleep(wait, signal);
    }
  }
}

interface Attempt {
  deps: ItemDeps;
  item: ItemRequest;
  signal: AbortSignal;
  callSignal: AbortSignal;
  budget: ItemBudget;
  holdsClaim: () => Promise<boolean>;
}

async function attempt(run: Attempt): Promise<ItemOutcome> {
  const { deps } = run;
  const fresh = await settled(run);
  const decision = await decideFor(run, fresh);
  if (decision.kind === 'refused') {
    return { state: 'failed', refused: true, message: `Refused: ${decision.message}`, plan: decision.plan };
  }
  if (decision.kind === 'already') {
    await saveRecord(deps, fresh);
    return { state: 'succeeded', refused: false, message: decision.message, plan: decision.plan };
  }
  const outcome = await write(run, fresh, decision);
  // Applied without the role checked (the simulation could not be made): the item says so.
  const unchecked = decision.plan.warnings.filter(warning => warning.code === 'role-not-checked');
  if (outcome.state === 'succeeded' && outcome.message === null && unchecked.length > 0) {
    return { ...outcome, message: unchecked.map(warning => warning.message).join(' ') };
  }
  return outcome;
}

/** Decides on the fresh read, recording first what it teaches about an earlier unanswered update. */
async function decideFor(run: Attempt, fresh: FunctionConfig): Promise<Decision> {
  const { deps, item } = run;
  const chosen = item.action === 'enable' ? (item.solution ?? (await recommended(run, fresh))) : null;
  if (typeof chosen === 'object' && chosen !== null) return chosen;
  const solution = chosen;
  const drifted = item.action === 'enable' && (await deps.records.isDrifted(fresh));
  // A throttled or unanswered simulation is thrown: the item's retry policy waits and asks again.
  const preflight = deps.rolePreflight ?? new RolePreflight(deps.gateway, { simulate: deps.simulateRoles ?? true, datadog: deps.datadog }, 'throw', run.signal);
  // Each closed checkpoint uncovers the one before it; a function has only a few.
  for (;;) {
    const checkpoint = await deps.stores.checkpoints.latest(item.functionArn);
    const lastClosed = !checkpoint && item.action === 'rollback' ? await deps.stores.checkpoints.lastClosed(item.functionArn) : undefined;
    const context = { datadog: deps.datadog, checkpoint, lastClosed, drifted };
    const decision = await decideWithRole({ action: item.action, solution }, fresh, context, preflight, run.callSignal);
    const reconcile = decision.kind === 'refused' ? undefined : decision.reconcile;
    if (!reconcile) return decision;
    await applyReconciliation(deps, reconcile);
    if (reconcile.kind === 'written' || decision.kind === 'apply') return decision;
    if (item.action === 'rollback' && !(await deps.stores.checkpoints.latest(item.functionArn))) return decision;
  }
}

async function write(run: Attempt, current: FunctionConfig, decision: Extract<Decision, { kind: 'apply' }>): Promise<ItemOutcome> {
  const { deps, item, callSignal } = run;
  const { plan } = decision;
  const arn = item.functionArn;
  // Right before the write: a later job on this function, or another worker now holding this item,
  // means this attempt must not change anything.
  const later = await deps.stores.jobs.supersededBy(item);
  if (later) return { state: 'failed', refused: true, message: supersededMessage(later), plan };
  if (!(await run.holdsClaim())) throw new ClaimLostError(`The claim on ${arn} passed to another worker.`);
  throwIfStopped(run.signal);

  // Stored before the update is sent: a crash between the two can still be reconciled and rolled back.
  const checkpointId = decision.checkpoint ? await deps.stores.checkpoints.save(decision.checkpoint) : undefined;
  let answer: FunctionConfig;
  try {
    answer = await deps.gateway.updateFunctionConfiguration(arn, plan.after, current.RevisionId!, { signal: callSignal });
  } catch (error) {
    // AWS answered no: the checkpoint describes a change that never happened. Without an answer we
    // cannot know; it stays open and the next attempt's fresh read reconciles it.
    const unknown = !(error instanceof AwsCallError) || error.kind === 'unavailable';
    // AWS applies an update whole or not at all, but other servers (moto) may apply part of a refused
    // one: put the function back as it was first, so a refusal never leaves it half-traced.
    if (checkpointId && error instanceof AwsCallError && error.kind === 'invalid') await undoPartialUpdate(run, current, error);
    if (checkpointId && !unknown) await deps.stores.checkpoints.markRolledBack(checkpointId);
    throw error;
  }

  const after = await settled(run, answer);
  const problems = verifyApplied(after, plan);
  // A Failed update's reason may quote the configuration: it is scrubbed like any AWS text.
  const failure = after.LastUpdateStatus === 'Failed' ? scrubAwsText(after.LastUpdateStatusReason ?? 'no reason given') : undefined;
  if (failure !== undefined && problems.length > 0) {
    if (checkpointId) await deps.stores.checkpoints.markRolledBack(checkpointId);
    return failed(`AWS could not apply the update: ${failure}. The function is unchanged; fix the cause and run the job again.`, plan);
  }
  // Our change is in place (even if AWS marks the update Failed): record it so it can be rolled back.
  if (checkpointId) await deps.stores.checkpoints.markWritten(checkpointId, answer.RevisionId ?? after.RevisionId ?? '');
  if (decision.rollsBack?.id) await deps.stores.checkpoints.markRolledBack(decision.rollsBack.id);
  if (item.action === 'rollback' && failure === undefined && problems.length === 0) await closeUndoneCheckpoints(run, after);
  await saveRecord(deps, after);
  if (failure !== undefined) {
    const what = item.action === 'enable' ? 'Tracing was applied' : 'The rollback was applied';
    return failed(`${what}, but AWS reports the update Failed: ${failure}. Check the function in the AWS console before running the job again.`, plan);
  }
  if (problems.length > 0) {
    return failed(`The update landed, but not exactly as planned: ${problems.join(' ')} Check the function before running the job again.`, plan);
  }
  return { state: 'succeeded', refused: false, message: null, plan };
}

/**
 * A rollback uncovers the checkpoint before the one it undid. When that earlier change is no longer in
 * the function either (a re-apply over a function someone else had reverted, now rolled back), deciding
 * the rollback again on the new configuration finds it "already as planned" and closes it, as a second
 * rollback would: the function reads untraced, not drifted from a change nobody can see any more. A
 * checkpoint whose change is still partly there stays open (the decision is an apply, never sent).
 */
async function closeUndoneCheckpoints(run: Attempt, after: FunctionConfig): Promise<void> {
  await decideFor(run, after);
}

async function applyReconciliation(deps: ItemDeps, reconcile: Reconciliation): Promise<void> {
  if (reconcile.kind === 'written') await deps.stores.checkpoints.markWritten(reconcile.checkpointId, reconcile.revisionId);
  else await deps.stores.checkpoints.markRolledBack(reconcile.checkpointId);
}

/**
 * The recommended solution, decided from complete context only: the resource policy is read first
 * (throttling is thrown, so the retry policy waits it out), and a source still missing that could
 * change the choice refuses the item instead of falling back to another solution.
 */
async function recommended(run: Attempt, fresh: FunctionConfig): Promise<Solution | Extract<Decision, { kind: 'refused' }>> {
  const { deps, item } = run;
  const known = await deps.stores.inventory.get(item.functionArn);
  const context = await freshContext(deps.gateway, item.functionArn, { signal: run.callSignal });
  const record = await deps.records.recordOf(fresh, known, context);
  const refusal = record.recommendation ? undecidedRefusal(record) : undefined;
  if (refusal) {
    const plan = planEnablement(fresh, { solution: record.recommendation.solution, datadog: deps.datadog });
    return { kind: 'refused', refusal: 'blocked', message: refusal, plan };
  }
  return record.recommendation.solution;
}

/**
 * Reads the function until no update is in progress, within the item's time. After our own update,
 * whose answer already says it is in progress, the first read waits a poll interval: read at once, it
 * would only say so again (one GetFunction per item saved, no time lost).
 */
async function settled(run: Attempt, updateAnswer?: FunctionConfig): Promise<FunctionConfig> {
  if (updateAnswer?.LastUpdateStatus === 'InProgress') await pollWait(run);
  for (;;) {
    throwIfStopped(run.signal);
    const config = await run.deps.gateway.getFunction(run.item.functionArn, { signal: run.callSignal });
    if (config.LastUpdateStatus !== 'InProgress') return config;
    await pollWait(run);
  }
}

async function pollWait(run: Attempt): Promise<void> {
  const wait = run.budget.poll();
  if (wait === undefined) {
    throw new AwsCallError('update-in-progress', 'An update of this function is still in progress; AWS has not finished it within the time a job item may take.');
  }
  await sleep(wait, run.signal);
}

async function undoPartialUpdate(run: Attempt, before: FunctionConfig, refusal: AwsCallError): Promise<void> {
  const { gateway } = run.deps;
  const now = await gateway.getFunction(run.item.functionArn, { signal: run.callSignal });
  const prior = currentUpdate(before);
  if (diffUpdates(currentUpdate(now), prior).length === 0) return;
  try {
    await gateway.updateFunctionConfiguration(run.item.functionArn, prior, now.RevisionId!, { signal: run.callSignal });
  } catch (restoreError) {
    // The checkpoint stays (we rethrow before it is closed), so a rollback job can still undo it.
    throw new PartialUpdateError(refusal, scrubAwsText((restoreError as Error).message));
  }
}

async function saveRecord(deps: ItemDeps, config: FunctionConfig): Promise<void> {
  const known = await deps.stores.inventory.get(config.FunctionArn!);
  await deps.records.save(await deps.records.recordOf(config, known));
}

function failed(message: string, plan?: EnablementPlan): ItemOutcome {
  return { state: 'failed', refused: false, message, plan };
}
