import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  functionEnablePermission,
  functionPermissionRequest,
  functionRollbackPermission,
  owningEntityRef,
  serverlessTracingPermissions,
  unownedFunctionEnablePermission,
  unownedFunctionRollbackPermission,
} from '../../src/common/permissions';

describe('functionPermissionRequest', () => {
  it('asks about the owning catalog entity when the owner is one', () => {
    expect(functionPermissionRequest('enable', 'component:default/Payments')).toEqual({
      permission: functionEnablePermission,
      resourceRef: 'component:default/payments',
    });
    expect(functionPermissionRequest('rollback', 'group:ops/platform')).toEqual({
      permission: functionRollbackPermission,
      resourceRef: 'group:ops/platform',
    });
  });

  it('asks the basic unowned-function permission for an owner tag or no owner', () => {
    expect(functionPermissionRequest('enable', 'payments-team')).toEqual({ permission: unownedFunctionEnablePermission });
    expect(functionPermissionRequest('rollback', null)).toEqual({ permission: unownedFunctionRollbackPermission });
  });

  it('never sends a resource permission without a resourceRef, nor a basic one with one (the permission backend rejects both)', () => {
    for (const owner of [null, '', 'team', 'component:default/x', 'a:b', 'kind:ns/name/extra', 'user:default/alice smith']) {
      for (const change of ['enable', 'rollback'] as const) {
        const request = functionPermissionRequest(change, owner);
        expect(isResourcePermission(request.permission)).toBe(request.resourceRef !== undefined);
      }
    }
  });
});

describe('owningEntityRef', () => {
  it('accepts only full kind:namespace/name refs', () => {
    expect(owningEntityRef('component:default/payments')).toBe('component:default/payments');
    expect(owningEntityRef('payments')).toBeUndefined();
    expect(owningEntityRef('component:payments')).toBeUndefined();
    expect(owningEntityRef(null)).toBeUndefined();
  });
});

it('registers every permission once, with unique names', () => {
  const names = serverlessTracingPermissions.map(p => p.name);
  expect(new Set(names).size).toBe(names.length);
  expect(names).toContain('serverless-tracing.unowned-function.enable');
});
