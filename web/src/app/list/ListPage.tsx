/**
 * The one list of the console: filters bar, saved filters, column settings, error with retry, the table
 * with its pager and total, an empty state that says what to do next, row click, row selection for bulk
 * actions, and slots for export and other tools. Every list page (accounts, audit log, organisations,
 * API keys, SMS outbox, appeals, households, divisions, calendar, visits, statistics) draws its table
 * with it; the page keeps what is its own: the query, the filter controls, the columns and their texts.
 *
 * Why not Ant Design Pro's ProTable: @ant-design/pro-components 2.8 declares `antd: ^4.24.15 || ^5.11.2`
 * as its peer, and this console runs antd 6 with React 19; installing it needs --force and would pull a
 * second antd into the bundle. This component sits on antd's own Table instead.
 *
 * Why the page passes its query's rows in (ListData) rather than a key and a fetcher: each feature's
 * hook owns the cache key its mutations invalidate (['users', …], ['appeals', …]); the page calls that
 * hook with the list state (useListState / useUrlListState) and hands over `pageData(query)`.
 */
import { useState, type MouseEvent as ReactMouseEvent, type ReactNode } from 'react';
import { Badge, Button, Flex, Grid, Table, type TableProps } from 'antd';
import { ClearOutlined, FilterOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useUser } from '../auth';
import { EmptyHint, LoadError } from '../components';
import { useI18n } from '../i18n';
import { ColumnSettings, type ColumnChoice } from './ColumnSettings';
import { cleanFilter, columnKey, currentSavedFilter, isFiltered, visibleColumns, type FilterValues } from './listState';
import { SavedFilters } from './SavedFilters';
import { useHiddenColumns, useSavedFilters } from './usePersisted';
import type { ListData, ListState } from './useListState';

interface EmptySpec {
  title: ReactNode;
  /** What to do next. */
  hint?: ReactNode;
  /** A button that does it. */
  action?: ReactNode;
}

export interface ListPageProps<T extends object, F extends object> {
  /** Names the list where its choices are kept (hidden columns, saved filters): 'users', 'audit'… */
  listId: string;
  rowKey: TableProps<T>['rowKey'];
  columns: ColumnsType<T>;
  data: ListData<T>;
  /** Server paging and the filter; without it the rows given are paged here. */
  state?: ListState<F>;
  /** Controls bound to state.filter; folded behind a button on narrow screens. */
  filters?: ReactNode;
  /** Keep named filters (default: when there are filters). */
  savedFilters?: boolean;
  /** Show and hide columns (default: on). */
  columnSettings?: boolean;
  /** Columns (keys) hidden until the person shows them: secondary ones a 1280 px screen leaves out. */
  defaultHidden?: string[];
  /** Right of the filters: export, reload… */
  toolbar?: ReactNode;
  /** Between the filters and the table: actions on the selected rows. */
  bulk?: ReactNode;
  rowSelection?: TableProps<T>['rowSelection'];
  /**
   * A click anywhere on the row (not on its links, buttons, checkboxes or inputs, and not the end of
   * selecting text to copy it).
   */
  onRowClick?: (row: T, event: ReactMouseEvent<HTMLElement>) => void;
  /** What the empty list says; a function receives whether filters narrow it. */
  empty: EmptySpec | ((filtered: boolean) => EmptySpec);
  /** The total under the table: t(`共 ${n} 个账号`, `${n} accounts`). */
  totalText?: (n: number) => string;
  pageSizeOptions?: number[];
  /** Page size of a list paged here; false draws every row. */
  localPageSize?: number | false;
  /** Whether the pager offers other page sizes (default: on for server lists). */
  sizeChanger?: boolean;
  size?: TableProps<T>['size'];
  /** `x: 'columns'`: as wide as the shown columns' widths (fixed columns then stay in view). */
  scroll?: TableProps<T>['scroll'] | { x: 'columns'; y?: number };
  expandable?: TableProps<T>['expandable'];
  onRow?: TableProps<T>['onRow'];
  testId?: string;
}

/** Controls inside a row keep their own clicks; a drag that selected text is not a click on the row. */
const CONTROLS = 'a, button, input, textarea, select, label, [role=button], [role=checkbox], [role=menuitem], .ant-checkbox-wrapper, .ant-table-selection-column, .ant-select, .ant-dropdown, .ant-popover';

function fromControl(e: ReactMouseEvent<HTMLElement>): boolean {
  const target = e.target as HTMLElement | null;
  const control = target?.closest?.(CONTROLS);
  if (control && e.currentTarget.contains(control)) return true;
  // Portals (a dropdown opened from the row) bubble through React, not through the row's DOM.
  if (target && !e.currentTarget.contains(target)) return true;
  return !!window.getSelection()?.toString();
}

