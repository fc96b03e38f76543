import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createAccessControl } from '../../../src/backend/auth';
import {
  functionEnablePermission,
  functionRollbackPermission,
  unownedFunctionEnablePermission,
} from '../../../src/common/permissions';

const user = mockCredentials.user('user:default/alice');
const owned = { arn: 'arn:aws:lambda:us-east-1:111111111111:function:payments', owner: 'component:default/payments' };
const ownedToo = { arn: 'arn:aws:lambda:us-east-1:111111111111:function:payments-2', owner: 'component:default/payments' };
const otherTeam = { arn: 'arn:aws:lambda:us-east-1:111111111111:function:ledger', owner: 'component:default/ledger' };
const tagged = { arn: 'arn:aws:lambda:us-east-1:111111111111:function:reports', owner: 'analytics' };
const orphan = { arn: 'arn:aws:lambda:us-east-1:111111111111:function:orphan', owner: null };

type Request = { permission: { name: string; type: string }; resourceRef?: string };

function accessAnswering(decide: (request: Request) => AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const permissions = mockServices.permissions.mock({
    authorize: vi.fn(async (requests: Request[]) => requests.map(r => ({ result: decide(r) }))) as any,
  });
  return { permissions, access: createAccessControl({ httpAuth: mockServices.httpAuth(), permissions }) };
}

describe('deniedFunctions', () => {
  it('checks owned functions against their owning entity, once per entity', async () => {
    const { access, permissions } = accessAnswering(r =>
      r.resourceRef === 'component:default/payments' ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
    );
    expect(await access.deniedFunctions(user, 'enable', [owned, ownedToo, otherTeam])).toEqual([otherTeam.arn]);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        { permission: functionEnablePermission, resourceRef: 'component:default/payments' },
        { permission: functionEnablePermission, resourceRef: 'component:default/ledger' },
      ],
      { credentials: user },
    );
  });

  it('checks functions no catalog entity owns with the basic unowned-function permission, without a resourceRef', async () => {
    const { access, permissions } = accessAnswering(() => AuthorizeResult.ALLOW);
    expect(await access.deniedFunctions(user, 'enable', [tagged, orphan])).toEqual([]);
    expect(permissions.authorize).toHaveBeenCalledWith([{ permission: unownedFunctionEnablePermission }], { credentials: user });
  });

  it('denies unowned functions when the policy denies the unowned-function permission, owned ones still by entity', async () => {
    const { access } = accessAnswering(r => (r.resourceRef ? AuthorizeResult.ALLOW : AuthorizeResult.DENY));
    expect(await access.deniedFunctions(user, 'rollback', [owned, tagged, orphan])).toEqual([tagged.arn, orphan.arn]);
  });

  it('asks for the rollback permissions when rolling back', async () => {
    const { access, permissions } = accessAnswering(() => AuthorizeResult.ALLOW);
    await access.deniedFunctions(user, 'rollback', [owned]);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: functionRollbackPermission, resourceRef: 'component:default/payments' }],
      { credentials: user },
    );
  });
});
