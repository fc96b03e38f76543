// Who may do what. Reads need the basic read permission; enable and rollback are checked per function
// with the request common/permissions.ts derives from its owner, and only people may make them.
import type {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, type BasicPermission } from '@backstage/plugin-permission-common';
import { functionPermissionRequest, type FunctionChange } from '../common/permissions';
import type { Request } from 'express';

/** Who asks: an HTTP request (its token is checked) or credentials already checked (an action's). */
export type Caller = Request | BackstageCredentials;

/** Whether the caller is credentials already checked rather than a request still to check. */
export function isCredentials(caller: Caller): caller is BackstageCredentials {
  return '$$type' in caller && caller.$$type === '@backstage/BackstageCredentials';
}

export interface AccessControl {
  /** The caller's credentials once `permission` (a basic one) is granted; 401/403 otherwise. */
  requirePermission(caller: Caller, permission: BasicPermission, what: string): Promise<BackstageCredentials>;
  /** The caller, who must be a user: enabling and rolling back are a person's decision. */
  requireUser(caller: Caller, what: string): Promise<BackstageCredentials<BackstageUserPrincipal>>;
  /** Of these functions, the ARNs on which the user may not make `change`. */
  deniedFunctions(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    change: FunctionChange,
    functions: Array<{ arn: string; owner: string | null }>,
  ): Promise<string[]>;
}

export function createAccessControl(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): AccessControl {
  const { httpAuth, permissions } = options;
  const credentialsOf = async (caller: Caller): Promise<BackstageCredentials<BackstageUserPrincipal | BackstageServicePrincipal>> =>
    isCredentials(caller)
      ? (caller as BackstageCredentials<BackstageUserPrincipal | BackstageServicePrincipal>)
      : httpAuth.credentials(caller as Request, { allow: ['user', 'service'] });

  return {
    async requirePermission(caller, permission, what) {
      const credentials = await credentialsOf(caller);
      const [decision] = await permissions.authorize([{ permission }], { credentials });
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(`You may not ${what}: ask for the ${permission.name} permission.`);
      }
      return credentials;
    },

    async requireUser(caller, what) {
      const credentials = await credentialsOf(caller);
      if (credentials.principal.type !== 'user') {
        const subject = (credentials.principal as BackstageServicePrincipal).subject;
        throw new NotAllowedError(`Only signed-in users may ${what}; the service "${subject}" may not.`);
      }
      return credentials as BackstageCredentials<BackstageUserPrincipal>;
    },

    async deniedFunctions(credentials, change, functions) {
      // One question per distinct request: a bulk job over one team's functions asks once.
      const asked = functions.map(f => {
        const request = functionPermissionRequest(change, f.owner);
        return { arn: f.arn, request, key: `${request.permission.name} ${request.resourceRef ?? ''}` };
      });
      const distinct = [...new Map(asked.map(a => [a.key, a.request])).entries()];
      const decisions = await permissions.authorize(
        distinct.map(([, request]) => request),
        { credentials },
      );
      const denied = new Set(distinct.filter((_, i) => decisions[i].result !== AuthorizeResult.ALLOW).map(([key]) => key));
      return asked.filter(a => denied.has(a.key)).map(a => a.arn);
    },
  };
}
