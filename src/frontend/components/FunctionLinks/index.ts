export { FunctionLinks, FunctionRowMenu, linksOf } from './FunctionLinks';
