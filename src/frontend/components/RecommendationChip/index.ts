export { RecommendationChip } from './RecommendationChip';
