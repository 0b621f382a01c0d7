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
      totalText={(n) => t(`共 ${n} 个`, `${n} in all`)}
      empty={{
        title: t('没有下级区划', 'No sub-divisions'),
        hint: t('区划数据由系统管理员导入；如有缺漏请联系管理员。', 'Divisions are imported by the administrator; ask them if some are missing.'),
      }}
      columns={[
        {
          title: t('名称', 'Name'),
          dataIndex: 'name',
          render: (name: string, r) => (
            <Typography.Link onClick={() => onSelect(r.code)} data-testid={`child-${r.code}`}>
              {name}
            </Typography.Link>
          ),
        },
        { title: t('代码', 'Code'), dataIndex: 'code', width: 160, render: (c: string) => <Typography.Text copyable={{ text: c }}>{c}</Typography.Text> },
        {
          title: t('层级', 'Level'),
          dataIndex: 'level',
          width: 130,
          render: (l: RegionNode['level']) => (
            <Tag color={LEVEL_COLORS[l]} variant="filled">
              {tl(LEVEL_LABELS[l])}
            </Tag>
          ),
        },
        {
          title: t('下级', 'Below'),
          dataIndex: 'hasChildren',
          width: 90,
          render: (has: boolean) => (has ? t('有', 'Yes') : <Typography.Text type="secondary">{t('无', 'None')}</Typography.Text>),
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
      totalText={(n) => t(`共 ${n} 个网格`, `${n} grids`)}
      filters={
        <Input.Search
          key={`q-${q ?? ''}`}
          defaultValue={q}
          allowClear
          placeholder={t('按网格名称或编码筛选', 'Filter by grid name or code')}
          onSearch={(v) => list.setFilter({ q: v.trim() || undefined })}
          style={{ width: 320, maxWidth: '100%' }}
        />
      }
      empty={{
        title: q ? t('没有符合条件的网格', 'No grid matches') : t('该村（社区）还没有划分网格', 'This village has no grids yet'),
        hint: q ? t('清空筛选条件再试。', 'Clear the filter and try again.') : t('网格划分后会显示在这里；可请系统管理员导入网格数据。', 'Grids appear here once drawn; ask your administrator to import them.'),
      }}
      columns={[
        {
          title: t('网格', 'Grid'),
          dataIndex: 'name',
          render: (name: string, g) => (
            <Typography.Link onClick={() => onSelect(g.code)} data-testid={`grid-row-${g.code}`}>
              {name}
            </Typography.Link>
          ),
        },
        { title: t('编码', 'Code'), dataIndex: 'code', width: 170 },
        { title: t('类型', 'Kind'), dataIndex: 'kind', width: 110, render: (k: string) => tl(GRID_KIND_LABELS[k], k) },
        {
          title: t('网格员', 'Grid workers'),
          dataIndex: 'workers',
          render: (ws: Grid['workers']) =>
            ws.length ? <WorkerTags workers={ws} /> : <Typography.Text type="warning">{t('未配备', 'None assigned')}</Typography.Text>,
        },
        {
          title: t('操作', 'Actions'),
          key: 'actions',
          width: 80,
          render: (_: unknown, g) => (
            <Button type="link" size="small" onClick={() => onSelect(g.code)}>
              {t('查看', 'Open')}
            </Button>
          ),
        },
      ]}
    />
  );
}
