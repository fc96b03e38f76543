import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createAccessControl } from '../../../src/backend/auth';
import { functionEnablePermission } from '../../../src/common/permissions';

const user = mockCredentials.user('user:default/alice');
const owned = { arn: 'arn:aws:lambda:us-east-1:111111111111:function:payments', owner: 'component:default/payments' };
const otherTeam = { arn: 'arn:aws:lambda:us-east-1:111111111111:function:ledger', owner: 'component:default/ledger' };
const tagged = { arn: 'arn:aws:lambda:us-east-1:111111111111:function:reports', owner: 'analytics' };
const orphan = { arn: 'arn:aws:lambda:us-east-1:111111111111:function:orphan', owner: null };

function accessWith(permissions: ReturnType<typeof mockServices.permissions.mock>) {
  return createAccessControl({ httpAuth: mockServices.httpAuth(), permissions });
}

describe('deniedFunctions', () => {
  it('checks owned functions against their owning entity as the resourceRef', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: vi.fn(async requests =>
        requests.map((r: { resourceRef?: string }) => ({ result: r.resourceRef === 'component:default/payments' ? AuthorizeResult.ALLOW : AuthorizeResult.DENY })),
      ) as any,
    });
    const denied = await accessWith(permissions).deniedFunctions(user, functionEnablePermission, [owned, otherTeam]);
    expect(denied).toEqual([otherTeam.arn]);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        { permission: functionEnablePermission, resourceRef: 'component:default/payments' },
        { permission: functionEnablePermission, resourceRef: 'component:default/ledger' },
      ],
      { credentials: user },
    );
  });

  it('allows functions without an owning entity when the policy allows unconditionally', async () => {
    const permissions = mockServices.permissions.mock({
      authorizeConditional: vi.fn(async () => [{ result: AuthorizeResult.ALLOW }]) as any,
    });
    expect(await accessWith(permissions).deniedFunctions(user, functionEnablePermission, [tagged, orphan])).toEqual([]);
    expect(permissions.authorize).not.toHaveBeenCalled();
  });

  it('denies functions without an owning entity when the policy only allows under conditions', async () => {
    const permissions = mockServices.permissions.mock({
      authorizeConditional: vi.fn(async () => [
        { result: AuthorizeResult.CONDITIONAL, pluginId: 'catalog', resourceType: 'catalog-entity', conditions: { rule: 'IS_ENTITY_OWNER', resourceType: 'catalog-entity', params: {} } },
      ]) as any,
    });
    expect(await accessWith(permissions).deniedFunctions(user, functionEnablePermission, [tagged, orphan])).toEqual([tagged.arn, orphan.arn]);
  });
});
