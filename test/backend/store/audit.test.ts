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

  it('filters by who, what, outcome, job and time, together', async () => {
    await append('a');
    await append('b', 'failed');
    await audit().append({ actor: 'plugin:serverless-tracing', functionArn: arn('c'), action: 'enable', jobId: 'job-2', outcome: 'succeeded', summary: '', message: null, at: '2030-01-01T00:00:00.000Z' });
    await audit().append({ actor: 'user:default/ada', functionArn: arn('d'), action: 'rollback', jobId: 'job-3', outcome: 'succeeded', summary: '', message: null });
    const names = async (query: Parameters<ReturnType<typeof audit>['list']>[0]) => (await audit().list(query)).map(e => e.functionArn.split(':').pop());
    expect(await names({ actor: 'plugin:serverless-tracing' })).toEqual(['c']);
    expect(await names({ action: 'rollback' })).toEqual(['d']);
    expect(await names({ outcome: 'failed' })).toEqual(['b']);
    expect(await names({ jobId: 'job-1', outcome: 'succeeded' })).toEqual(['a']);
    expect(await names({ since: '2029-12-31T00:00:00.000Z' })).toEqual(['c']);
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
