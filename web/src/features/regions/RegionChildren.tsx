import { useState } from 'react';
import { Button, Input, Space, Table, Tag, Typography } from 'antd';
import { EmptyHint, LoadError } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { GRID_KIND_LABELS, GRID_WORKER_KIND_LABELS, LEVEL_COLORS, LEVEL_LABELS } from '../../app/labels';
import type { Grid, GridWorkerKind, RegionNode } from '../../app/contract';
import { useGrids, useRegionChildren } from './api';

/** The sub-divisions of a division (the API answers the whole list; it is paged here). */
export function ChildrenTable({ code, onSelect }: { code: string; onSelect: (code: string) => void }) {
  const { t, tl } = useI18n();
  const children = useRegionChildren(code);
  if (children.isError) return <LoadError error={children.error} onRetry={() => void children.refetch()} />;
  return (
    <Table<RegionNode>
      size="small"
      rowKey="code"
      loading={children.isPending}
      dataSource={children.data ?? []}
      pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true, showTotal: (n) => t(`共 ${n} 个`, `${n} in all`) }}
      locale={{
        emptyText: (
          <EmptyHint
            title={t('没有下级区划', 'No sub-divisions')}
            hint={t('区划数据由系统管理员导入；如有缺漏请联系管理员。', 'Divisions are imported by the administrator; ask them if some are missing.')}
          />
        ),
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
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const grids = useGrids({ within, q: q || undefined, page, pageSize });

  return (
    <>
      <Input.Search
        allowClear
        placeholder={t('按网格名称或编码筛选', 'Filter by grid name or code')}
        onSearch={(v) => {
          setQ(v.trim());
          setPage(1);
        }}
        style={{ maxWidth: 320, marginBottom: 12 }}
      />
      {grids.isError && <LoadError error={grids.error} onRetry={() => void grids.refetch()} />}
      <Table<Grid>
        size="small"
        rowKey="code"
        loading={grids.isFetching}
        dataSource={grids.data?.items ?? []}
        data-testid="grids-table"
        pagination={{
          current: page,
          pageSize,
          total: grids.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50],
          showTotal: (n) => t(`共 ${n} 个网格`, `${n} grids`),
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
        locale={{
          emptyText: (
            <EmptyHint
              title={q ? t('没有符合条件的网格', 'No grid matches') : t('该村（社区）还没有划分网格', 'This village has no grids yet')}
              hint={q ? t('清空筛选条件再试。', 'Clear the filter and try again.') : t('网格划分后会显示在这里；可请系统管理员导入网格数据。', 'Grids appear here once drawn; ask your administrator to import them.')}
            />
          ),
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
    </>
  );
}
