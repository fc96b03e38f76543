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

  it('returns the latest checkpoint of a function exactly as saved, with the id save gave it', async () => {
    await checkpoints().save(checkpoint('a', '2026-06-01T10:00:00.000Z'));
    const id = await checkpoints().save(checkpoint('a', '2026-06-02T10:00:00.000Z'));
    expect(await checkpoints().latest(arn('a'))).toEqual({ ...checkpoint('a', '2026-06-02T10:00:00.000Z'), id });
    expect(await checkpoints().latest(arn('b'))).toBeUndefined();
  });

  it('keeps two checkpoints of a function made in the same millisecond apart by their ids', async () => {
    const first = await checkpoints().save(checkpoint('a', '2026-06-01T10:00:00.000Z'));
    const second = await checkpoints().save(checkpoint('a', '2026-06-01T10:00:00.000Z'));
    expect(second).not.toBe(first);
    await checkpoints().markRolledBack(second);
    expect((await checkpoints().latest(arn('a')))?.id).toBe(first);
  });

  it('records the RevisionId written once the update is verified', async () => {
    const id = await checkpoints().save(checkpoint('a', '2026-06-01T10:00:00.000Z'));
    await checkpoints().markWritten(id, 'rev-2');
    expect((await checkpoints().latest(arn('a')))?.revisionIdWritten).toBe('rev-2');
  });

  it('skips rolled-back checkpoints, falling back to the previous one', async () => {
    const first = await checkpoints().save(checkpoint('a', '2026-06-01T10:00:00.000Z'));
    const second = await checkpoints().save(checkpoint('a', '2026-06-02T10:00:00.000Z'));
    await checkpoints().markRolledBack(second);
    expect((await checkpoints().latest(arn('a')))?.createdAt).toBe('2026-06-01T10:00:00.000Z');
    await checkpoints().markRolledBack(first);
    expect(await checkpoints().latest(arn('a'))).toBeUndefined();
  });

  it('refuses to mark a checkpoint that does not exist', async () => {
    await expect(checkpoints().markRolledBack('424242')).rejects.toThrow(/No checkpoint 424242/);
  });

  it('tells which functions can be rolled back', async () => {
    await checkpoints().save(checkpoint('a', '2026-06-01T10:00:00.000Z'));
    const b = await checkpoints().save(checkpoint('b', '2026-06-01T10:00:00.000Z'));
    await checkpoints().markRolledBack(b);
    expect(await checkpoints().rollbackable([arn('a'), arn('b'), arn('c')])).toEqual(new Set([arn('a')]));
  });

  it('answers for more functions than one IN list holds', async () => {
    await checkpoints().save(checkpoint('fn-0999', '2026-06-01T10:00:00.000Z'));
    const many = Array.from({ length: 1200 }, (_, i) => arn(`fn-${String(i).padStart(4, '0')}`));
    expect(await checkpoints().rollbackable(many)).toEqual(new Set([arn('fn-0999')]));
  });
});
