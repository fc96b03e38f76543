import type { FunctionsQuery } from '../../src/common/api';
import { EXPORT_PAGE_SIZE, fetchAllFunctions, functionsCsv } from '../../src/frontend/export';
import { functionSummary, functionsPage } from './fixtures';

describe('CSV export', () => {
  it('fetches every page the filters match, with the same filters', async () => {
    const all = Array.from({ length: EXPORT_PAGE_SIZE + 20 }, (_, i) => functionSummary({ name: `fn-${i}` }));
    const asked: FunctionsQuery[] = [];
    const rows = await fetchAllFunctions(async query => {
      asked.push(query);
      return functionsPage(all.slice(query.offset!, query.offset! + query.limit!), { total: all.length });
    }, { status: ['untraced'], offset: 75, limit: 25 });
    expect(rows).toHaveLength(all.length);
    expect(asked).toEqual([
      { status: ['untraced'], offset: 0, limit: EXPORT_PAGE_SIZE },
      { status: ['untraced'], offset: EXPORT_PAGE_SIZE, limit: EXPORT_PAGE_SIZE },
    ]);
  });

  it('writes one line per function under a header, in the labels the page uses', () => {
    const csv = functionsCsv([functionSummary({ name: 'orders-api', status: 'datadog-xray', applicability: 'already-done' })]);
    const [header, line] = csv.trimEnd().split('\r\n');
    expect(header).toBe('name,arn,account,region,runtime,architecture,status,recommended,applicability,blocked by,owner,iac,last modified,findings');
    expect(line).toContain('orders-api,arn:aws:lambda:eu-west-1:111111111111:function:orders-api,111111111111,eu-west-1,python3.12,x86_64,Datadog + X-Ray,');
  });

  it('quotes commas and quotes, and defuses spreadsheet formulas', () => {
    const csv = functionsCsv([functionSummary({ name: '=HYPERLINK("x")', owner: 'team, "core"' })]);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain('"team, ""core"""');
  });
});
