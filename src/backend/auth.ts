// Who may do what. Reads need the basic read permission; enable and rollback are catalog-entity
// resource permissions checked against the function's owning entity, and only people may make them.
import type {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { Request } from 'express';

export interface AccessControl {
  /** The caller's credentials once `permission` (a basic one) is granted; 401/403 otherwise. */
  requirePermission(req: Request, permission: BasicPermission, what: string): Promise<BackstageCredentials>;
  /** The caller, who must be a user: enabling and rolling back are a person's decision. */
  requireUser(req: Request, what: string): Promise<BackstageCredentials<BackstageUserPrincipal>>;
  /**
   * Of these functions, the ARNs the user may not change. `owner` is the owning catalog entity ref;
   * functions without one get the policy's unconditional answer.
   */
  deniedFunctions(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    permission: ResourcePermission<'catalog-entity'>,
    functions: Array<{ arn: string; owner: string | null }>,
  ): Promise<string[]>;
}

// kind:namespace/name — only such owners are catalog entities a policy can reason about; an owner
// tag like "payments" is not.
const FULL_ENTITY_REF = /^[^:/\s]+:[^:/\s]+\/[^:/\s]+$/;

export function isEntityRef(owner: string | null): owner is string {
  return owner !== null && FULL_ENTITY_REF.test(owner);
}

export function createAccessControl(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): AccessControl {
  const { httpAuth, permissions } = options;

  return {
    async requirePermission(req, permission, what) {
      const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
      const [decision] = await permissions.authorize([{ permission }], { credentials });
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(`You may not ${what}: ask for the ${permission.name} permission.`);
      }
      return credentials;
    },

    async requireUser(req, what) {
      const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
      if (credentials.principal.type !== 'user') {
        const subject = (credentials.principal as BackstageServicePrincipal).subject;
        throw new NotAllowedError(`Only signed-in users may ${what}; the service "${subject}" may not.`);
      }
      return credentials as BackstageCredentials<BackstageUserPrincipal>;
    },

    async deniedFunctions(credentials, permission, functions) {
      const owned = functions.filter(f => isEntityRef(f.owner));
      const unowned = functions.filter(f => !isEntityRef(f.owner));
      const owners = [...new Set(owned.map(f => f.owner!))];
      const deniedOwners = new Set<string>();
      if (owners.length > 0) {
        const decisions = await permissions.authorize(
          owners.map(resourceRef => ({ permission, resourceRef })),
          { credentials },
        );
        decisions.forEach((d, i) => d.result !== AuthorizeResult.ALLOW && deniedOwners.add(owners[i]));
      }
      let unownedAllowed = true;
      if (unowned.length > 0) {
        // A resource permission without a resourceRef is not a valid `authorize` query (the permission
        // backend returns a conditional decision the client rejects). Ask for the policy decision
        // instead: ALLOW is unconditional; conditions cannot be met without an owning entity.
        const [decision] = await permissions.authorizeConditional([{ permission }], { credentials });
        unownedAllowed = decision.result === AuthorizeResult.ALLOW;
      }
      return functions
        .filter(f => (isEntityRef(f.owner) ? deniedOwners.has(f.owner) : !unownedAllowed))
        .map(f => f.arn);
    },
  };
}
