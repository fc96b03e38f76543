import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createDriftRepair, repairable, REPAIR_JOB_SIZE } from '../../../src/backend/enablement/driftRepair';
import type { FunctionSummary, Job } from '../../../src/common/api';
import { functionSummary } from '../../frontend/fixtures';

const policy = { accounts: ['111111111111'], owners: ['component:default/orders'] };
const drifted = (name: string, overrides: Partial<FunctionSummary> = {}) =>
  functionSummary({ name, status: 'drifted', owner: null, ...overrides });

describe('repairable', () => {
  it('takes drifted one-click functions of the policy accounts or owners, never IaC-managed ones', () => {
    expect(repairable(drifted('a'), policy)).toBe(true);
    expect(repairable(drifted('b', { accountId: '222222222222', owner: 'component:default/orders' }), policy)).toBe(true);
    expect(repairable(drifted('c', { accountId: '222222222222' }), policy)).toBe(false);
    expect(repairable(drifted('d', { iac: 'cloudformation' }), policy)).toBe(false);
    expect(repairable(drifted('e', { applicability: 'blocked' }), policy)).toBe(false);
    expect(repairable(drifted('f', { status: 'untraced' }), policy)).toBe(false);
  });
});

describe('createDriftRepair', () => {
  const credentials = async () => mockCredentials.service('plugin:serverless-tracing');

  it('starts one job per thousand repairable functions, as the plugin, and none without a policy', async () => {
    const many = Array.from({ length: REPAIR_JOB_SIZE + 2 }, (_, i) => drifted(`fn-${i}`));
    const repair = vi.fn(async (_c: unknown, arns: string[]) => ({ id: String(arns.length) }) as Job);
    const inventory = { withStatus: vi.fn(async () => [...many, drifted('managed', { iac: 'terraform' })]) };
    const logger = mockServices.logger.mock();
    const jobs = await createDriftRepair({ policy, inventory, jobStarter: { repair }, credentials, logger }).afterScan();
    expect(jobs.map(job => job.id)).toEqual([String(REPAIR_JOB_SIZE), '2']);
    expect(repair.mock.calls[0][0]).toMatchObject({ principal: { type: 'service', subject: 'plugin:serverless-tracing' } });
    expect(repair.mock.calls.flatMap(call => call[1])).not.toContain(drifted('managed').arn);

    const none = await createDriftRepair({ policy: undefined, inventory, jobStarter: { repair }, credentials, logger }).afterScan();
    expect(none).toEqual([]);
    expect(repair).toHaveBeenCalledTimes(2);
  });
});
