import { describeOnEachDatabase } from './databases';

const arn = (name: string) => `arn:aws:lambda:us-east-1:111111111111:function:${name}`;

describeOnEachDatabase('AuditStore', ({ stores }) => {
  const audit = () => stores().audit;
  const append = (name: string, outcome: 'succeeded' | 'failed' | 'refused' = 'succeeded') =>
    audit().append({
      actor: 'user:default/ada',
      functionArn: arn(name),
      action: 'enable',
      jobId: 'job-1',
      outcome,
      summary: 'adds 2 layers, sets 6 variables',
      message: outcome === 'succeeded' ? null : 'why',
    });

  it('returns the appended event with an id and a time', async () => {
    const event = await append('a');
    expect(event).toMatchObject({ actor: 'user:default/ada', functionArn: arn('a'), outcome: 'succeeded', jobId: 'job-1' });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(event.at).toISOString()).toBe(event.at);
  });

  it('lists newest first', async () => {
    await append('a');
    await append('b', 'failed');
    await append('c', 'refused');
    expect((await audit().list({})).map(e => e.functionArn)).toEqual([arn('c'), arn('b'), arn('a')]);
  });

  it('lists one function only when asked', async () => {
    await append('a');
    await append('b');
    await append('a', 'failed');
    expect((await audit().list({ functionArn: arn('a') })).map(e => e.outcome)).toEqual(['failed', 'succeeded']);
  });

  it('honours the limit', async () => {
    for (const name of ['a', 'b', 'c']) await append(name);
    expect(await audit().list({ limit: 2 })).toHaveLength(2);
  });

  it('keeps a time given by the caller', async () => {
    const event = await audit().append({
      at: '2026-06-01T10:00:00.000Z',
      actor: 'user:default/ada',
      functionArn: arn('a'),
      action: 'rollback',
      jobId: null,
      outcome: 'succeeded',
      summary: 'restores the handler',
      message: null,
    });
    expect((await audit().list({}))[0]).toEqual(event);
    expect(event.at).toBe('2026-06-01T10:00:00.000Z');
  });
});
