// The catalog entities that claim Lambda functions, fetched with the plugin's own credentials and
// cached: a scan asks for the owner of thousands of functions, the catalog answers once. `refresh`
// re-reads them and says whether they changed, so owners converge as soon as the catalog has
// ingested (or edited) the entities, not a cache lifetime later. Every answer that differs from the
// one before gets a new version, whoever asked (a scan, one function's details, the refresh task), so
// the news is never used up by the first reader: owners resolved under an older version are stale.
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  LAMBDA_FUNCTIONS_ANNOTATION,
  ROADIE_FUNCTION_NAME_ANNOTATION,
  selectorOf,
  type FunctionSelector,
} from './annotations';

// @backstage/catalog-client's CATALOG_FILTER_EXISTS, from the global symbol registry it is defined
// in (the client is not a direct dependency of this package).
const FILTER_EXISTS = Symbol.for('CATALOG_FILTER_EXISTS_0e15b590c0b343a2bae3e787e84c2111');

export interface ClaimingEntity {
  ref: string;
  selector: FunctionSelector;
}

export interface CatalogIndex {
  /**
   * Entities carrying one of the Lambda annotations. While the catalog is unreachable: the last
   * answer it gave, or [] if it never answered.
   */
  claimingEntities(): Promise<ClaimingEntity[]>;
  /** Read the claiming entities now; the version of the claims in force afterwards. */
  refresh(): Promise<{ version: number }>;
  /** One entity, fresh from the catalog; undefined when it does not exist. Throws when unreachable. */
  entity(ref: string): Promise<Entity | undefined>;
}

export function createCatalogIndex(options: {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  ttlMs?: number;
  retryAfterFailureMs?: number;
}): CatalogIndex {
  const { catalog, auth, logger } = options;
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const retryAfterFailureMs = options.retryAfterFailureMs ?? 60_000;
  let cached: { entities: ClaimingEntity[]; fingerprint: string; until: number } | undefined;
  // Counts changes of the claims (not reads): an answer equal to the previous one keeps its version.
  let version = 0;
  let inFlight: Promise<ClaimingEntity[]> | undefined;
  let failing = false;

  async function load(): Promise<ClaimingEntity[]> {
    try {
      const { items } = await catalog.getEntities(
        {
          filter: [
            { [`metadata.annotations.${LAMBDA_FUNCTIONS_ANNOTATION}`]: FILTER_EXISTS as any },
            { [`metadata.annotations.${ROADIE_FUNCTION_NAME_ANNOTATION}`]: FILTER_EXISTS as any },
          ],
          fields: ['kind', 'metadata.namespace', 'metadata.name', 'metadata.annotations'],
        },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      if (failing) logger.info('The catalog is reachable again; function owners come from it once more.');
      failing = false;
      const entities = items
        .map(entity => ({ ref: stringifyEntityRef(entity), selector: selectorOf(entity) }))
        .sort((a, b) => a.ref.localeCompare(b.ref));
      const fingerprint = JSON.stringify(entities);
      if (fingerprint !== cached?.fingerprint) version++;
      cached = { entities, fingerprint, until: Date.now() + ttlMs };
      return entities;
    } catch (error) {
      if (!failing) {
        logger.warn(
          cached
            ? `The catalog could not be read (${(error as Error).message}); owners stay as it last said until it can be read again.`
            : `The catalog could not be read (${(error as Error).message}); owners come from function tags until it can.`,
        );
      }
      failing = true;
      // An unreachable catalog is not an empty one: keep its last answer rather than strip owners.
      const previous = cached ?? { entities: [], fingerprint: JSON.stringify([]) };
      cached = { ...previous, until: Date.now() + retryAfterFailureMs };
      return previous.entities;
    }
  }

  function loadOnce(): Promise<ClaimingEntity[]> {
    inFlight ??= load().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return {
    async claimingEntities() {
      if (cached && cached.until > Date.now()) return cached.entities;
      return loadOnce();
    },
    async refresh() {
      await loadOnce();
      return { version };
    },
    async entity(ref) {
      return catalog.getEntityByRef(ref, { credentials: await auth.getOwnServiceCredentials() });
    },
  };
}
