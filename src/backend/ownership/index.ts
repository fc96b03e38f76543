export { createCatalogIndex, type CatalogIndex } from './catalogIndex';
export { createOwnership, type Ownership } from './ownership';
export {
  LAMBDA_FUNCTIONS_ANNOTATION,
  ROADIE_FUNCTION_NAME_ANNOTATION,
  ROADIE_REGION_ANNOTATION,
  isEmptySelector,
  type FunctionSelector,
} from './annotations';
export { createOwnerConvergence, type OwnerConvergence } from './convergence';
