// Excluding functions from the page: who may (a permission of its own), what is valid (an ARN or a
// name pattern, with a reason), and an auditor event for every change. Stored with who and when.
import type { AuditorService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CreateExclusionRequest, Exclusion } from '../common/api';
import { functionArnProblem } from '../common/arn';
import { exclusionPatternProblem } from '../common/exclusions';
import { exclusionManagePermission } from '../common/permissions';
import type { AccessControl, Caller } from './auth';
import { isCredentials } from './auth';
import { audited as withAuditorEvent } from './audited';
import type { ExclusionStore } from './store/types';

export interface ExclusionsService {
  list(): Promise<Exclusion[]>;
  /** 400 for a bad ARN, pattern or reason, 403 without the permission, 409 when already excluded. */
  create(caller: Caller, request: CreateExclusionRequest): Promise<Exclusion>;
  /** 404 when there is no such exclusion. */
  remove(caller: Caller, id: string): Promise<Exclusion>;
}

const WHAT = 'exclude functions from tracing coverage or lift an exclusion';
export const MAX_REASON = 500;

/** The request checked: exactly one of an ARN and a pattern, and a reason. */
export function validExclusion(request: CreateExclusionRequest): { functionArn?: string; pattern?: string; reason: string } {
  const { functionArn, pattern } = request;
  const reason = typeof request.reason === 'string' ? request.reason.trim() : '';
  if ((functionArn === undefined) === (pattern === undefined)) {
    throw new InputError('Exclude either one function (functionArn) or a name pattern (pattern), not both and not neither.');
  }
  if (!reason) throw new InputError('Say why the function is excluded (reason): the next person to see it untraced will want to know.');
  if (reason.length > MAX_REASON) throw new InputError(`The reason has ${reason.length} characters; keep it to ${MAX_REASON}.`);
  if (functionArn !== undefined) {
    const problem = functionArnProblem(functionArn);
    if (problem) throw new InputError(`Invalid functionArn: ${problem}`);
    return { functionArn, reason };
  }
  const problem = exclusionPatternProblem(pattern!);
  if (problem) throw new InputError(`Invalid pattern "${pattern}": ${problem}.`);
  return { pattern, reason };
}

export function createExclusionsService(options: { store: ExclusionStore; access: AccessControl; auditor: AuditorService }): ExclusionsService {
  const { store, access, auditor } = options;

  async function audited<T>(caller: Caller, eventId: string, meta: Record<string, string>, work: (actor: string) => Promise<T>): Promise<T> {
    const credentials = await access.requirePermission(caller, exclusionManagePermission, WHAT);
    const principal = credentials.principal as { type: string; userEntityRef?: string; subject?: string };
    const actor = principal.userEntityRef ?? principal.subject ?? 'unknown';
    const event = { eventId, severityLevel: 'medium' as const, request: isCredentials(caller) ? undefined : caller, meta: { ...meta, actor } };
    return withAuditorEvent(auditor, event, () => work(actor));
  }

  return {
    list: () => store.list(),

    async create(caller, request) {
      const valid = validExclusion(request);
      const target: Record<string, string> = valid.functionArn ? { functionArn: valid.functionArn } : { pattern: valid.pattern! };
      return audited(caller, 'exclusion-create', { ...target, reason: valid.reason }, actor => store.add({ ...valid, createdBy: actor }));
    },

    async remove(caller, id) {
      return audited(caller, 'exclusion-delete', { exclusionId: id }, async () => {
        const removed = await store.remove(id);
        if (!removed) throw new NotFoundError(`There is no exclusion ${id}; it may have been lifted already.`);
        return removed;
      });
    },
  };
}
