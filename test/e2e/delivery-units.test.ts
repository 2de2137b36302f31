// The delivery dashboard's address-bar state, export address and row links: pure, needs no browser.
import { describe, expect, it } from 'vitest';
import { exportHref, linkOf, overdueQuery, readState, writeState } from '../../web/src/pages/delivery/state.ts';

const LIST = '11111111-1111-4111-8111-111111111111';

describe('delivery page state', () => {
  it('reads only valid values from the address bar and writes back only what differs from the defaults', () => {
    const s = readState(new URLSearchParams(`officer=me&list=${LIST}&challenge=nope&kind=tranche&sort=bogus&page=3&pageSize=999&owner=李明`));
    expect(s).toEqual({ officer: 'me', listId: LIST, challengeId: undefined, kind: 'tranche', owner: '李明', sort: '-days', page: 3, pageSize: 200 });
    expect(writeState(s).toString()).toBe(new URLSearchParams({ officer: 'me', list: LIST, kind: 'tranche', owner: '李明', page: '3', pageSize: '200' }).toString());
    expect(writeState(readState(new URLSearchParams())).toString()).toBe('');
    expect(overdueQuery(s)).toEqual({ officer: 'me', challengeId: undefined, listId: LIST, kind: 'tranche', owner: '李明', sort: '-days', page: 3, pageSize: 200 });
  });

  it('exports with the same filters, without paging', () => {
    const href = exportHref(readState(new URLSearchParams('kind=item&sort=owner&page=2')), 'csv');
    const u = new URL(href, 'http://x');
    expect(u.pathname).toBe('/api/v1/delivery/overdue/export');
    expect(Object.fromEntries(u.searchParams)).toEqual({ officer: 'all', kind: 'item', sort: 'owner', format: 'csv' });
  });

  it('links a contract row to its contract and an item row to its list with the drawer open', () => {
    const row = { contractId: null, listId: LIST, itemId: 'i1' };
    expect(linkOf(row)).toBe(`/projects/lists/${LIST}?item=i1`);
    expect(linkOf({ ...row, contractId: 'c1', listId: null, itemId: null })).toBe('/contracts/c1');
  });
});
