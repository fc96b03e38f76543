// What the portal measurement hands to its suite.
export interface PortalResults {
  pageSize: number;
  timings: Record<string, { durations: number[]; rowsRendered: number }>;
}
