import { createPermission } from '@backstage/plugin-permission-common';

/** See the inventory, details, plans, jobs, summary and audit trail. */
export const functionReadPermission = createPermission({
  name: 'serverless-tracing.function.read',
  attributes: { action: 'read' },
});

/** Enable tracing on a function; checked against the owning catalog entity. */
export const functionEnablePermission = createPermission({
  name: 'serverless-tracing.function.enable',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Roll back what the plugin changed; checked against the owning catalog entity. */
export const functionRollbackPermission = createPermission({
  name: 'serverless-tracing.function.rollback',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Start an inventory scan. */
export const scanCreatePermission = createPermission({
  name: 'serverless-tracing.scan.create',
  attributes: { action: 'create' },
});

export const serverlessTracingPermissions = [
  functionReadPermission,
  functionEnablePermission,
  functionRollbackPermission,
  scanCreatePermission,
];
