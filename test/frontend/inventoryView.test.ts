import { inventoryViewParams, parseInventoryView } from '../../src/frontend/hooks/useInventoryView';
import { EMPTY_FILTERS } from '../../src/frontend/components/FunctionFilters';

describe('the inventory view in the URL', () => {
  it('reads filters, sort, page and the open function from search params', () => {
    const view = parseInventoryView(
      new URLSearchParams('q=orders&status=untraced&status=xray&applicability=one-click&mine=1&sort=-lastModified&page=3&size=50&fn=arn%3Aaws%3Alambda%3Aeu-west-1%3A1%3Afunction%3Ax'),
    );
    expect(view.filters).toEqual({
      q: 'orders',
      selected: { ...EMPTY_FILTERS.selected, status: ['untraced', 'xray'], applicability: ['one-click'] },
      ownedByMe: true,
    });
    expect(view.sortModel).toEqual([{ field: 'lastModified', sort: 'desc' }]);
    expect(view.pagination).toEqual({ page: 2, pageSize: 50 });
    expect(view.openArn).toBe('arn:aws:lambda:eu-west-1:1:function:x');
  });

  it('defaults to the first page of 25 sorted by name when the URL says nothing', () => {
    const view = parseInventoryView(new URLSearchParams());
    expect(view).toEqual({ filters: EMPTY_FILTERS, pagination: { page: 0, pageSize: 25 }, sortModel: [{ field: 'name', sort: 'asc' }], openArn: undefined });
  });

  it('ignores a page size the table does not offer and a page below one', () => {
    expect(parseInventoryView(new URLSearchParams('size=100000&page=-4')).pagination).toEqual({ page: 0, pageSize: 25 });
  });

  it('writes only what differs from the defaults and keeps params it does not own', () => {
    const view = parseInventoryView(new URLSearchParams());
    view.filters = { ...view.filters, selected: { ...view.filters.selected, runtime: ['python'] } };
    expect(inventoryViewParams(view, new URLSearchParams('tab=overview&page=9')).toString()).toBe('tab=overview&runtime=python');
  });

  it('reads back exactly the view it wrote', () => {
    const params = new URLSearchParams('q=a+b&owner=group%3Adefault%2Fteam&sort=&page=2&fn=arn1');
    expect(parseInventoryView(inventoryViewParams(parseInventoryView(params)))).toEqual(parseInventoryView(params));
  });
});
