export { ScanStatus } from './ScanStatus';
