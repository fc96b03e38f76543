// The function role pre-flight: before an enable is applied, IAM's policy simulator is asked whether
// the function's execution role allows what the plan makes the function do (read the Datadog API key
// secret, decrypt a KMS-encrypted key, send X-Ray segments), and the plan's secret and site are checked
// against the function's partition, account and region. What it finds joins the plan's blockers and
// warnings in decide(), the one decision place, so the plan endpoint, the job pre-flight and the worker
// agree.
import { parseFunctionArn } from '../../common/arn';
import { ENV } from '../../common/datadog';
import type { DatadogSettings, EnablementPlan, FunctionConfig, PlanNote } from '../../common/model';
import { AwsCallError, type LambdaGateway, type PermissionAnswer, type PermissionQuestion } from '../aws/types';
import { parseRoleArn } from '../aws/roles';
import { decide, type Decision, type DecisionContext, type DecisionRequest } from './decide';

export interface RoleFindings {
  blockers: PlanNote[];
  warnings: PlanNote[];
}

/** Datadog's site for AWS GovCloud (US1-FED): the only one a GovCloud function's data belongs to. */
export const GOVCLOUD_SITE = 'ddog-gov.com';

const SIMULATE = 'iam:SimulatePrincipalPolicy';

/** A permission the plan needs, and whether the function cannot work without it. */
interface Need extends PermissionQuestion {
  /** Why the plan needs it, completing "…, which ". */
  purpose: string;
  /** Denied → blocker (the plan cannot work); otherwise a warning (the simulation cannot be conclusive). */
  required: boolean;
}

/**
 * What the plan makes the function need from its role. A KMS-encrypted key names no key ARN, so
 * kms:Decrypt can only be asked about every key ('*'): a role scoped to the one key is denied there,
 * and that answer is a warning, never a blocker.
 */
export function permissionsNeeded(plan: EnablementPlan): Need[] {
  const env = plan.after.Environment.Variables;
  const needs: Need[] = [];
  const secret = env[ENV.apiKeySecretArn];
  if (secret) {
    needs.push({ action: 'secretsmanager:GetSecretValue', resource: secret, required: true, purpose: 'the Datadog extension reads the API key with' });
  }
  if (env[ENV.kmsApiKey]) {
    needs.push({ action: 'kms:Decrypt', resource: '*', required: false, purpose: 'the Datadog extension decrypts DD_KMS_API_KEY with' });
  }
  const turnsOnXray = plan.changes.some(change => change.kind === 'tracing-mode-changed' && change.after === 'Active');
  if (turnsOnXray) {
    for (const action of ['xray:PutTraceSegments', 'xray:PutTelemetryRecords']) {
      needs.push({ action, resource: '*', required: true, purpose: 'Lambda sends X-Ray traces with' });
    }
  }
  return needs;
}

/**
 * Where the plan points the function, checked against where the function is: a secret ARN of another
 * partition cannot be read at all (blocker); a secret in another account needs a resource policy on the
 * secret and a customer managed key, one in another region ties the function to that region (warnings);
 * a GovCloud function sending to a commercial Datadog site moves its data out of GovCloud (warning: the
 * operator decides whether that is allowed, the plugin does not).
 */
export function placementFindings(fresh: FunctionConfig, plan: EnablementPlan): RoleFindings {
  const findings: RoleFindings = { blockers: [], warnings: [] };
  const where = parseFunctionArn(fresh.FunctionArn ?? plan.functionArn);
  if (!where) return findings;
  const env = plan.after.Environment.Variables;
  const secret = env[ENV.apiKeySecretArn];
  const parts = secret?.split(':');
  if (secret && parts && parts.length >= 6 && parts[0] === 'arn') {
    const [, partition, , region, accountId] = parts;
    if (partition !== where.partition) {
      findings.blockers.push({
        code: 'secret-partition',
        message: `The API key secret ${secret} is in the ${partition} partition, but the function is in ${where.partition} (${where.region}): a function cannot read a secret of another partition. Configure a secret in ${where.partition} for these functions.`,
      });
    } else {
      if (accountId !== where.accountId) {
        findings.warnings.push({
          code: 'secret-cross-account',
          message: `The API key secret is in account ${accountId}, the function in ${where.accountId}: the secret needs a resource policy allowing the function's role secretsmanager:GetSecretValue, and a customer managed KMS key the role may use.`,
        });
      }
      if (region !== where.region) {
        findings.warnings.push({
          code: 'secret-cross-region',
          message: `The API key secret is in ${region}, the function in ${where.region}: every cold start reads it across regions, and the function depends on ${region} being available.`,
        });
      }
    }
  }
  const site = env[ENV.site];
  if (where.partition === 'aws-us-gov' && site && site !== GOVCLOUD_SITE) {
    findings.warnings.push({
      code: 'site-outside-govcloud',
      message: `The function runs in AWS GovCloud but sends to the Datadog site ${site}, not ${GOVCLOUD_SITE}: its traces and logs would leave GovCloud. Use ${GOVCLOUD_SITE} unless that is allowed for this workload.`,
    });
  }
  return findings;
}

