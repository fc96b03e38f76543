// Upgrade campaigns as data: which layers are behind the configured versions, and how a fleet is staged.
import { DEFAULT_LAYER_VERSIONS, layerUpgradesOf, planStages, type StageableFunction } from '../../src/common';
import { ACCOUNT, lambda, layer, layers } from './fixtures';

const fn = (name: string, accountId: string, owner: string | null): StageableFunction => ({
  arn: `arn:aws:lambda:eu-west-1:${accountId}:function:${name}`,
  accountId,
  owner,
});

describe('layerUpgradesOf', () => {
  it('lists each Datadog layer older than the configured version, with its current and target versions', () => {
    const config = lambda({ Layers: layers(layer('Datadog-Python312', 110), layer('Datadog-Extension', 60), layer('shared-utils', 1, 'eu-west-1', ACCOUNT)) });
    expect(layerUpgradesOf(config, DEFAULT_LAYER_VERSIONS)).toEqual([
      { name: 'Datadog-Python312', current: 110, target: DEFAULT_LAYER_VERSIONS.python },
      { name: 'Datadog-Extension', current: 60, target: DEFAULT_LAYER_VERSIONS.extension },
    ]);
  });

  it('leaves out layers at or above the configured version: newer ones are never downgraded', () => {
    const config = lambda({ Layers: layers(layer('Datadog-Python312', DEFAULT_LAYER_VERSIONS.python), layer('Datadog-Extension', 105)) });
    expect(layerUpgradesOf(config, DEFAULT_LAYER_VERSIONS)).toEqual([]);
  });
});

describe('planStages', () => {
  const fleet = [
    fn('a1', '111111111111', 'team-a'),
    fn('a2', '111111111111', 'team-b'),
    fn('a3', '111111111111', null),
    fn('b1', '222222222222', 'team-a'),
  ];

  it('stages by account, the smallest account first, every function once', () => {
    const stages = planStages(fleet, { by: 'account' });
    expect(stages.map(stage => [stage.label, stage.functionArns.length])).toEqual([['account 222222222222', 1], ['account 111111111111', 3]]);
  });

  it('stages by owner, the smallest owner first and unowned functions last', () => {
    const stages = planStages(fleet, { by: 'owner' });
    expect(stages.map(stage => stage.label)).toEqual(['owner team-b', 'owner team-a', 'functions without an owner']);
    expect(stages[1].functionArns).toEqual([fleet[0].arn, fleet[3].arn]);
  });

  it('takes a first share (rounded up, at least one function), then the rest', () => {
    expect(planStages(fleet, { by: 'percentage', firstPercent: 10 }).map(stage => stage.functionArns.length)).toEqual([1, 3]);
    expect(planStages(fleet, { by: 'percentage', firstPercent: 50 }).map(stage => stage.label)).toEqual(['first 50%', 'the rest']);
    expect(planStages(fleet.slice(0, 1), { by: 'percentage', firstPercent: 10 }).map(stage => stage.label)).toEqual(['first 10%']);
  });

  it('plans no stage for no function', () => {
    expect(planStages([], { by: 'account' })).toEqual([]);
  });
});
