// Issue 11.4 on the sandbox org: exclusions by pattern and ARN from the API (who, when, a permission
// of their own, human 400s) and by the function's own tag; excluded functions leave the coverage
// denominator and are counted apart.
import { TagResourceCommand } from '@aws-sdk/client-lambda';
import { coreServices, createServiceFactory, type PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CoverageSummary, Exclusion, FunctionsPage } from '../../../src/common/api';
import { EXCLUDE_TAG } from '../../../src/common/exclusions';
import { exclusionManagePermission } from '../../../src/common/permissions';
import { startSandbox } from '../../../dev/sandbox/server';
import { lambdaClient } from '../../sandbox/clients';
import { finished, scanned, startPlugin, type PluginHarness, type Sandbox } from '../helpers/harness';

const BASE = '/api/serverless-tracing';

let sandbox: Sandbox;
let harness: PluginHarness;
let denied: PluginHarness;

/** Everything allowed but managing exclusions. */
const withoutExclusionPermission = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: (): PermissionsService => {
    const answer = async (requests: Array<{ permission: { name: string } }>) =>
      requests.map(r => ({ result: r.permission.name === exclusionManagePermission.name ? AuthorizeResult.DENY : AuthorizeResult.ALLOW }));
    return { authorize: answer as PermissionsService['authorize'], authorizeConditional: answer as PermissionsService['authorizeConditional'] };
  },
});

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  harness = await startPlugin({ sandbox });
  denied = await startPlugin({ sandbox, services: [withoutExclusionPermission] });
  await scanned(harness.api);
});

afterAll(async () => {
  await harness?.stop();
  await denied?.stop();
  await sandbox?.close();
});

const summary = async () => (await harness.api.get(`${BASE}/summary`).expect(200)).body as CoverageSummary;
const page = async (query: string) => (await harness.api.get(`${BASE}/functions?limit=500&${query}`).expect(200)).body as FunctionsPage;
const sum = (counts: Partial<Record<string, number>>) => Object.values(counts).reduce((a, b) => a! + (b ?? 0), 0);

it('refuses bad exclusions with a message a person can act on', async () => {
  const post = (body: object) => harness.api.post(`${BASE}/exclusions`).send(body).expect(400);
  expect((await post({ pattern: 'pay ments-*', reason: 'x' })).body.error.message).toMatch(/" " cannot be in a function name/);
  expect((await post({ pattern: '**', reason: 'x' })).body.error.message).toMatch(/wildcards only would exclude every function/);
  expect((await post({ pattern: 'a*', functionArn: 'arn:aws:lambda:us-east-1:111111111111:function:a', reason: 'x' })).body.error.message).toMatch(/either one function .* or a name pattern/);
  expect((await post({ pattern: 'a*', reason: '  ' })).body.error.message).toMatch(/Say why/);
  expect((await post({ functionArn: 'not-an-arn', reason: 'x' })).body.error.message).toMatch(/Invalid functionArn/);
  expect((await post({ pattern: 'a*' })).body.error.message).toMatch(/reason/);
});

it('needs its own permission to exclude or lift an exclusion', async () => {
  const { body } = await denied.api.post(`${BASE}/exclusions`).send({ pattern: 'anything-*', reason: 'x' }).expect(403);
  expect(body.error.message).toMatch(/serverless-tracing\.exclusion\.manage/);
  await denied.api.delete(`${BASE}/exclusions/1`).expect(403);
  await denied.api.get(`${BASE}/exclusions`).expect(200);
});

