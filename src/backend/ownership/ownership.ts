// The owner of a function: the catalog entity that claims it (by ARN before by name pattern), else
// the value of the configured owner tag, else nobody.
import { InputError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { FunctionConfig } from '../../common/model';
import { claimStrength, selectorOf, type FunctionSelector } from './annotations';
import type { CatalogIndex } from './catalogIndex';

export interface Ownership {
  ownerOf(config: FunctionConfig): Promise<string | null>;
  /** The functions an entity claims; NotFoundError when the catalog has no such entity. */
  selectorFor(entityRef: string): Promise<FunctionSelector>;
  /**
   * Re-reads where owners come from. `version` changes whenever they changed, whoever noticed first:
   * owners resolved under another version may be stale.
   */
  refresh(): Promise<{ version: number }>;
}

function isRejection(error: unknown): boolean {
  const e = error as { name?: unknown; statusCode?: unknown; response?: { status?: unknown } } | undefined;
  const status = e?.statusCode ?? e?.response?.status;
  return e?.name === 'InputError' || status === 400;
}

export function createOwnership(options: { index: CatalogIndex; ownerTag: string }): Ownership {
  const { index, ownerTag } = options;

  return {
    refresh: () => index.refresh(),

    async ownerOf(config) {
      let best: { ref: string; strength: number } | undefined;
      for (const { ref, selector } of await index.claimingEntities()) {
        const strength = claimStrength(selector, config);
        if (strength > (best?.strength ?? 0)) best = { ref, strength };
      }
      if (best) return best.ref;
      const tagged = config.Tags?.[ownerTag]?.trim();
      return tagged ? tagged : null;
    },

    async selectorFor(entityRef) {
      let ref: string;
      try {
        ref = stringifyEntityRef(parseEntityRef(entityRef, { defaultKind: 'component', defaultNamespace: 'default' }));
      } catch {
        throw new InputError(`"${entityRef}" is not an entity reference (expected kind:namespace/name).`);
      }
      const claiming = (await index.claimingEntities()).find(e => e.ref === ref);
      if (claiming) return claiming.selector;
      let entity;
      try {
        entity = await index.entity(ref);
      } catch (error) {
        // The catalog refusing the reference is the caller's mistake, not an outage.
        if (isRejection(error)) throw new InputError(`The catalog does not accept "${ref}" as an entity reference; use kind:namespace/name.`);
        throw new ServiceUnavailableError(`The catalog could not be asked about ${ref}; try again shortly.`);
      }
      if (!entity) throw new NotFoundError(`The catalog has no entity ${ref}.`);
      return selectorOf(entity);
    },
  };
}
