/**
 * The pure half of the list page (ListPage.tsx): which columns a person hides, the filters they saved
 * by name, and how a list's page, page size and filters map to and from the address. Kept free of React
 * and of the browser so it is tested in node; the storage is passed in.
 */

/** The part of localStorage these functions use; a Map-backed fake stands in for it in tests. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A filter as it is kept: plain JSON values, no dates or functions. */
export type FilterValues = Record<string, string | number | boolean | undefined>;

export interface SavedFilter {
  name: string;
  filter: FilterValues;
}

/** Most saved filters one person keeps per list; the oldest beyond it are dropped. */
export const SAVED_FILTER_LIMIT = 20;
/** Longest name of a saved filter. */
export const SAVED_FILTER_NAME_MAX = 40;

const PREFIX = 'tingsu.list';

/** Column choices are per list (the same screen for everyone at this desk). */
export function columnsKey(listId: string): string {
  return `${PREFIX}.${listId}.hidden-columns`;
}

/** Saved filters are per list and per account: they name one person's ways of working. */
export function savedFiltersKey(listId: string, userId: string): string {
  return `${PREFIX}.${listId}.filters.${userId}`;
}

/** Reads JSON from the store; anything unreadable (blocked storage, a hand-edited value) is no value. */
function readJson(store: KeyValueStore, key: string): unknown {
  try {
    const raw = store.getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as unknown);
  } catch {
    return undefined;
  }
}

function writeJson(store: KeyValueStore, key: string, value: unknown): void {
  try {
    store.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or blocked: the choice holds until the tab closes.
  }
}

/**
 * The hidden columns of a list: the person's choice, else the list's defaults (secondary columns a
 * narrow screen leaves out until someone brings them back).
 */
export function loadHiddenColumns(store: KeyValueStore, listId: string, defaults: readonly string[] = []): string[] {
  const v = readJson(store, columnsKey(listId));
  return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : [...defaults];
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((k, i) => k === y[i]);
}

/** Keeps the choice; a choice equal to the defaults is no choice (the defaults may change later). */
export function saveHiddenColumns(store: KeyValueStore, listId: string, hidden: readonly string[], defaults: readonly string[] = []): void {
  if (sameKeys(hidden, defaults)) {
    try {
      store.removeItem(columnsKey(listId));
    } catch {
      // See writeJson.
    }
    return;
  }
  writeJson(store, columnsKey(listId), [...new Set(hidden)].sort());
}

/** The key a column is remembered by: its key, else its field (a path joined with dots). */
export function columnKey(c: { key?: string | number | bigint | null; dataIndex?: unknown }): string | undefined {
  if (c.key !== undefined && c.key !== null) return String(c.key);
  const field = c.dataIndex;
  if (typeof field === 'string' || typeof field === 'number') return String(field);
  return Array.isArray(field) ? field.join('.') : undefined;
}

/** Shows a hidden column or hides a shown one; the last shown column stays, so the table never empties. */
export function toggleColumn(hidden: readonly string[], key: string, allKeys: readonly string[]): string[] {
  if (hidden.includes(key)) return hidden.filter((k) => k !== key);
  const shown = allKeys.filter((k) => !hidden.includes(k));
  if (shown.length <= 1 && shown[0] === key) return [...hidden];
  return [...hidden, key];
}

/** The columns to draw: those not hidden. Keys no longer in the list (a renamed column) are ignored. */
export function visibleColumns<C>(columns: readonly C[], keyOf: (c: C) => string | undefined, hidden: readonly string[]): C[] {
  return columns.filter((c) => {
    const k = keyOf(c);
    return k === undefined || !hidden.includes(k);
  });
}

/** Drops empty values, so two filters that select the same rows compare and store the same. */
export function cleanFilter(filter: FilterValues): FilterValues {
  const out: FilterValues = {};
  for (const [k, v] of Object.entries(filter)) {
    if (v !== undefined && v !== '' && !(typeof v === 'number' && Number.isNaN(v))) out[k] = v;
  }
  return out;
}

