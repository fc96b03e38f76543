// One function of a job: fresh read → plan → refuse on blockers → checkpoint → update guarded by
// RevisionId → wait for AWS to finish → verify → record. The plan always carries the function's full
// environment map and layer list from the fresh read, so a lost race can never drop what is there.
import { planEnablement } from '../../common/plan';
import { currentUpdate, diffUpdates } from '../../common/update';
import { checkpointFor, planRollback, verifyApplied } from '../../common/rollback';
import type { JobAction } from '../../common/api';
import type { DatadogSettings, EnablementPlan, FunctionConfig, Solution } from '../../common/model';
import { AwsCallError } from '../aws/types';
import { scrubAwsText } from '../aws/errors';
import type { LambdaGateway } from '../aws/types';
import type { Stores } from '../store/types';
import type { JobSettings } from '../config';
import { freshContext, undecidedRefusal, type Records } from './records';
import { ShutdownError, sleep, throwIfStopped } from './sleep';
import { PartialUpdateError, explainAwsFailure, nextRetry, type RetryBudget } from './retries';

export interface ItemRequest {
  functionArn: string;
  action: JobAction;
  /** null = the function's recommended solution. */
  solution: Solution | null;
}

export interface ItemOutcome {
  state: 'succeeded' | 'failed';
  /** The plan had blockers, so nothing was sent to AWS. */
  refused: boolean;
  message: string | null;
  plan?: EnablementPlan;
}

export interface ItemDeps {
  gateway: LambdaGateway;
  stores: Stores;
  records: Records;
  datadog: DatadogSettings;
  jobs: JobSettings;
}

export async function applyItem(deps: ItemDeps, item: ItemRequest, signal: AbortSignal): Promise<ItemOutcome> {
  const budget: RetryBudget = { revision: 0, busy: 0, throttled: 0, startedAt: Date.now() };
  for (;;) {
    throwIfStopped(signal);
    try {
      return await attempt(deps, item, signal);
    } catch (error) {
      if (error instanceof ShutdownError || !(error instanceof AwsCallError)) throw error;
      const wait = nextRetry(error, budget, deps.jobs);
      if (wait === undefined) return failed(explainAwsFailure(error, budget, item.action));
      await sleep(wait, signal);
    }
  }
}

