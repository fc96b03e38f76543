// The catalog the benchmarks run against: one component per business domain of the seed org,
// claiming its functions by name pattern, as a real organisation's catalog would (so ownership
// resolution is part of what a scan costs).
import type { Entity } from '@backstage/catalog-model';
import { ACCOUNTS } from '../../dev/sandbox/seed-catalog';
import { LAMBDA_FUNCTIONS_ANNOTATION } from '../../src/backend/ownership';
import type { Sandbox } from '../../test/backend/helpers/harness';
import { entity } from '../../test/backend/helpers/harness';
import type { RemoteSandbox } from './remoteSandbox';

export function domainEntities(): Entity[] {
  const domains = [...new Set(ACCOUNTS.flatMap(account => account.domains))];
  return domains.map(domain => entity(domain, { [LAMBDA_FUNCTIONS_ANNOTATION]: `${domain}-*` }));
}

/**
 * The test helpers that build the plugin's config take a Sandbox but read only its `url` and
 * `org`, which a sandbox in another process has too.
 */
export function asSandbox(remote: RemoteSandbox): Sandbox {
  return { url: remote.url, org: remote.org } as unknown as Sandbox;
}