/** Whether and about what the pre-flight asks IAM. */
export interface RolePreflightSettings {
  /** serverlessTracing.rolePreflight: false → IAM is never asked, and every plan says the role was not checked. */
  simulate: boolean;
  /** What the plugin writes into functions: the permissions any of its plans may need. */
  datadog: DatadogSettings;
}

/** A permission the role lacks for the plan, and how IAM denied it (an explicit deny no Allow can lift). */
export interface MissingPermission extends PermissionQuestion {
  decision: string;
}

/** What the pre-flight found, and the required permissions the role was found to lack. */
export interface RoleCheck extends RoleFindings {
  /** Set when the role was simulated and lacks required permissions: what a policy on it would have to grant. */
  missing?: { roleArn: string; permissions: MissingPermission[] };
}

/**
 * Every permission a plan of this plugin may need, asked together: one simulation answers any plan's
 * needs for a role. kms:Decrypt is asked even without a configured KMS key, as a function may carry its own.
 */
export function questionsFor(datadog: DatadogSettings): PermissionQuestion[] {
  const questions: PermissionQuestion[] = [];
  if (datadog.apiKeySecretArn) questions.push({ action: 'secretsmanager:GetSecretValue', resource: datadog.apiKeySecretArn });
  questions.push({ action: 'kms:Decrypt', resource: '*' });
  questions.push({ action: 'xray:PutTraceSegments', resource: '*' }, { action: 'xray:PutTelemetryRecords', resource: '*' });
  return questions;
}

const questionKey = (q: PermissionQuestion) => `${q.action}@${q.resource}`;

/**
 * Simulates the function roles' permissions, each role once per checker, asking in one call every
 * permission a plan may need (questionsFor): a job makes one checker, so functions sharing a role cost
 * one simulation, and a plan that needs something else (a secret the function already carries) asks
 * for itself. Failed simulations are not kept (a retry asks again).
 */
export class RolePreflight {
  private readonly answers = new Map<string, Promise<PermissionAnswer[]>>();
  private readonly everything: PermissionQuestion[];

  constructor(
    private readonly gateway: LambdaGateway,
    private readonly settings: RolePreflightSettings,
    /**
     * How a simulation that AWS throttled or did not answer is treated. 'throw' (the worker): the item's
     * retry policy waits and asks again, and the item fails unwritten if AWS never answers. 'warn' (plan
     * endpoint, pre-flight): the plan is shown with a warning saying the role was not checked.
     */
    private readonly transient: 'throw' | 'warn',
    /**
     * Bounds the simulations themselves (the runner's shutdown): one is shared by every item of its role,
     * so no single item's deadline may cut it short; each item stops waiting at its own.
     */
    private readonly signal?: AbortSignal,
  ) {
    this.everything = questionsFor(settings.datadog);
  }

  /**
   * Starts simulating these roles now, all at once: IAM's own rate limiter paces the calls, and no
   * item holds a worker while queueing for IAM. Items then await their role's answer; a failure here
   * is left for the item to meet (and retry) when it asks.
   */
  prefetch(roleArns: Iterable<string>): void {
    if (!this.settings.simulate) return;
    for (const roleArn of new Set(roleArns)) {
      if (parseRoleArn(roleArn)) this.ask(roleArn, this.everything).catch(() => undefined);
    }
  }

