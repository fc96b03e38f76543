export { GrantRolePermissionButton, RolePolicyDialog } from './RolePolicyDialog';
