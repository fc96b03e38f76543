export { AuditTrail } from './AuditTrail';