  async findings(fresh: FunctionConfig, plan: EnablementPlan, signal?: AbortSignal): Promise<RoleCheck> {
    const findings: RoleCheck = placementFindings(fresh, plan);
    // A secret of another partition is already a blocker, and not one IAM can evaluate in this one.
    const unreadable = findings.blockers.some(blocker => blocker.code === 'secret-partition');
    const needs = permissionsNeeded(plan).filter(need => !(unreadable && need.action === 'secretsmanager:GetSecretValue'));
    if (needs.length === 0) return findings;
    if (!this.settings.simulate) {
      findings.warnings.push(notChecked(needs, 'the role pre-flight is switched off (serverlessTracing.rolePreflight: false), so IAM was not asked.'));
      return findings;
    }
    const roleArn = fresh.Role;
    const role = roleArn ? parseRoleArn(roleArn) : undefined;
    if (!roleArn || !role) {
      findings.warnings.push(notChecked(needs, `AWS reported no execution role for the function${roleArn ? ` (only "${roleArn}")` : ''}.`));
      return findings;
    }
    let answers: PermissionAnswer[];
    try {
      answers = await this.answersFor(roleArn, needs, signal);
    } catch (error) {
      if (!(error instanceof AwsCallError)) throw error;
      if (this.transient === 'throw' && (error.kind === 'throttled' || error.kind === 'unavailable')) throw error;
      // The simulation could not be made: said as a warning, never taken as "the role is fine". The
      // enable still goes ahead: a role lacking these permissions leaves the function running and only
      // its telemetry undelivered (the Datadog extension logs that it has no API key), the change rolls
      // back exactly, and refusing would make iam:SimulatePrincipalPolicy a hard requirement of every
      // enablement. The warning stays on the plan and the job item so the gap is visible.
      findings.warnings.push(notChecked(needs, explainSimulationFailure(error, role)));
      return findings;
    }
    const missing: MissingPermission[] = [];
    for (const need of needs) {
      const answer = answers.find(a => a.action === need.action && a.resource === need.resource);
      if (answer?.allowed) continue;
      const decision = answer ? (answer.decision === 'explicitDeny' ? 'explicitly denies' : 'does not allow') : 'was not evaluated for';
      const on = need.resource === '*' ? '' : ` on ${need.resource}`;
      const message = `The function's role ${roleArn} ${decision} ${need.action}${on}, which ${need.purpose}.`;
      if (need.required) {
        findings.blockers.push({ code: 'role-permission-missing', message: `${message} Grant it to the role, then enable again.` });
        missing.push({ action: need.action, resource: need.resource, decision: answer?.decision ?? 'notEvaluated' });
      } else {
        findings.warnings.push({ code: 'role-permission-unconfirmed', message: `${message} Make sure the role may decrypt with the key that encrypted DD_KMS_API_KEY.` });
      }
    }
    if (missing.length > 0) findings.missing = { roleArn, permissions: missing };
    return findings;
  }

  /** The role's answers to what every plan may need, or, for a need outside it, to that and everything. */
  private answersFor(roleArn: string, needs: Need[], signal: AbortSignal | undefined): Promise<PermissionAnswer[]> {
    const known = new Set(this.everything.map(questionKey));
    const extra = needs.filter(need => !known.has(questionKey(need))).map(({ action, resource }) => ({ action, resource }));
    const questions = extra.length === 0 ? this.everything : [...this.everything, ...extra];
    return untilAborted(this.ask(roleArn, questions), signal, roleArn);
  }

  private ask(roleArn: string, questions: PermissionQuestion[]): Promise<PermissionAnswer[]> {
    const key = `${roleArn} ${questions.map(questionKey).join(' ')}`;
    let answers = this.answers.get(key);
    if (!answers) {
      const asked = this.gateway.simulateRole(roleArn, questions, { signal: this.signal });
      asked.catch(() => {
        if (this.answers.get(key) === asked) this.answers.delete(key);
      });
      this.answers.set(key, asked);
      answers = asked;
    }
    return answers;
  }
}

/** The shared simulation's answer, or, once the waiting item's own signal fires, an error it can act on. */
function untilAborted<T>(answer: Promise<T>, signal: AbortSignal | undefined, roleArn: string): Promise<T> {
  if (!signal) return answer;
  return new Promise<T>((resolve, reject) => {
    const stop = () =>
      reject(new AwsCallError('unavailable', `IAM had not answered the simulation of role ${roleArn} when the job item's time ran out or the backend stopped.`));
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

function notChecked(needs: Need[], why: string): PlanNote {
  const actions = [...new Set(needs.map(need => need.action))].join(', ');
  return { code: 'role-not-checked', message: `Could not check that the function's role allows ${actions}: ${why}` };
}

function explainSimulationFailure(error: AwsCallError, { partition, accountId, roleName }: { partition: string; accountId: string; roleName: string }): string {
  switch (error.kind) {
    case 'access-denied':
      return `the plugin's AWS role in account ${accountId} may not call ${SIMULATE}. Grant it ${SIMULATE} on the function roles (arn:${partition}:iam::${accountId}:role/*) so enablement checks them.`;
    case 'not-found':
      return `IAM has no role ${roleName} in account ${accountId}; the function cannot run until its role exists.`;
    case 'throttled':
      return `IAM throttled ${SIMULATE}; the job checks again when it runs.`;
    default:
      return error.message;
  }
}

/**
 * decide() with the role pre-flight: an enable that would change the function is decided again with
 * what the pre-flight found, which comes back too (`role`: what a fix would have to grant). Only a plan
 * with changes is checked: nothing is sent otherwise.
 */
export async function decideWithRole(
  request: DecisionRequest,
  fresh: FunctionConfig,
  context: DecisionContext,
  preflight: RolePreflight,
  signal?: AbortSignal,
): Promise<Decision & { role?: RoleCheck }> {
  const first = decide(request, fresh, context);
  if (request.action !== 'enable' || !first.plan || first.plan.changes.length === 0) return first;
  if (first.kind === 'refused' && first.refusal !== 'blocked') return first;
  const role = await preflight.findings(fresh, first.plan, signal);
  if (role.blockers.length === 0 && role.warnings.length === 0) return first;
  return { ...decide(request, fresh, { ...context, role }), role };
}
