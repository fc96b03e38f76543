import { usePermission } from '@backstage/plugin-permission-react';
import { functionPermissionRequest, type FunctionChange } from '../../common/permissions';

export interface PermissionCheck {
  loading: boolean;
  allowed: boolean;
}

/**
 * May the user make `change` on a function with this owner? The same request the backend checks:
 * the owning catalog entity's resource permission, or the basic permission for functions no catalog
 * entity owns.
 */
export function useFunctionPermission(change: FunctionChange, owner: string | null): PermissionCheck {
  const { loading, allowed } = usePermission(functionPermissionRequest(change, owner));
  return { loading, allowed };
}
