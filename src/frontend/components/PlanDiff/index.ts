export { PlanDiff } from './PlanDiff';
