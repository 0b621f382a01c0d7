import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Page } from '../contract';
import { DEFAULT_PAGE_SIZE, nextPaging, readListParams, writeListParams, type KeyValueStore } from './listState';

/** What a list page holds between renders: its filter and where the pager stands. */
export interface ListState<F extends object> {
  filter: F;
  page: number;
  pageSize: number;
  /** Merges a change into the filter; the list goes back to page 1. */
  setFilter: (patch: Partial<F>) => void;
  /** Replaces the whole filter (a saved filter applied, or all cleared); back to page 1. */
  replaceFilter: (filter: F) => void;
  setPaging: (page: number, pageSize: number) => void;
}

/** The rows a list draws, whatever they come from: one server page, a whole answer, or an edited draft. */
export interface ListData<T> {
  items: T[] | undefined;
  /** The server's count of every matching row; without it the rows given are all there are. */
  total?: number;
  loading: boolean;
  error?: unknown;
  retry?: () => void;
}

/** A list whose filter and paging live in the component (lost on leaving the page). */
export function useListState<F extends object>(initialFilter: F = {} as F, initialPageSize = DEFAULT_PAGE_SIZE): ListState<F> {
  const [filter, setFilterState] = useState<F>(initialFilter);
  const [paging, setPagingState] = useState({ page: 1, pageSize: initialPageSize });
  const setFilter = useCallback((patch: Partial<F>) => {
    setFilterState((f) => ({ ...f, ...patch }));
    setPagingState((p) => ({ ...p, page: 1 }));
  }, []);
  const replaceFilter = useCallback((next: F) => {
    setFilterState(next);
    setPagingState((p) => ({ ...p, page: 1 }));
  }, []);
  const setPaging = useCallback((page: number, pageSize: number) => setPagingState((p) => nextPaging(p, page, pageSize)), []);
  return { filter, page: paging.page, pageSize: paging.pageSize, setFilter, replaceFilter, setPaging };
}

/**
 * A list whose filter and paging live in the address, so a filtered list can be bookmarked and survives
 * “back”. `setParams` changes other parts of the address (a tab) the same way.
 */
export function useUrlListState<K extends string>(keys: readonly K[]): ListState<Partial<Record<K, string>>> & {
  params: URLSearchParams;
  setParams: (patch: Record<string, string | number | undefined>, keepPage?: boolean) => void;
} {
  const [params, setSearchParams] = useSearchParams();
  const { filter, page, pageSize } = readListParams(params, keys);
  const setParams = useCallback(
    (patch: Record<string, string | number | undefined>, keepPage = false) => setSearchParams((p) => writeListParams(p, patch, { keepPage }), { replace: true }),
    [setSearchParams],
  );
  return {
    params,
    filter,
    page,
    pageSize,
    setParams,
    setFilter: (patch) => setParams(patch),
    replaceFilter: (next) => setParams(Object.fromEntries(keys.map((k) => [k, next[k]]))),
    setPaging: (p, s) => {
      const n = nextPaging({ page, pageSize }, p, s);
      setParams({ page: n.page, pageSize: n.pageSize }, true);
    },
  };
}

/** One server page of a react-query answer as list rows. */
export function pageData<T>(query: UseQueryResult<Page<T>>): ListData<T> {
  return {
    items: query.data?.items,
    total: query.data?.total ?? 0,
    loading: query.isFetching,
    error: query.isError ? query.error : undefined,
    retry: () => void query.refetch(),
  };
}

/** localStorage, or nothing where the browser blocks it (then choices hold for the tab only). */
export function browserStore(): KeyValueStore | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
