import { describe, expect, it } from 'vitest';
import {
  cleanFilter,
  columnKey,
  columnsKey,
  currentSavedFilter,
  isFiltered,
  loadHiddenColumns,
  loadSavedFilters,
  nextPaging,
  readListParams,
  SAVED_FILTER_LIMIT,
  saveHiddenColumns,
  savedFiltersKey,
  storeSavedFilters,
  toggleColumn,
  visibleColumns,
  withoutSavedFilter,
  withSavedFilter,
  writeListParams,
  type KeyValueStore,
} from './listState';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('column settings', () => {
  const all = ['number', 'title', 'status', 'due'];

  it('hides and shows a column, but never the last one shown', () => {
    let hidden = toggleColumn([], 'title', all);
    expect(hidden).toEqual(['title']);
    hidden = toggleColumn(hidden, 'title', all);
    expect(hidden).toEqual([]);
    hidden = ['number', 'title', 'status'];
    expect(toggleColumn(hidden, 'due', all)).toEqual(hidden);
  });

  it('remembers a column by its key, else by its field', () => {
    expect(columnKey({ key: 'weekday', dataIndex: 'date' })).toBe('weekday');
    expect(columnKey({ dataIndex: 'createdAt' })).toBe('createdAt');
    expect(columnKey({ dataIndex: ['owner', 'name'] })).toBe('owner.name');
    expect(columnKey({ title: '' } as { key?: string })).toBeUndefined();
  });

  it('draws the columns not hidden and ignores hidden keys that no longer exist', () => {
    const cols = all.map((key) => ({ key }));
    expect(visibleColumns(cols, (c) => c.key, ['status', 'renamed']).map((c) => c.key)).toEqual(['number', 'title', 'due']);
    // A column without a key (the row buttons) always shows.
    expect(visibleColumns([{ key: undefined }, { key: 'a' }], (c) => c.key, ['a'])).toEqual([{ key: undefined }]);
  });

  it('keeps the choice per list, forgets it on reset, and survives a corrupt value', () => {
    const store = memoryStore();
    saveHiddenColumns(store, 'appeals', ['due', 'status', 'due']);
    expect(loadHiddenColumns(store, 'appeals')).toEqual(['due', 'status']);
    expect(loadHiddenColumns(store, 'users')).toEqual([]);
    saveHiddenColumns(store, 'appeals', []);
    expect(store.data.has(columnsKey('appeals'))).toBe(false);
    store.setItem(columnsKey('appeals'), '{not json');
    expect(loadHiddenColumns(store, 'appeals')).toEqual([]);
    store.setItem(columnsKey('appeals'), JSON.stringify(['due', 3, null]));
    expect(loadHiddenColumns(store, 'appeals')).toEqual(['due']);
  });

  it('hides a list’s default columns until the person chooses, and keeps a choice to show them all', () => {
    const store = memoryStore();
    const defaults = ['channel', 'createdAt'];
    expect(loadHiddenColumns(store, 'appeals', defaults)).toEqual(defaults);
    // Showing every column is a choice of its own: kept, not taken back to the defaults.
    saveHiddenColumns(store, 'appeals', [], defaults);
    expect(loadHiddenColumns(store, 'appeals', defaults)).toEqual([]);
    saveHiddenColumns(store, 'appeals', ['createdAt'], defaults);
    expect(loadHiddenColumns(store, 'appeals', defaults)).toEqual(['createdAt']);
    // Back at the defaults (reset): nothing stored, so later defaults apply.
    saveHiddenColumns(store, 'appeals', ['createdAt', 'channel'], defaults);
    expect(store.data.has(columnsKey('appeals'))).toBe(false);
    expect(loadHiddenColumns(store, 'appeals', defaults)).toEqual(defaults);
  });

  it('carries on when storage refuses to write', () => {
    const full: KeyValueStore = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(() => saveHiddenColumns(full, 'audit', ['ip'])).not.toThrow();
  });
});