it('takes excluded functions out of coverage and counts them apart, by pattern, by ARN and by tag, until lifted', async () => {
  const before = await summary();
  expect(before.excluded).toBe(0);
  const all = (await page('')).items;
  const prefix = all[0].name.split('-')[0];
  const byPattern = all.filter(fn => fn.name.toLowerCase().startsWith(`${prefix.toLowerCase()}-`));
  const byArn = all.find(fn => !byPattern.includes(fn))!;
  const byTag = all.find(fn => !byPattern.includes(fn) && fn !== byArn)!;

  const { body: created } = await harness.api.post(`${BASE}/exclusions`).send({ pattern: `${prefix}-*`, reason: 'Load-test fleet, never traced' }).expect(201);
  expect(created).toMatchObject({ pattern: `${prefix}-*`, functionArn: null, reason: 'Load-test fleet, never traced', createdBy: 'user:default/mock' });
  await harness.api.post(`${BASE}/exclusions`).send({ pattern: `${prefix.toUpperCase()}-*`, reason: 'again' }).expect(409);
  await harness.api.post(`${BASE}/exclusions`).send({ functionArn: byArn.arn, reason: 'Retired next week' }).expect(201);
  const tagger = lambdaClient(sandbox, { accountId: byTag.accountId, region: byTag.region });
  await tagger.send(new TagResourceCommand({ Resource: byTag.arn, Tags: { [EXCLUDE_TAG]: 'Vendor-managed' } }));
  tagger.destroy();
  await scanned(harness.api);

  const excludedCount = byPattern.length + 2;
  const after = await summary();
  expect(after.excluded).toBe(excludedCount);
  expect(after.total).toBe(before.total - excludedCount);
  expect(sum(after.byStatus)).toBe(after.total);
  expect(after.byAccount.reduce((n, b) => n + b.excluded, 0)).toBe(excludedCount);
  expect(after.byAccount.reduce((n, b) => n + b.total, 0)).toBe(after.total);

  const excluded = (await page('excluded=true')).items;
  expect(excluded.map(fn => fn.arn).sort()).toEqual([...byPattern.map(fn => fn.arn), byArn.arn, byTag.arn].sort());
  expect(excluded.find(fn => fn.arn === byTag.arn)!.exclusion).toEqual({ source: 'tag', reason: 'Vendor-managed' });
  expect(excluded.find(fn => fn.arn === byArn.arn)!.exclusion).toMatchObject({ source: 'page', reason: 'Retired next week', createdBy: 'user:default/mock' });
  expect((await page('excluded=false')).items.some(fn => fn.exclusion !== null)).toBe(false);
  await harness.api.get(`${BASE}/functions?excluded=maybe`).expect(400);

  const { body: list } = await harness.api.get(`${BASE}/exclusions`).expect(200);
  for (const exclusion of list as Exclusion[]) await harness.api.delete(`${BASE}/exclusions/${exclusion.id}`).expect(204);
  await harness.api.delete(`${BASE}/exclusions/${created.id}`).expect(404);
  const lifted = await summary();
  expect(lifted.excluded).toBe(1);
  expect(lifted.total).toBe(before.total - 1);
});

it('refuses a bulk enable that includes an excluded function, naming it, and starts no job; one at a time stays possible', async () => {
  const [excluded, other] = (await page('excluded=false&status=untraced&applicability=one-click')).items;
  const { body: exclusion } = await harness.api.post(`${BASE}/exclusions`).send({ functionArn: excluded.arn, reason: 'Owned by a vendor' }).expect(201);
  const jobsBefore = (await harness.api.get(`${BASE}/jobs`).expect(200)).body.length;

  const { body } = await harness.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: [other.arn, excluded.arn] }).expect(422);
  expect(body.error.message).toContain(`1 of these functions are excluded from bulk enable: ${excluded.arn} (Owned by a vendor)`);
  expect((await harness.api.get(`${BASE}/jobs`).expect(200)).body).toHaveLength(jobsBefore);

  // Named alone, the excluded function is enabled: a person who picks it on its own means it.
  const { body: alone } = await harness.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: [excluded.arn] }).expect(202);
  const done = await finished(harness.api, alone.id);
  expect(done.items.map(item => [item.state, item.message])).toEqual([['succeeded', null]]);
  await finished(harness.api, (await harness.api.post(`${BASE}/jobs`).send({ action: 'rollback', functionArns: [excluded.arn] }).expect(202)).body.id);
  await harness.api.delete(`${BASE}/exclusions/${exclusion.id}`).expect(204);
});
