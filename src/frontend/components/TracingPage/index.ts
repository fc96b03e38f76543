export { TracingPage, DEFAULT_POLL_INTERVAL_MS } from './TracingPage';
export type { TracingPageProps } from './TracingPage';