async function attempt(deps: ItemDeps, item: ItemRequest, signal: AbortSignal): Promise<ItemOutcome> {
  const { gateway, stores } = deps;
  const arn = item.functionArn;
  // Someone else's update still running would make ours fail with ResourceConflict: wait it out.
  const current = await settled(deps, arn, signal);
  const planned = await planFor(deps, item, current);
  if ('outcome' in planned) return planned.outcome;
  const { plan, rollingBack } = planned;

  if (plan.blockers.length > 0) {
    return { state: 'failed', refused: true, message: `Refused: ${plan.blockers.map(b => b.message).join(' ')}`, plan };
  }
  if (plan.changes.length === 0) return alreadyApplied(deps, item, current, plan);

  const checkpoint = item.action === 'enable' ? checkpointFor(current, plan, await stamp(deps, arn)) : undefined;
  // Stored before the update is sent: a crash between the two can still be rolled back.
  if (checkpoint) await stores.checkpoints.save(checkpoint);
  try {
    throwIfStopped(signal);
    await gateway.updateFunctionConfiguration(arn, plan.after, current.RevisionId!);
  } catch (error) {
    // AWS answered no: the checkpoint describes a change that never happened. After a timeout we
    // cannot know, so it stays and the next attempt's fresh read decides.
    const unknown = error instanceof ShutdownError || (error instanceof AwsCallError && error.kind === 'unavailable');
    // AWS applies an update whole or not at all, but other servers (moto) may apply part of a refused
    // one: put the function back as it was first, so a refusal never leaves it half-traced.
    if (checkpoint && error instanceof AwsCallError && error.kind === 'invalid') await undoPartialUpdate(deps, arn, current, error);
    if (checkpoint && !unknown) await stores.checkpoints.markRolledBack(arn, checkpoint.createdAt);
    throw error;
  }

  const after = await settled(deps, arn, signal);
  const problems = verifyApplied(after, plan);
  // A Failed update's reason may quote the configuration: it is scrubbed like any AWS text.
  const failure = after.LastUpdateStatus === 'Failed' ? scrubAwsText(after.LastUpdateStatusReason ?? 'no reason given') : undefined;
  if (failure !== undefined && problems.length > 0) {
    if (checkpoint) await stores.checkpoints.markRolledBack(arn, checkpoint.createdAt);
    return failed(`AWS could not apply the update: ${failure}. The function is unchanged; fix the cause and run the job again.`, plan);
  }
  // Our change is in place (even if AWS marks the update Failed): record it so it can be rolled back.
  if (checkpoint) await stores.checkpoints.markWritten(arn, checkpoint.createdAt, after.RevisionId ?? '');
  if (rollingBack) await stores.checkpoints.markRolledBack(arn, rollingBack);
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

type Planned = { plan: EnablementPlan; rollingBack?: string } | { outcome: ItemOutcome };

async function planFor(deps: ItemDeps, item: ItemRequest, current: FunctionConfig): Promise<Planned> {
  if (item.action === 'rollback') {
    const checkpoint = await deps.stores.checkpoints.latest(item.functionArn);
    if (!checkpoint) {
      return { outcome: failed('There is nothing to roll back: the plugin has no unreverted change recorded for this function.') };
    }
    return { plan: planRollback(current, checkpoint), rollingBack: checkpoint.createdAt };
  }
  let solution = item.solution;
  if (!solution) {
    // The recommendation is decided from complete context only: a throttled policy read is retried
    // (thrown to applyItem's loop), a missing source that could change the choice refuses the item.
    const known = await deps.stores.inventory.get(item.functionArn);
    const record = await deps.records.recordOf(current, known, await freshContext(deps.gateway, item.functionArn));
    const refusal = record.recommendation ? undecidedRefusal(record) : undefined;
    if (refusal) {
      const plan = planEnablement(current, { solution: record.recommendation.solution, datadog: deps.datadog });
      return { outcome: { state: 'failed', refused: true, message: `Refused: ${refusal}`, plan } };
    }
    solution = record.recommendation.solution;
  }
  return { plan: planEnablement(current, { solution, datadog: deps.datadog }) };
}

/** The function already looks as planned (e.g. an update sent before a restart): nothing to send. */
async function alreadyApplied(
  deps: ItemDeps,
  item: ItemRequest,
  current: FunctionConfig,
  plan: EnablementPlan,
): Promise<ItemOutcome> {
  const { checkpoints } = deps.stores;
  const latest = await checkpoints.latest(item.functionArn);
  if (item.action === 'enable' && latest && !latest.revisionIdWritten) {
    await checkpoints.markWritten(item.functionArn, latest.createdAt, current.RevisionId ?? '');
  }
  if (item.action === 'rollback' && latest) await checkpoints.markRolledBack(item.functionArn, latest.createdAt);
  await saveRecord(deps, current);
  return { state: 'succeeded', refused: false, message: 'Already as planned; nothing needed changing.', plan };
}

/** Reads the function until no update is in progress (bounded by jobs.updateTimeoutMs). */
async function settled(deps: ItemDeps, arn: string, signal: AbortSignal): Promise<FunctionConfig> {
  const deadline = Date.now() + deps.jobs.updateTimeoutMs;
  for (;;) {
    throwIfStopped(signal);
    const config = await deps.gateway.getFunction(arn);
    if (config.LastUpdateStatus !== 'InProgress') return config;
    if (Date.now() >= deadline) {
      throw new AwsCallError(
        'update-in-progress',
        `An update of this function has been in progress for over ${Math.round(deps.jobs.updateTimeoutMs / 1000)} s; AWS has not finished it yet.`,
      );
    }
    await sleep(deps.jobs.pollIntervalMs, signal);
  }
}

async function undoPartialUpdate(deps: ItemDeps, arn: string, before: FunctionConfig, refusal: AwsCallError): Promise<void> {
  const now = await deps.gateway.getFunction(arn);
  const prior = currentUpdate(before);
  if (diffUpdates(currentUpdate(now), prior).length === 0) return;
  try {
    await deps.gateway.updateFunctionConfiguration(arn, prior, now.RevisionId!);
  } catch (restoreError) {
    // The checkpoint stays (we rethrow before it is closed), so a rollback job can still undo it.
    throw new PartialUpdateError(refusal, scrubAwsText((restoreError as Error).message));
  }
}

async function saveRecord(deps: ItemDeps, config: FunctionConfig): Promise<void> {
  const known = await deps.stores.inventory.get(config.FunctionArn!);
  await deps.records.save(await deps.records.recordOf(config, known));
}

let lastStamp = 0;

/** Checkpoints are keyed by function and creation time: never reuse an earlier one's timestamp. */
async function stamp(deps: ItemDeps, arn: string): Promise<string> {
  const latest = await deps.stores.checkpoints.latest(arn);
  lastStamp = Math.max(Date.now(), lastStamp + 1, latest ? Date.parse(latest.createdAt) + 1 : 0);
  return new Date(lastStamp).toISOString();
}

function failed(message: string, plan?: EnablementPlan): ItemOutcome {
  return { state: 'failed', refused: false, message, plan };
}
