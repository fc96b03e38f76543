export { BulkActionBar } from './BulkActionBar';
