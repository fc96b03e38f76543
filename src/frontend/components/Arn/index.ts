export { Arn } from './Arn';
