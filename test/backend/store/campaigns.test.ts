import { DEFAULT_LAYER_VERSIONS } from '../../../src/common/layers';
import { createStores } from '../../../src/backend/store';
import { describeOnEachDatabase } from './databases';
import { record } from './records';

const outdated = { code: 'outdated-layer', severity: 'warning' as const, message: 'Datadog-Python312:110 is older than the configured version 128.' };
const stage = (label: string, names: string[]) => ({
  label,
  functionArns: names.map(name => `arn:aws:lambda:us-east-1:111111111111:function:${name}`),
  jobId: null,
  excludedSince: [],
  startedAt: null,
  finishedAt: null,
});

describeOnEachDatabase('CampaignStore', ({ stores, database }) => {
  const campaigns = () => stores().campaigns;
  const input = () => ({
    state: 'pausing' as const,
    targetVersions: DEFAULT_LAYER_VERSIONS,
    staging: { by: 'account' as const },
    pauseSeconds: 0,
    requireApproval: false,
    stages: [stage('account 111111111111', ['a'])],
    createdBy: 'user:default/ada',
  });
  const create = async () =>
    (await campaigns().create({
      state: 'pausing',
      targetVersions: DEFAULT_LAYER_VERSIONS,
      staging: { by: 'percentage', firstPercent: 10 },
      pauseSeconds: 600,
      requireApproval: true,
      stages: [stage('first 10%', ['a']), stage('the rest', ['b', 'c'])],
      createdBy: 'user:default/ada',
    }))!;

  it('stores a campaign with its stages, target versions and staging, as created', async () => {
    const { campaign, version } = await create();
    expect(campaign).toMatchObject({
      state: 'pausing',
      targetVersions: DEFAULT_LAYER_VERSIONS,
      staging: { by: 'percentage', firstPercent: 10 },
      pauseSeconds: 600,
      requireApproval: true,
      currentStage: 0,
      nextStageAt: null,
      reason: null,
      createdBy: 'user:default/ada',
    });
    expect(campaign.stages.map(s => s.functionArns.length)).toEqual([1, 2]);
    expect(await campaigns().get(campaign.id)).toEqual({ campaign, version });
    expect(await campaigns().get('no-such-campaign')).toBeUndefined();
  });

  it('changes a campaign only at the version read: of two replicas moving it, one wins', async () => {
    const { campaign, version } = await create();
    const other = createStores(database().knex);
    const stages = campaign.stages.map((s, i) => (i === 0 ? { ...s, jobId: 'job-1', startedAt: '2026-12-02T10:00:00.000Z' } : s));
    expect(await campaigns().change(campaign.id, version, { state: 'running', stages })).toBe(true);
    expect(await (await other).campaigns.change(campaign.id, version, { state: 'running', stages: campaign.stages })).toBe(false);
    const now = (await campaigns().get(campaign.id))!;
    expect(now.version).toBe(version + 1);
    expect(now.campaign.state).toBe('running');
    expect(now.campaign.stages[0].jobId).toBe('job-1');
    expect((await campaigns().inState(['running'])).map(c => c.campaign.id)).toEqual([campaign.id]);
    expect(await campaigns().inState(['pausing', 'waiting-for-approval'])).toEqual([]);
    expect((await campaigns().list(10)).map(c => c.id)).toEqual([campaign.id]);
  });

  it('keeps to one campaign under way at a time, even for creates at the same instant, and allows the next once it ended', async () => {
    const [one, two] = await Promise.all([campaigns().create(input()), campaigns().create(input())]);
    expect([one, two].filter(Boolean)).toHaveLength(1);
    const first = (one ?? two)!;
    expect(await campaigns().create(input())).toBeUndefined();
    expect(await campaigns().change(first.campaign.id, first.version, { state: 'cancelled', reason: 'by a person' })).toBe(true);
    expect(await campaigns().create(input())).toBeDefined();
  });
});

describeOnEachDatabase('InventoryStore.withFinding', ({ stores }) => {
  it('finds the functions with a finding of that code, with their configuration, and no others', async () => {
    await stores().inventory.replaceAccountRegion('111111111111', 'us-east-1', [
      record('behind', { status: 'datadog', findings: [outdated] }),
      record('current', { status: 'datadog', findings: [{ ...outdated, code: 'newer-layer-kept', message: 'outdated-layer in words only' }] }),
      record('untraced'),
    ]);
    const found = await stores().inventory.withFinding('outdated-layer');
    expect(found.map(row => row.summary.name)).toEqual(['behind']);
    expect(found[0].config.FunctionName).toBe('behind');
  });
});
