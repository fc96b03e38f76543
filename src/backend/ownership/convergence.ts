// Owners follow the catalog: when the claiming entities change (the catalog finished ingesting after
// a restart, someone edited an annotation), every inventory row's owner is resolved again from the
// configuration stored with it. No AWS call: ownership needs only the ARN, name and tags.
//
// Whether to re-resolve is decided by the version of the claims the inventory was last brought in
// line with, not by "did this read change anything": a scan or one function's details may reload the
// claims first, and a flag that the first reader used up left every other row with its old owner —
// the function just opened showed an entity ref while its neighbours kept their team tag.
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { InventoryStore } from '../store/types';
import type { Ownership } from './ownership';

export interface OwnerConvergence {
  /** Re-resolves owners if the claims changed since the last run; returns how many functions changed owner. */
  run(): Promise<number>;
  /**
   * A scan resolved owners while it listed functions, possibly under claims that changed before it
   * wrote them: the next run checks every row again.
   */
  scanFinished(): void;
}

export function createOwnerConvergence(options: { ownership: Ownership; inventory: InventoryStore; logger: LoggerService }): OwnerConvergence {
  const { ownership, inventory, logger } = options;
  // The claims' version every stored owner was resolved under; undefined: not known (start, after a scan).
  let converged: number | undefined;

  return {
    async run() {
      const { version } = await ownership.refresh();
      if (version === converged) return 0;
      const changes: Array<{ arn: string; owner: string | null }> = [];
      for (const { arn, owner, config } of await inventory.owners()) {
        const resolved = await ownership.ownerOf(config);
        if (resolved !== owner) changes.push({ arn, owner: resolved });
      }
      if (changes.length > 0) {
        await inventory.setOwners(changes);
        logger.info(`The catalog's claims changed: ${changes.length} functions have a new owner.`);
      }
      converged = version;
      return changes.length;
    },
    scanFinished() {
      converged = undefined;
    },
  };
}
