export { HowToSteps } from './HowToSteps';
