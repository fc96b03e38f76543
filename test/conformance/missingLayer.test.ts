// Enabling with a layer version the layer account does not have: moto, like AWS, refuses the
// update, and the plugin must say so readably and lose nothing.
import { isDeepStrictEqual } from 'node:util';
import type { Job } from '../../src/common/api';
import { finished, fnPath, scanned } from '../backend/helpers/harness';
import { BASE, CURRENT_VERSIONS, motoConfig, runJob, startBackend, type MotoBackend } from './backend';
import { buildEstate, FUNCTION_SPECS, functionEnvironment, PUBLISHED_VERSIONS, readFunction, touched, type Estate, type Touched } from './fixtures';
import { MOTO_ACCOUNT, REGION, startMoto, type Moto } from './moto';

const UNPUBLISHED = PUBLISHED_VERSIONS + 1;
const MISSING_LAYER = `arn:aws:lambda:${REGION}:${MOTO_ACCOUNT}:layer:Datadog-Python312:${UNPUBLISHED}`;
const SPEC = FUNCTION_SPECS.find(spec => spec.label === 'py312-x86')!;

let moto: Moto;
let estate: Estate;
let backend: MotoBackend;

beforeAll(async () => {
  moto = await startMoto();
  estate = await buildEstate(moto, [SPEC]);
  backend = await startBackend(motoConfig(moto, { ...CURRENT_VERSIONS, python: UNPUBLISHED }));
});

afterAll(async () => {
  await backend?.stop();
  estate?.lambda.destroy();
  await moto?.stop();
});

describe('enable naming a layer version the layer account does not have', () => {
  let arn: string;
  let before: Touched;
  let job: Job;
  let after: Touched;

  beforeAll(async () => {
    arn = estate.functions.get(SPEC.label)!;
    await scanned(backend.api);
    before = touched(await readFunction(estate.lambda, arn));
    job = await runJob(backend.api, { action: 'enable', functionArns: [arn], solution: 'dd-trace' });
    after = touched(await readFunction(estate.lambda, arn));
  });

  it('plans the unpublished version, so the failure comes from the update itself', async () => {
    const { body } = await backend.api.post(`${fnPath(arn)}/plan`).send({ solution: 'dd-trace' }).expect(200);
    expect(body.changes).toContainEqual({ kind: 'layer-added', arn: MISSING_LAYER });
  });

  it('fails the item', () => {
    expect(job.items.map(item => item.state)).toEqual(['failed']);
    expect(job.state).toBe('failed');
  });

  it('tells which layer version AWS could not find, not that the function is gone', () => {
    expect(job.items[0].message).toContain(MISSING_LAYER);
    expect(job.items[0].message).not.toMatch(/no longer exists/i);
  });

  it('keeps every user layer and variable, in order and with their values', () => {
    expect(after.Layers).toEqual(before.Layers);
    expect(after.Variables).toMatchObject(functionEnvironment(estate.canary, SPEC));
  });

  // moto is not atomic here, unlike AWS: it sets Handler and Environment before it finds the layer
  // missing, so the refused update leaves half of itself behind (the handler points to Datadog's,
  // whose layer is absent). Nothing may be lost even then: either the plugin puts the function back
  // itself, or it keeps what it needs for a rollback to do so.
  it('leaves the function as it was, or in a state a rollback restores exactly', async () => {
    expect(await restoredIfNeeded()).toEqual(before);
  });

  async function restoredIfNeeded(): Promise<Touched> {
    if (isDeepStrictEqual(after, before)) return after;
    const response = await backend.api.post(`${BASE}/jobs`).send({ action: 'rollback', functionArns: [arn] });
    expect(response.status, `rollback of the half-applied update: ${response.text}`).toBe(202);
    const rollback = await finished(backend.api, response.body.id);
    expect(rollback.items.map(item => [item.state, item.message])).toEqual([['succeeded', null]]);
    return touched(await readFunction(estate.lambda, arn));
  }
});
