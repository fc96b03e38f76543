// Owners follow the catalog: when the claiming entities change (the catalog finished ingesting after
// a restart, someone edited an annotation), every inventory row's owner is resolved again from the
// configuration stored with it. No AWS call: ownership needs only the ARN, name and tags.
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { InventoryStore } from '../store/types';
import type { Ownership } from './ownership';

/** Re-resolves owners if the catalog changed; returns how many functions changed owner. */
export async function convergeOwners(options: {
  ownership: Ownership;
  inventory: InventoryStore;
  logger: LoggerService;
}): Promise<number> {
  const { ownership, inventory, logger } = options;
  const { changed } = await ownership.refresh();
  if (!changed) return 0;
  const changes: Array<{ arn: string; owner: string | null }> = [];
  for (const { arn, owner, config } of await inventory.owners()) {
    const resolved = await ownership.ownerOf(config);
    if (resolved !== owner) changes.push({ arn, owner: resolved });
  }
  if (changes.length > 0) {
    await inventory.setOwners(changes);
    logger.info(`The catalog's claims changed: ${changes.length} functions have a new owner.`);
  }
  return changes.length;
}
