export { FunctionInventory } from './FunctionInventory';
export type { FunctionInventoryProps } from './FunctionInventory';