/** Whether any filter narrows the list (the empty state then says “change the filters”, not “add one”). */
export function isFiltered(filter: object): boolean {
  return Object.keys(cleanFilter(filter as FilterValues)).length > 0;
}

function sameFilter(a: FilterValues, b: FilterValues): boolean {
  const x = cleanFilter(a);
  const y = cleanFilter(b);
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k]);
}

function isFilterValue(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

export function loadSavedFilters(store: KeyValueStore, listId: string, userId: string): SavedFilter[] {
  const v = readJson(store, savedFiltersKey(listId, userId));
  if (!Array.isArray(v)) return [];
  const out: SavedFilter[] = [];
  for (const item of v) {
    if (!item || typeof item !== 'object') continue;
    const { name, filter } = item as { name?: unknown; filter?: unknown };
    if (typeof name !== 'string' || !name.trim() || !filter || typeof filter !== 'object' || Array.isArray(filter)) continue;
    const values: FilterValues = {};
    for (const [k, x] of Object.entries(filter)) if (isFilterValue(x)) values[k] = x;
    out.push({ name, filter: values });
  }
  return out;
}

/**
 * Adds a named filter, or replaces the one of the same name (names compare trimmed). The newest comes
 * first; beyond SAVED_FILTER_LIMIT the oldest go.
 */
export function withSavedFilter(list: readonly SavedFilter[], name: string, filter: FilterValues): SavedFilter[] {
  const n = name.trim().slice(0, SAVED_FILTER_NAME_MAX);
  if (!n) return [...list];
  return [{ name: n, filter: cleanFilter(filter) }, ...list.filter((s) => s.name !== n)].slice(0, SAVED_FILTER_LIMIT);
}

export function withoutSavedFilter(list: readonly SavedFilter[], name: string): SavedFilter[] {
  return list.filter((s) => s.name !== name);
}

export function storeSavedFilters(store: KeyValueStore, listId: string, userId: string, list: readonly SavedFilter[]): void {
  writeJson(store, savedFiltersKey(listId, userId), list);
}

/** The saved filter the list shows now, if any (its name is shown on the button). */
export function currentSavedFilter(list: readonly SavedFilter[], filter: FilterValues): SavedFilter | undefined {
  return isFiltered(filter) ? list.find((s) => sameFilter(s.filter, filter)) : undefined;
}

/** Page and page size of a server-paginated list. */
export interface Paging {
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 20;

/**
 * The paging after the table's pager moved. A new page size goes back to page 1: the old page number
 * would point at other rows, or past the end.
 */
export function nextPaging(current: Paging, page: number, pageSize: number): Paging {
  return pageSize !== current.pageSize ? { page: 1, pageSize } : { page, pageSize };
}

/** A positive whole number from the address, or the fallback. */
function positive(raw: string | null, fallback: number): number {
  const n = Number(raw);
  return raw !== null && Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Reads a list's state from the address: the named filter keys, the page and the page size. */
export function readListParams<K extends string>(params: URLSearchParams, keys: readonly K[], defaultPageSize = DEFAULT_PAGE_SIZE): { filter: Partial<Record<K, string>> } & Paging {
  const filter: Partial<Record<K, string>> = {};
  for (const k of keys) {
    const v = params.get(k);
    if (v) filter[k] = v;
  }
  return { filter, page: positive(params.get('page'), 1), pageSize: positive(params.get('pageSize'), defaultPageSize) };
}

/**
 * The address after a change. Empty values leave the address; the default page and page size are not
 * written, so a plain list has a plain address. A change of filter returns to page 1 unless the change
 * is the paging itself.
 */
export function writeListParams(
  params: URLSearchParams,
  patch: Record<string, string | number | boolean | undefined>,
  { keepPage = false, defaultPageSize = DEFAULT_PAGE_SIZE }: { keepPage?: boolean; defaultPageSize?: number } = {},
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === '' || (k === 'page' && v === 1) || (k === 'pageSize' && v === defaultPageSize)) next.delete(k);
    else next.set(k, String(v));
  }
  if (!keepPage) next.delete('page');
  return next;
}
