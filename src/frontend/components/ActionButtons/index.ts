export { EnableButton, RollbackButton } from './ActionButtons';
