// Messages between a benchmark and the child process hosting its sandbox.
import type { SeedOrg } from '../../dev/sandbox/seed';

export interface OperationCount {
  operation: string;
  accountId: string;
  region: string;
  count: number;
}

export type ParentMessage = { type: 'counts'; id: number } | { type: 'close' };

export type HostMessage =
  | { type: 'ready'; url: string; org: SeedOrg }
  | { type: 'counts'; id: number; rows: OperationCount[]; total: number; throttled: number };
