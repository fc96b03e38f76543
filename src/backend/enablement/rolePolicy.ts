// The optional fix for a role that lacks what a plan needs: an inline policy on the function's role
// granting exactly the missing actions on exactly the resources, proposed from the same decision the
// plan endpoint and the job make, attached only with a person's explicit consent to the very document
// they were shown, a permission of its own, an audit entry and an auditor event. A role is often
// shared: the proposal names the other functions that gain the permissions too.
import { createHash } from 'node:crypto';
import type { AuditorService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import type { AttachRolePolicyRequest, AttachRolePolicyResult, RolePolicyProposal } from '../../common/api';
import type { Solution } from '../../common/model';
import { rolePolicyAttachPermission } from '../../common/permissions';
import { isCredentials, type AccessControl, type Caller } from '../auth';
import type { LambdaGateway } from '../aws/types';
import { asHttpError, type FunctionsService } from '../inventory/functions';
import type { Stores } from '../store/types';
import type { MissingPermission } from './rolePreflight';

export interface RolePolicyService {
  /** The policy that would lift the plan's role-permission-missing blockers; 409 when there is none to lift. */
  proposal(functionArn: string, solution?: Solution): Promise<RolePolicyProposal>;
  /** Attaches it: 403 without the permission, 400 without consent to the current document, 409 when nothing is missing. */
  attach(caller: Caller, functionArn: string, request: AttachRolePolicyRequest): Promise<AttachRolePolicyResult>;
}

const WHAT = "attach a policy to a function's execution role";
/** Shared-role warnings name this many functions; the proposal lists them all. */
const NAMED_IN_WARNING = 10;

/**
 * The policy document, stable for the same needs (sorted, one statement per resource), so the hash a
 * person consented to matches the document attached.
 */
export function policyDocumentFor(missing: MissingPermission[]): string {
  const byResource = new Map<string, Set<string>>();
  for (const { action, resource } of missing) byResource.set(resource, (byResource.get(resource) ?? new Set()).add(action));
  const statements = [...byResource.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([resource, actions]) => ({ Effect: 'Allow', Action: [...actions].sort(), Resource: resource }));
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

export function createRolePolicyService(options: {
  functions: FunctionsService;
  gateway: LambdaGateway;
  stores: Stores;
  access: AccessControl;
  auditor: AuditorService;
}): RolePolicyService {
  const { functions, gateway, stores, access, auditor } = options;

  const service: RolePolicyService = {
    async proposal(functionArn, solution) {
      // The plan is shown whatever AWS is busy with, as the plan endpoint does.
      const decision = await functions.decision(functionArn, { action: 'enable', solution: solution ?? null }, true);
      const missing = decision.role?.missing;
      if (!decision.plan || !missing) {
        const notChecked = decision.plan?.warnings.find(note => note.code === 'role-not-checked');
        throw new ConflictError(
          notChecked
            ? `The function's role could not be checked, so there is no missing permission to grant: ${notChecked.message}`
            : `The plan for ${functionArn} needs no permission its role lacks: there is nothing to grant.`,
        );
      }
      const denied = missing.permissions.filter(permission => permission.decision === 'explicitDeny');
      if (denied.length > 0) {
        throw new ConflictError(
          `The role ${missing.roleArn} explicitly denies ${denied.map(p => p.action).join(', ')}: no added Allow can lift an explicit deny. Remove the deny from the role's policies (or its permissions boundary or an SCP) instead.`,
        );
      }
      const policyDocument = policyDocumentFor(missing.permissions);
      const documentHash = createHash('sha256').update(policyDocument).digest('hex');
      const sharedWith = (await stores.inventory.owners())
        .filter(row => row.config.Role === missing.roleArn && row.arn !== functionArn)
        .map(row => ({ arn: row.arn, name: row.config.FunctionName ?? row.arn }))
        .sort((a, b) => a.name.localeCompare(b.name));
      const named = sharedWith.slice(0, NAMED_IN_WARNING).map(fn => fn.name).join(', ');
      const warnings = sharedWith.length === 0 ? [] : [{
        code: 'role-shared',
        message: `The role ${missing.roleArn} is shared by ${sharedWith.length} other function(s) in the inventory (${named}${sharedWith.length > NAMED_IN_WARNING ? ', …' : ''}): they gain these permissions too.`,
      }];
      return {
        functionArn,
        solution: decision.plan.solution,
        roleArn: missing.roleArn,
        // PutRolePolicy replaces a policy of the same name: one name per document never takes back what
        // an earlier fix granted (another secret), and attaching the same grant twice changes nothing.
        policyName: `serverless-tracing-datadog-${documentHash.slice(0, 12)}`,
        policyDocument,
        documentHash,
        sharedWith,
        warnings,
      };
    },

    async attach(caller, functionArn, request) {
      const credentials = await access.requireUser(caller, WHAT);
      await access.requirePermission(caller, rolePolicyAttachPermission, WHAT);
      if (request.consent !== true) {
        throw new InputError('Attaching a policy to a role needs explicit consent (consent: true) to the policy shown.');
      }
      const actor = credentials.principal.userEntityRef;
      const event = await auditor.createEvent({
        eventId: 'role-policy-attach',
        severityLevel: 'high',
        request: isCredentials(caller) ? undefined : caller,
        meta: { functionArn, actor },
      });
      let proposal: RolePolicyProposal | undefined;
      try {
        proposal = await service.proposal(functionArn, request.solution);
        if (proposal.documentHash !== request.documentHash) {
          throw new InputError(
            "The policy you confirmed is no longer the one the plan needs (the plan or the role changed since it was shown). Nothing was attached: review the policy again and confirm it.",
          );
        }
        const { roleArn, policyName, policyDocument, sharedWith } = proposal;
        try {
          await gateway.putRolePolicy(roleArn, policyName, policyDocument);
        } catch (error) {
          throw asHttpError(error, functionArn);
        }
        const audit = await stores.audit.append({
          actor,
          functionArn,
          action: 'role-policy',
          jobId: null,
          outcome: 'succeeded',
          summary: `attached inline policy ${policyName} to role ${roleArn}: ${grants(policyDocument)}`,
          message: sharedWith.length > 0 ? `The role's other functions gain it too: ${sharedWith.map(fn => fn.name).join(', ')}.` : null,
        });
        await event.success({ meta: { roleArn, policyName, sharedWith: sharedWith.length } });
        return { roleArn, policyName, sharedWith, auditEventId: audit.id };
      } catch (error) {
        // A refusal before anything was sent (no consent to this document, nothing to grant) is the
        // caller's; a failed attach is recorded in the trail too, as an attempt that changed nothing.
        if (proposal && proposal.documentHash === request.documentHash) {
          await stores.audit.append({
            actor,
            functionArn,
            action: 'role-policy',
            jobId: null,
            outcome: 'failed',
            summary: `attach inline policy ${proposal.policyName} to role ${proposal.roleArn}`,
            message: (error as Error).message,
          });
        }
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  };
  return service;
}

/** "secretsmanager:GetSecretValue on arn:…; xray:PutTraceSegments on *". */
function grants(policyDocument: string): string {
  const { Statement } = JSON.parse(policyDocument) as { Statement: Array<{ Action: string[]; Resource: string }> };
  return Statement.map(statement => `${statement.Action.join(', ')} on ${statement.Resource}`).join('; ');
}
