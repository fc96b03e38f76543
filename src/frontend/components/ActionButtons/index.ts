export { EnableButton, RollbackButton, enableBlockedReason } from './ActionButtons';