export function ListPage<T extends object, F extends object = FilterValues>(props: ListPageProps<T, F>) {
  const { listId, rowKey, columns, data, state, filters, toolbar, bulk, rowSelection, onRowClick, empty, totalText, pageSizeOptions, localPageSize = 20, size = 'middle', scroll, expandable, onRow, testId } = props;
  const { t } = useI18n();
  const user = useUser();
  const screens = Grid.useBreakpoint();
  // On a phone-width screen the filters fold away behind one button; they open on demand.
  const narrow = screens.md === false;
  const [filtersOpen, setFiltersOpen] = useState(false);

  const filter = (state?.filter ?? {}) as FilterValues;
  const filtered = !!state && isFiltered(filter);
  const activeFilters = Object.keys(cleanFilter(filter)).length;
  const withSaved = !!state && !!filters && props.savedFilters !== false;
  const saved = useSavedFilters(listId, user.id, withSaved);
  const current = currentSavedFilter(saved.list, filter);

  const choices: ColumnChoice[] = columns.flatMap((c) => {
    const key = columnKey(c);
    // Row buttons (untitled, or keyed 'actions') always show: without them a row cannot be acted on.
    return key && key !== 'actions' && c.title ? [{ key, title: typeof c.title === 'function' ? key : c.title }] : [];
  });
  const withColumns = props.columnSettings !== false && choices.length > 1;
  const hidden = useHiddenColumns(listId, withColumns, props.defaultHidden);
  const shownHidden = hidden.list.filter((k) => choices.some((c) => c.key === k));
  const visible = withColumns ? visibleColumns(columns, columnKey, shownHidden) : columns;
  // On a phone the table scrolls sideways inside itself, its key column (the first: a number, a name)
  // kept in place, unless the page fixed one itself.
  const shown = narrow && visible.length > 1 && !visible.some((c) => c.fixed === 'left' || c.fixed === true) ? visible.map((c, i) => (i === 0 ? { ...c, fixed: 'left' as const } : c)) : visible;
  const defaults = (props.defaultHidden ?? []).filter((k) => choices.some((c) => c.key === k));
  const atDefault = shownHidden.length === defaults.length && defaults.every((k) => shownHidden.includes(k));
  const wideScroll: TableProps<T>['scroll'] =
    scroll && scroll.x === 'columns'
      ? { ...scroll, x: shown.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 120), rowSelection ? 48 : 0) }
      : (scroll as TableProps<T>['scroll']);
  const tableScroll: TableProps<T>['scroll'] = narrow ? { ...wideScroll, x: wideScroll?.x ?? 'max-content' } : wideScroll;

  const spec = typeof empty === 'function' ? empty(filtered) : empty;
  const clear = filtered && (
    <Button icon={<ClearOutlined />} onClick={() => state.replaceFilter({} as F)} data-testid="list-clear-filters">
      {t('common:clear-filters')}
    </Button>
  );

  const tools = (
    <Flex gap={8} wrap style={{ marginInlineStart: 'auto' }}>
      {toolbar}
      {withSaved && (
        <SavedFilters
          saved={saved.list}
          current={current}
          filtered={filtered}
          onApply={(s) => state.replaceFilter(s.filter as F)}
          onSave={(name) => saved.save(name, filter)}
          onRemove={saved.remove}
        />
      )}
      {withColumns && <ColumnSettings columns={choices} hidden={shownHidden} atDefault={atDefault} onToggle={(k) => hidden.toggle(k, choices.map((c) => c.key))} onReset={hidden.reset} />}
    </Flex>
  );
  const hasTools = !!toolbar || withSaved || withColumns;

  const pagination: TableProps<T>['pagination'] = state
    ? {
        current: state.page,
        pageSize: state.pageSize,
        total: data.total ?? data.items?.length ?? 0,
        showSizeChanger: props.sizeChanger ?? true,
        pageSizeOptions,
        showTotal: totalText,
        onChange: (p, s) => state.setPaging(p, s),
      }
    : localPageSize === false
      ? false
      : { pageSize: localPageSize, hideOnSinglePage: true, showSizeChanger: props.sizeChanger ?? false, pageSizeOptions, showTotal: totalText };

  return (
    <>
      {(filters || hasTools) && (
        <Flex gap={12} wrap justify="space-between" align="flex-start" style={{ marginBottom: 16 }}>
          {filters &&
            (narrow ? (
              <Badge count={activeFilters} size="small">
                <Button icon={<FilterOutlined />} onClick={() => setFiltersOpen((o) => !o)} aria-expanded={filtersOpen} data-testid="list-filters-toggle" data-active={activeFilters}>
                  {filtersOpen ? t('common:hide-filters') : t('common:filters')}
                </Button>
              </Badge>
            ) : (
              <Flex gap={12} wrap align="center" style={{ flex: '1 1 auto' }}>
                {filters}
              </Flex>
            ))}
          {hasTools && tools}
          {filters && narrow && filtersOpen && (
            <Flex vertical gap={8} className="ts-filters-folded" style={{ width: '100%' }} data-testid="list-filters-panel">
              {filters}
            </Flex>
          )}
        </Flex>
      )}
      {bulk}
      {!!data.error && <LoadError error={data.error} onRetry={data.retry} />}
      <Table<T>
        rowKey={rowKey}
        size={size}
        loading={data.loading}
        dataSource={data.items ?? []}
        data-testid={testId}
        scroll={tableScroll}
        expandable={expandable}
        rowSelection={rowSelection}
        onRow={
          onRowClick
            ? (row, i) => {
                const base = onRow?.(row, i) ?? {};
                return {
                  ...base,
                  onClick: (e: ReactMouseEvent<HTMLElement>) => {
                    if (fromControl(e)) return;
                    onRowClick(row, e);
                  },
                  style: { ...base.style, cursor: 'pointer' },
                };
              }
            : onRow
        }
        pagination={pagination}
        locale={{ emptyText: <EmptyHint title={spec.title} hint={spec.hint} action={spec.action || clear} /> }}
        columns={shown}
      />
    </>
  );
}
