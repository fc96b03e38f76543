import { createStores } from '../../../src/backend/store';
import { describeOnEachDatabase } from './databases';

describeOnEachDatabase('ScanStore', ({ stores, database }) => {
  const scans = () => stores().scans;

  it('has no latest scan before the first one', async () => {
    expect(await scans().latest()).toBeNull();
  });

  it('starts a running scan that is the latest', async () => {
    const scan = await scans().start();
    expect(scan).toMatchObject({ state: 'running', finishedAt: null, functionCount: 0, errors: [] });
    expect(await scans().latest()).toEqual(scan);
  });

  it('finishes as succeeded without errors and partial with some', async () => {
    const clean = await scans().finish((await scans().start()).id, { functionCount: 12, errors: [] });
    expect(clean).toMatchObject({ state: 'succeeded', functionCount: 12 });
    expect(clean.finishedAt).not.toBeNull();
    const error = { accountId: '111111111111', region: 'eu-west-1', name: 'AccessDeniedException', message: 'Access denied listing functions' };
    const partial = await scans().finish((await scans().start()).id, { functionCount: 5, errors: [error] });
    expect(partial).toMatchObject({ state: 'partial', errors: [error] });
    expect(await scans().latest()).toEqual(partial);
  });

  it('records the state the scanner decided, e.g. failed', async () => {
    const scan = await scans().finish((await scans().start()).id, { functionCount: 0, errors: [], state: 'failed' });
    expect(scan.state).toBe('failed');
  });

  it('refuses to finish a scan that does not exist', async () => {
    await expect(scans().finish('999', { functionCount: 0, errors: [] })).rejects.toThrow(/Scan 999 does not exist/);
  });

  it('migrates an already migrated database without complaint', async () => {
    await scans().start();
    const again = await createStores(database().knex);
    expect((await again.scans.latest())?.state).toBe('running');
  });
});
