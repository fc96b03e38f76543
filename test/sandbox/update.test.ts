import {
  GetFunctionCommand,
  InvalidParameterValueException,
  PreconditionFailedException,
  ResourceConflictException,
  UpdateFunctionConfigurationCommand,
  type UpdateFunctionConfigurationCommandInput,
} from '@aws-sdk/client-lambda';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import type { StoredFunction } from '../../dev/sandbox/state';
import { PAYMENTS, lambdaClient, manualClock } from './clients';

const UPDATE_DELAY_MS = 1_000;
const EXTENSION = 'arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:100';
const PYTHON_LIBRARY = 'arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Python312:128';
const userLayer = (name: string, version = 1) => `arn:aws:lambda:us-east-1:${PAYMENTS}:layer:${name}:${version}`;

describe('UpdateFunctionConfiguration', () => {
  const clock = manualClock();
  let created = 0;
  let sandbox: Sandbox;
  let target: StoredFunction;
  beforeAll(async () => {
    sandbox = await startSandbox({ quotaPerSecond: 0, updateDelayMs: UPDATE_DELAY_MS, clock: clock.now });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    // A fresh Zip function per test, each with a settled previous update.
    clock.advance(UPDATE_DELAY_MS);
    const zip = sandbox.state.functions(PAYMENTS, 'us-east-1').find(fn => fn.config.PackageType === 'Zip')!;
    const name = `update-target-${++created}`;
    target = sandbox.state.putFunction({
      accountId: PAYMENTS,
      region: 'us-east-1',
      config: { ...zip.config, FunctionName: name, FunctionArn: `arn:aws:lambda:us-east-1:${PAYMENTS}:function:${name}` },
    });
  });

  const client = () => lambdaClient(sandbox);
  const update = (input: Omit<UpdateFunctionConfigurationCommandInput, 'FunctionName'>) =>
    client().send(new UpdateFunctionConfigurationCommand({ FunctionName: target.config.FunctionName, ...input }));
  const read = async () => (await client().send(new GetFunctionCommand({ FunctionName: target.config.FunctionArn }))).Configuration!;

  it('replaces the whole environment map', async () => {
    await update({ Environment: { Variables: { ONLY_THIS: 'value' } } });

    expect((await read()).Environment?.Variables).toEqual({ ONLY_THIS: 'value' });
  });

  it('replaces the whole layer list, in the order given', async () => {
    await update({ Layers: [userLayer('shared-utils'), PYTHON_LIBRARY, EXTENSION] });

    expect((await read()).Layers?.map(layer => layer.Arn)).toEqual([userLayer('shared-utils'), PYTHON_LIBRARY, EXTENSION]);
  });

  it('sets the handler and the tracing mode', async () => {
    await update({ Handler: 'datadog_lambda.handler.handler', TracingConfig: { Mode: 'Active' } });

    expect(await read()).toMatchObject({ Handler: 'datadog_lambda.handler.handler', TracingConfig: { Mode: 'Active' } });
  });

  it('gives the function a new RevisionId and LastModified', async () => {
    const before = await read();
    clock.advance(60_000);

    const answered = await update({ Environment: { Variables: { CHANGED: 'yes' } } });

    expect(answered.RevisionId).not.toBe(before.RevisionId);
    expect((await read()).RevisionId).toBe(answered.RevisionId);
    expect(answered.LastModified).not.toBe(before.LastModified);
    expect(answered.LastModified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
  });

  it('reports InProgress until the update delay has passed, then Successful', async () => {
    const answered = await update({ Handler: 'app.other' });
    expect(answered.LastUpdateStatus).toBe('InProgress');
    expect((await read()).LastUpdateStatus).toBe('InProgress');

    clock.advance(UPDATE_DELAY_MS);

    expect((await read()).LastUpdateStatus).toBe('Successful');
  });

  it('accepts the current RevisionId', async () => {
    const { RevisionId } = await read();

    await expect(update({ Handler: 'app.guarded', RevisionId })).resolves.toMatchObject({ Handler: 'app.guarded' });
  });

  it('refuses a stale RevisionId with PreconditionFailedException', async () => {
    const { RevisionId: stale } = await read();
    await update({ Handler: 'app.someone-else' });
    clock.advance(UPDATE_DELAY_MS);

    await expect(update({ Handler: 'app.mine', RevisionId: stale })).rejects.toBeInstanceOf(PreconditionFailedException);
    expect((await read()).Handler).toBe('app.someone-else');
  });

  it('refuses a second update while the first is InProgress with ResourceConflictException', async () => {
    const first = await update({ Handler: 'app.first' });

    await expect(update({ Handler: 'app.second', RevisionId: first.RevisionId })).rejects.toBeInstanceOf(ResourceConflictException);
  });

  it('refuses more than 5 layers with InvalidParameterValueException', async () => {
    const six = ['shared-utils', 'common-deps', 'pandas-numpy', 'auth-helpers', 'pdf-renderer', 'feature-flags'].map(name => userLayer(name));

    const sixLayers = update({ Layers: six });

    await expect(sixLayers).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(sixLayers).rejects.toThrow('Cannot reference more than 5 layers.');
  });

  it('accepts exactly 5 layers', async () => {
    const five = ['shared-utils', 'common-deps', 'pandas-numpy', 'auth-helpers', 'pdf-renderer'].map(name => userLayer(name));

    await expect(update({ Layers: five })).resolves.toMatchObject({ Layers: five.map(Arn => expect.objectContaining({ Arn })) });
  });

  it('accepts an environment of exactly 4 KB (keys + values in UTF-8 bytes)', async () => {
    // 'BIG' (3 bytes) + 4,091 ASCII bytes + 'É' (2 bytes) = 4,096 bytes.
    await expect(update({ Environment: { Variables: { BIG: `${'x'.repeat(4091)}É` } } })).resolves.toBeDefined();
  });

  it('refuses an environment one byte over 4 KB with InvalidParameterValueException', async () => {
    const update4097 = update({ Environment: { Variables: { BIG: `${'x'.repeat(4092)}É` } } });

    await expect(update4097).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(update4097).rejects.toThrow(/exceeded the 4KB limit/);
  });

  it('refuses a layer version that was never published', async () => {
    const update999 = update({ Layers: ['arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Python312:999'] });

    await expect(update999).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(update999).rejects.toThrow('Layer version arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Python312:999 does not exist.');
  });

  it('refuses a layer name nobody published', async () => {
    await expect(update({ Layers: ['arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Cobol:1'] })).rejects.toBeInstanceOf(
      InvalidParameterValueException,
    );
  });

  it('refuses two versions of the same layer, as when an old Datadog layer is not replaced', async () => {
    const both = update({ Layers: [EXTENSION.replace(/100$/, '90'), EXTENSION] });

    await expect(both).rejects.toThrow('Two different versions of the same layer are not allowed to be referenced in the same function.');
  });

  it('refuses an environment variable Lambda reserves for itself', async () => {
    await expect(update({ Environment: { Variables: { AWS_REGION: 'eu-west-1' } } })).rejects.toBeInstanceOf(InvalidParameterValueException);
  });

  it('leaves the function untouched when it refuses an update', async () => {
    const before = await read();

    await update({ Layers: [PYTHON_LIBRARY, EXTENSION], Handler: 'app.never', RevisionId: 'stale-revision' }).catch(() => undefined);

    expect(await read()).toEqual(before);
  });
});
