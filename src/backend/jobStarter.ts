// Starting an enable or rollback job on a person's behalf, the one way every entry point does it (the
// REST API, the actions registry that agents call, the scaffolder action): only users, the
// permission each function's owner calls for, the single-function pre-flight, an auditor event.
import type { AuditorService, BackstageCredentials, BackstageServicePrincipal } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type { CreateJobRequest, Job } from '../common/api';
import { UPGRADE_SOLUTION, type Campaign } from '../common/campaigns';
import type { JsonObject } from '@backstage/types';
import { audited } from './audited';
import { isCredentials, type AccessControl, type Caller } from './auth';
import type { JobFunction, JobsService } from './enablement/jobs';
import { PlanBlockedError } from './errors';

export interface JobStarter {
  /**
   * Creates the job once the caller, a user, may change every function; 403 names the ones they may
   * not, 404 unknown ones; for one function, 422/409 when its plan is blocked or conflicts.
   */
  start(caller: Caller, request: CreateJobRequest, via: 'api' | 'action' | 'scaffolder'): Promise<Job>;
  /**
   * Re-applies tracing to drifted functions on the plugin's own behalf (the operator's auto-repair
   * policy in config is the authorization, so no person's permission is asked); audited like any job.
   */
  repair(credentials: BackstageCredentials<BackstageServicePrincipal>, functionArns: string[], policy: string): Promise<Job>;
  /**
   * Stops a job: its items not started yet are cancelled, the one in flight finishes and is verified.
   * Only a user who may make the job's change on every one of its functions; audited.
   */
  cancel(caller: Caller, jobId: string): Promise<Job>;
  /**
   * Starts a stage of a layer upgrade campaign on its creator's behalf: their permission for every
   * function was checked when they created it. An enable job (UPGRADE_SOLUTION), audited.
   */
  campaignStage(campaign: Pick<Campaign, 'id' | 'createdBy'>, stage: number, functionArns: string[]): Promise<Job>;
}

/**
 * Excluded functions are left out of bulk enable (the page leaves them out of its dialogs; a caller of
 * the API is told rather than having them dropped silently). Enabling one on its own stays possible:
 * that is a person deciding about that function, reason in view.
 */
function refuseExcludedInBulk(request: CreateJobRequest, functions: JobFunction[]): void {
  if (request.action !== 'enable' || functions.length < 2) return;
  const excluded = functions.filter(fn => fn.exclusion);
  if (excluded.length === 0) return;
  const named = excluded.slice(0, 3).map(fn => `${fn.arn} (${fn.exclusion!.reason})`).join(', ');
  throw new PlanBlockedError(
    `${excluded.length} of these functions are excluded from bulk enable: ${named}${excluded.length > 3 ? ', …' : ''}. Leave them out, enable them one at a time, or lift their exclusion first.`,
  );
}

export function createJobStarter(options: { access: AccessControl; auditor: AuditorService; jobs: JobsService }): JobStarter {
  const { access, auditor, jobs } = options;

  /** A job no person starts now: its authorization was settled before (a config policy, a campaign's creator). */
  function createOnBehalf(request: CreateJobRequest, actor: string, meta: JsonObject): Promise<Job> {
    const event = {
      eventId: 'job-create',
      severityLevel: 'medium' as const,
      meta: { action: request.action, functions: request.functionArns.length, solution: request.solution ?? null, actor, ...meta },
    };
    return audited(auditor, event, () => jobs.create(request, actor), job => ({ jobId: job.id }));
  }

  return {
    async start(caller, body, via) {
      const credentials = await access.requireUser(caller, 'enable tracing or roll it back');
      const request = { ...body, functionArns: [...new Set(body.functionArns)] };
      const event = {
        eventId: 'job-create',
        severityLevel: 'medium' as const,
        // An HTTP caller's request names the actor; an action's credentials are named in meta.
        request: isCredentials(caller) ? undefined : caller,
        meta: {
          action: request.action,
          functions: request.functionArns.length,
          solution: request.solution ?? null,
          via,
          actor: credentials.principal.userEntityRef,
        },
      };
      return audited(auditor, event, async () => {
        const functions = await jobs.lookUp(request.functionArns);
        const denied = await access.deniedFunctions(credentials, request.action, functions);
        if (denied.length > 0) {
          throw new NotAllowedError(
            `You may not ${request.action === 'enable' ? 'enable tracing on' : 'roll back'} ${denied.length} of these functions (${denied.slice(0, 3).join(', ')}${denied.length > 3 ? ', …' : ''}): ask their owning teams or a Backstage admin for the permission.`,
          );
        }
        refuseExcludedInBulk(request, functions);
        if (request.functionArns.length === 1) await jobs.preflight(request);
        return jobs.create(request, credentials.principal.userEntityRef);
      }, job => ({ jobId: job.id }));
    },

    async cancel(caller, jobId) {
      const credentials = await access.requireUser(caller, 'cancel a job');
      const actor = credentials.principal.userEntityRef;
      const event = { eventId: 'job-cancel', severityLevel: 'medium' as const, request: isCredentials(caller) ? undefined : caller, meta: { jobId, actor } };
      return audited(auditor, event, async () => {
        const job = await jobs.get(jobId);
        const arns = job.items.map(item => item.functionArn);
        // Functions gone from the inventory since need no permission to be left alone.
        const owners = await jobs.lookUpKnown(arns);
        const denied = await access.deniedFunctions(credentials, job.action, owners);
        if (denied.length > 0) {
          throw new NotAllowedError(`You may not cancel job ${jobId}: it ${job.action === 'enable' ? 'enables tracing on' : 'rolls back'} ${denied.length} function(s) you may not change (${denied.slice(0, 3).join(', ')}${denied.length > 3 ? ', …' : ''}).`);
        }
        return jobs.cancel(jobId, `Cancelled by ${actor} before it started; nothing was changed on this function.`);
      }, cancelled => ({ cancelled: cancelled.counts.cancelled }));
    },

    async campaignStage(campaign, stage, functionArns) {
      const request: CreateJobRequest = { action: 'enable', functionArns: [...new Set(functionArns)], solution: UPGRADE_SOLUTION };
      return createOnBehalf(request, campaign.createdBy, { via: 'campaign', campaignId: campaign.id, stage: stage + 1 });
    },

    async repair(credentials, functionArns, policy) {
      const request: CreateJobRequest = { action: 'enable', functionArns: [...new Set(functionArns)] };
      return createOnBehalf(request, credentials.principal.subject, { via: 'auto-repair', policy });
    },
  };
}
