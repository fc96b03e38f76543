export { EnableDialog } from './EnableDialog';
export type { EnableDialogProps } from './EnableDialog';
