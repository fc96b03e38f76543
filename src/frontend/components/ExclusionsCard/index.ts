export { ExclusionsCard } from './ExclusionsCard';
