import { Button, Input, Space, Tag, Typography } from 'antd';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useListState } from '../../app/list/useListState';
import { GRID_KIND_LABELS, GRID_WORKER_KIND_LABELS, LEVEL_COLORS, LEVEL_LABELS } from '../../app/labels';
import type { Grid, GridWorkerKind, RegionNode } from '../../app/contract';
import { useGrids, useRegionChildren } from './api';

/** The sub-divisions of a division (the API answers the whole list; it is paged here). */
export function ChildrenTable({ code, onSelect }: { code: string; onSelect: (code: string) => void }) {
  const { t, tl } = useI18n();
  const children = useRegionChildren(code);
  return (
    <ListPage<RegionNode, object>
      listId="region-children"
      size="small"
      rowKey="code"
      data={{ items: children.data, loading: children.isPending, error: children.isError ? children.error : undefined, retry: () => void children.refetch() }}
      localPageSize={10}
      columnSettings={false}
      totalText={(n) => t('regions:n-in-all', { n })}
      empty={{
        title: t('regions:no-sub-divisions'),
        hint: t('regions:divisions-are-imported-by-the-administrator-ask'),
      }}
      columns={[
        {
          title: t('regions:name'),
          dataIndex: 'name',
          render: (name: string, r) => (
            <Typography.Link onClick={() => onSelect(r.code)} data-testid={`child-${r.code}`}>
              {name}
            </Typography.Link>
          ),
        },
        { title: t('regions:code-3'), dataIndex: 'code', width: 160, render: (c: string) => <Typography.Text copyable={{ text: c }}>{c}</Typography.Text> },
        {
          title: t('regions:level'),
          dataIndex: 'level',
          width: 130,
          render: (l: RegionNode['level']) => (
            <Tag color={LEVEL_COLORS[l]} variant="filled">
              {tl(LEVEL_LABELS[l])}
            </Tag>
          ),
        },
        {
          title: t('regions:below'),
          dataIndex: 'hasChildren',
          width: 90,
          render: (has: boolean) => (has ? t('regions:yes') : <Typography.Text type="secondary">{t('regions:none')}</Typography.Text>),
        },
      ]}
    />
  );
}

export function WorkerTags({ workers }: { workers: Grid['workers'] }) {
  const { tl } = useI18n();
  return (
    <Space size={[4, 4]} wrap>
      {workers.map((w) => (
        <Tag key={w.userId} color="purple" variant="filled">
          {w.displayName}
          {GRID_WORKER_KIND_LABELS[w.kind as GridWorkerKind] && (
            <span style={{ opacity: 0.7 }}> · {tl(GRID_WORKER_KIND_LABELS[w.kind as GridWorkerKind])}</span>
          )}
        </Tag>
      ))}
    </Space>
  );
}

/** The grids of a village or community, paged by the server, with their grid workers. */
export function GridsTable({ within, onSelect }: { within: string; onSelect: (code: string) => void }) {
  const { t, tl } = useI18n();
  const list = useListState<{ q?: string }>({}, 10);
  const q = list.filter.q;
  const grids = useGrids({ within, q, page: list.page, pageSize: list.pageSize });

  return (
    <ListPage<Grid, { q?: string }>
      listId="grids"
      size="small"
      rowKey="code"
      data={pageData(grids)}
      state={list}
      testId="grids-table"
      pageSizeOptions={[10, 20, 50]}
      savedFilters={false}
      totalText={(n) => t('regions:n-grids', { n })}
      filters={
        <Input.Search
          key={`q-${q ?? ''}`}
          defaultValue={q}
          allowClear
          placeholder={t('regions:filter-by-grid-name-or-code')}
          onSearch={(v) => list.setFilter({ q: v.trim() || undefined })}
          style={{ width: 320, maxWidth: '100%' }}
        />
      }
      empty={{
        title: q ? t('regions:no-grid-matches') : t('regions:this-village-has-no-grids-yet'),
        hint: q ? t('regions:clear-the-filter-and-try-again') : t('regions:grids-appear-here-once-drawn-ask-your'),
      }}
      columns={[
        {
          title: t('regions:grid-2'),
          dataIndex: 'name',
          render: (name: string, g) => (
            <Typography.Link onClick={() => onSelect(g.code)} data-testid={`grid-row-${g.code}`}>
              {name}
            </Typography.Link>
          ),
        },
        { title: t('regions:code-2'), dataIndex: 'code', width: 170 },
        { title: t('regions:kind-2'), dataIndex: 'kind', width: 110, render: (k: string) => tl(GRID_KIND_LABELS[k], k) },
        {
          title: t('regions:grid-workers'),
          dataIndex: 'workers',
          render: (ws: Grid['workers']) =>
            ws.length ? <WorkerTags workers={ws} /> : <Typography.Text type="warning">{t('regions:none-assigned')}</Typography.Text>,
        },
        {
          title: t('regions:actions'),
          key: 'actions',
          width: 80,
          render: (_: unknown, g) => (
            <Button type="link" size="small" onClick={() => onSelect(g.code)}>
              {t('regions:open')}
            </Button>
          ),
        },
      ]}
    />
  );
}
