// The plugin's permissions, and the one rule that says which permission guards a change to a function.
//
// A change (enable, rollback) is checked against the function's owning catalog entity when it has one:
// policies then reuse the catalog's own rules ("owners of the component may enable its functions").
// A function whose owner is not a catalog entity (an owner tag, or nobody) has no resource a policy
// could reason about, so it is guarded by a basic permission of its own. Every request either side
// sends is therefore one the real permission backend accepts: resource permissions always carry a
// resourceRef, basic ones never do.
import {
  createPermission,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/** See the inventory, details, plans, jobs, summary and audit trail. */
export const functionReadPermission = createPermission({
  name: 'serverless-tracing.function.read',
  attributes: { action: 'read' },
});

/** Enable tracing on a function owned by a catalog entity; checked against that entity. */
export const functionEnablePermission = createPermission({
  name: 'serverless-tracing.function.enable',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Roll back what the plugin changed on a function owned by a catalog entity; checked against it. */
export const functionRollbackPermission = createPermission({
  name: 'serverless-tracing.function.rollback',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Enable tracing on a function that no catalog entity owns (owner tag or no owner at all). */
export const unownedFunctionEnablePermission = createPermission({
  name: 'serverless-tracing.unowned-function.enable',
  attributes: { action: 'update' },
});

/** Roll back a function that no catalog entity owns. */
export const unownedFunctionRollbackPermission = createPermission({
  name: 'serverless-tracing.unowned-function.rollback',
  attributes: { action: 'update' },
});

/** Start an inventory scan. */
export const scanCreatePermission = createPermission({
  name: 'serverless-tracing.scan.create',
  attributes: { action: 'create' },
});

/** Exclude functions from coverage and bulk enable (by ARN or name pattern), and lift exclusions. */
export const exclusionManagePermission = createPermission({
  name: 'serverless-tracing.exclusion.manage',
  attributes: { action: 'update' },
});

/**
 * Attach an inline policy to a function's execution role granting what its plan lacks. Basic: the
 * change is to an IAM role, which other functions may share and no catalog entity owns.
 */
export const rolePolicyAttachPermission = createPermission({
  name: 'serverless-tracing.role-policy.attach',
  attributes: { action: 'update' },
});

export const serverlessTracingPermissions = [
  functionReadPermission,
  functionEnablePermission,
  functionRollbackPermission,
  unownedFunctionEnablePermission,
  unownedFunctionRollbackPermission,
  scanCreatePermission,
  exclusionManagePermission,
  rolePolicyAttachPermission,
];

export type FunctionChange = 'enable' | 'rollback';

/** One permission question about one function, in the shape both permission clients take. */
export type FunctionPermissionRequest =
  | { permission: ResourcePermission<'catalog-entity'>; resourceRef: string }
  | { permission: BasicPermission; resourceRef?: never };

// kind:namespace/name, the form the plugin stores catalog owners in; an owner tag such as "payments"
// (or anything else a tag may hold) is not a catalog entity a policy can reason about.
const FULL_ENTITY_REF = /^[^:/\s]+:[^:/\s]+\/[^:/\s]+$/;

/** The owning catalog entity's ref (lower case, as the catalog compares them), or undefined. */
export function owningEntityRef(owner: string | null | undefined): string | undefined {
  return owner && FULL_ENTITY_REF.test(owner) ? owner.toLocaleLowerCase('en-US') : undefined;
}

/** The permission request that guards `change` on a function with this owner. */
export function functionPermissionRequest(change: FunctionChange, owner: string | null): FunctionPermissionRequest {
  const resourceRef = owningEntityRef(owner);
  if (resourceRef) {
    return { permission: change === 'enable' ? functionEnablePermission : functionRollbackPermission, resourceRef };
  }
  return { permission: change === 'enable' ? unownedFunctionEnablePermission : unownedFunctionRollbackPermission };
}
