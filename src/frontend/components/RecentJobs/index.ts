export { RecentJobs } from './RecentJobs';
