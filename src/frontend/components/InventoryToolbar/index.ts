export { InventoryActions } from './InventoryActions';