describe('saved filters', () => {
  it('are kept per list and per account', () => {
    const store = memoryStore();
    const mine = withSavedFilter([], '超期未办', { status: 'handling', q: '' });
    storeSavedFilters(store, 'appeals', 'u1', mine);
    expect(loadSavedFilters(store, 'appeals', 'u1')).toEqual([{ name: '超期未办', filter: { status: 'handling' } }]);
    expect(loadSavedFilters(store, 'appeals', 'u2')).toEqual([]);
    expect(loadSavedFilters(store, 'users', 'u1')).toEqual([]);
    expect(savedFiltersKey('appeals', 'u1')).not.toBe(savedFiltersKey('appeals', 'u2'));
  });

  it('replace one of the same name, newest first, and drop the oldest beyond the limit', () => {
    let list = withSavedFilter([], 'a', { status: 'accepted' });
    list = withSavedFilter(list, 'b', { channel: 'hotline' });
    list = withSavedFilter(list, ' a ', { status: 'closed' });
    expect(list).toEqual([
      { name: 'a', filter: { status: 'closed' } },
      { name: 'b', filter: { channel: 'hotline' } },
    ]);
    expect(withSavedFilter(list, '   ', { q: 'x' })).toEqual(list);
    expect(withoutSavedFilter(list, 'a').map((s) => s.name)).toEqual(['b']);
    for (let i = 0; i < SAVED_FILTER_LIMIT + 5; i++) list = withSavedFilter(list, `f${i}`, { q: String(i) });
    expect(list).toHaveLength(SAVED_FILTER_LIMIT);
    expect(list[0].name).toBe(`f${SAVED_FILTER_LIMIT + 4}`);
  });

  it('skip entries that are not filters when read back', () => {
    const store = memoryStore();
    store.setItem(
      savedFiltersKey('audit', 'u1'),
      JSON.stringify([{ name: 'ok', filter: { action: 'auth.login', n: 2, nested: { x: 1 } } }, { name: '', filter: {} }, { filter: {} }, 'junk', { name: 'arr', filter: [] }]),
    );
    expect(loadSavedFilters(store, 'audit', 'u1')).toEqual([{ name: 'ok', filter: { action: 'auth.login', n: 2 } }]);
  });

  it('name the filter the list shows now, whatever the order of its keys or its empty values', () => {
    const list = withSavedFilter([], '本月', { from: '2026-12-01', status: 'handling' });
    expect(currentSavedFilter(list, { status: 'handling', from: '2026-12-01', q: undefined })?.name).toBe('本月');
    expect(currentSavedFilter(list, { status: 'handling' })).toBeUndefined();
    expect(currentSavedFilter(withSavedFilter([], 'none', {}), {})).toBeUndefined();
  });
});

describe('filters and paging', () => {
  it('counts a filter as set unless it is empty; false is a choice', () => {
    expect(isFiltered({})).toBe(false);
    expect(isFiltered({ q: '', role: undefined })).toBe(false);
    expect(isFiltered({ disabled: false })).toBe(true);
    expect(cleanFilter({ q: '', n: Number.NaN, ok: 0 })).toEqual({ ok: 0 });
  });

  it('goes back to page 1 when the page size changes', () => {
    expect(nextPaging({ page: 3, pageSize: 20 }, 4, 20)).toEqual({ page: 4, pageSize: 20 });
    expect(nextPaging({ page: 3, pageSize: 20 }, 3, 50)).toEqual({ page: 1, pageSize: 50 });
  });

  it('reads the filter and paging from the address, ignoring junk', () => {
    const p = new URLSearchParams('status=accepted&q=&page=3&pageSize=50&box=overdue&other=x');
    expect(readListParams(p, ['status', 'q', 'channel'])).toEqual({ filter: { status: 'accepted' }, page: 3, pageSize: 50 });
    expect(readListParams(new URLSearchParams('page=-2&pageSize=abc'), ['q'])).toEqual({ filter: {}, page: 1, pageSize: 20 });
  });

  it('writes changes to the address: a filter returns to page 1, defaults stay out of it', () => {
    const p = new URLSearchParams('status=accepted&page=3&box=mine');
    expect(writeListParams(p, { channel: 'hotline', status: undefined }).toString()).toBe('box=mine&channel=hotline');
    expect(writeListParams(p, { page: 4, pageSize: 50 }, { keepPage: true }).toString()).toBe('status=accepted&page=4&box=mine&pageSize=50');
    expect(writeListParams(p, { page: 1, pageSize: 20 }, { keepPage: true }).toString()).toBe('status=accepted&box=mine');
    // The address given is left as it was.
    expect(p.toString()).toBe('status=accepted&page=3&box=mine');
  });
});
