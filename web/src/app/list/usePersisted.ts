import { useCallback, useState } from 'react';
import {
  loadHiddenColumns,
  loadSavedFilters,
  saveHiddenColumns,
  storeSavedFilters,
  toggleColumn,
  withoutSavedFilter,
  withSavedFilter,
  type FilterValues,
  type SavedFilter,
} from './listState';
import { browserStore } from './useListState';

/** The columns hidden in one list, kept in localStorage; `defaults` until the person chooses. */
export function useHiddenColumns(listId: string, enabled: boolean, defaults: readonly string[] = []) {
  const [list, setList] = useState<string[]>(() => {
    const store = browserStore();
    return enabled ? (store ? loadHiddenColumns(store, listId, defaults) : [...defaults]) : [];
  });
  const defaultKey = defaults.join(',');
  const update = useCallback(
    (next: string[]) => {
      setList(next);
      const store = browserStore();
      if (store) saveHiddenColumns(store, listId, next, defaultKey ? defaultKey.split(',') : []);
    },
    [listId, defaultKey],
  );
  return {
    list,
    toggle: (key: string, allKeys: string[]) => update(toggleColumn(list, key, allKeys)),
    reset: () => update(defaultKey ? defaultKey.split(',') : []),
  };
}

/** One account's named filters of one list, kept in localStorage. */
export function useSavedFilters(listId: string, userId: string, enabled: boolean) {
  const [list, setList] = useState<SavedFilter[]>(() => {
    const store = browserStore();
    return enabled && store ? loadSavedFilters(store, listId, userId) : [];
  });
  const update = (next: SavedFilter[]) => {
    setList(next);
    const store = browserStore();
    if (store) storeSavedFilters(store, listId, userId, next);
  };
  return {
    list,
    save: (name: string, filter: FilterValues) => update(withSavedFilter(list, name, filter)),
    remove: (name: string) => update(withoutSavedFilter(list, name)),
  };
}
