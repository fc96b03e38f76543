import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { AuthorizeResult, type ResourcePermission } from '@backstage/plugin-permission-common';
import { permissionApiRef, usePermission } from '@backstage/plugin-permission-react';

export interface PermissionCheck {
  loading: boolean;
  allowed: boolean;
}

/**
 * May the user enable/roll back this function? Checked against the owning catalog entity when the
 * function has one (the backend checks the same). A function whose owner is not a catalog entity is
 * checked without a resource: only a policy that allows it outright lets the button through.
 */
export function useFunctionPermission(permission: ResourcePermission, owner: string | null): PermissionCheck {
  const resourceRef = asEntityRef(owner);
  const byEntity = usePermission({ permission, resourceRef });
  const withoutEntity = useUnscopedDecision(permission, resourceRef === undefined);
  return resourceRef ? { loading: byEntity.loading, allowed: byEntity.allowed } : withoutEntity;
}

function useUnscopedDecision(permission: ResourcePermission, active: boolean): PermissionCheck {
  const permissionApi = useApi(permissionApiRef);
  const [check, setCheck] = useState<PermissionCheck>({ loading: active, allowed: false });
  useEffect(() => {
    if (!active) return undefined;
    let cancelled = false;
    permissionApi.authorize({ permission }).then(
      ({ result }) => !cancelled && setCheck({ loading: false, allowed: result === AuthorizeResult.ALLOW }),
      () => !cancelled && setCheck({ loading: false, allowed: false }),
    );
    return () => {
      cancelled = true;
    };
  }, [permissionApi, permission, active]);
  return check;
}

function asEntityRef(owner: string | null): string | undefined {
  if (!owner || !owner.includes(':')) return undefined;
  try {
    const ref = parseEntityRef(owner);
    return `${ref.kind}:${ref.namespace}/${ref.name}`.toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}
