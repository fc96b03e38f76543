import type { Checkpoint } from '../../../src/common/model';
import { describeOnEachDatabase } from './databases';

const arn = (name: string) => `arn:aws:lambda:us-east-1:111111111111:function:${name}`;

function checkpoint(name: string, createdAt: string): Checkpoint {
  return {
    functionArn: arn(name),
    solution: 'dd-trace',
    createdAt,
    handler: { before: 'app.handler', after: 'datadog_lambda.handler.handler' },
    env: [{ key: 'DD_SERVICE', before: null, after: name }],
    layers: { before: [], after: ['arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:100'] },
  };
}

describeOnEachDatabase('CheckpointStore', ({ stores }) => {
  const checkpoints = () => stores().checkpoints;

  it('returns the latest checkpoint of a function exactly as saved', async () => {
    await checkpoints().save(checkpoint('a', '2026-06-01T10:00:00.000Z'));
    await checkpoints().save(checkpoint('a', '2026-06-02T10:00:00.000Z'));
    expect(await checkpoints().latest(arn('a'))).toEqual(checkpoint('a', '2026-06-02T10:00:00.000Z'));
    expect(await checkpoints().latest(arn('b'))).toBeUndefined();
  });

  it('records the RevisionId written once the update is verified', async () => {
    await checkpoints().save(checkpoint('a', '2026-06-01T10:00:00.000Z'));
    await checkpoints().markWritten(arn('a'), '2026-06-01T10:00:00.000Z', 'rev-2');
    expect((await checkpoints().latest(arn('a')))?.revisionIdWritten).toBe('rev-2');
  });

  it('skips rolled-back checkpoints, falling back to the previous one', async () => {
    await checkpoints().save(checkpoint('a', '2026-06-01T10:00:00.000Z'));
    await checkpoints().save(checkpoint('a', '2026-06-02T10:00:00.000Z'));
    await checkpoints().markRolledBack(arn('a'), '2026-06-02T10:00:00.000Z');
    expect((await checkpoints().latest(arn('a')))?.createdAt).toBe('2026-06-01T10:00:00.000Z');
    await checkpoints().markRolledBack(arn('a'), '2026-06-01T10:00:00.000Z');
    expect(await checkpoints().latest(arn('a'))).toBeUndefined();
  });

  it('refuses to mark a checkpoint that does not exist', async () => {
    await expect(checkpoints().markRolledBack(arn('a'), '2026-06-01T10:00:00.000Z')).rejects.toThrow(/No checkpoint of/);
  });

  it('tells which functions can be rolled back', async () => {
    await checkpoints().save(checkpoint('a', '2026-06-01T10:00:00.000Z'));
    await checkpoints().save(checkpoint('b', '2026-06-01T10:00:00.000Z'));
    await checkpoints().markRolledBack(arn('b'), '2026-06-01T10:00:00.000Z');
    expect(await checkpoints().rollbackable([arn('a'), arn('b'), arn('c')])).toEqual(new Set([arn('a')]));
  });

  it('answers for more functions than one IN list holds', async () => {
    await checkpoints().save(checkpoint('fn-0999', '2026-06-01T10:00:00.000Z'));
    const many = Array.from({ length: 1200 }, (_, i) => arn(`fn-${String(i).padStart(4, '0')}`));
    expect(await checkpoints().rollbackable(many)).toEqual(new Set([arn('fn-0999')]));
  });
});
