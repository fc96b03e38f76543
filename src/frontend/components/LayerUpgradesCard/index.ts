export { LayerUpgradesCard } from './LayerUpgradesCard';
