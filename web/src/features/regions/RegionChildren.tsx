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
      pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true, showTotal: (n) => t('regions:n-in-all', { n }) }}
      locale={{
        emptyText: (
          <EmptyHint
            title={t('regions:no-sub-divisions')}
            hint={t('regions:divisions-are-imported-by-the-administrator-ask')}
          />
        ),
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
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const grids = useGrids({ within, q: q || undefined, page, pageSize });

  return (
    <>
      <Input.Search
        allowClear
        placeholder={t('regions:filter-by-grid-name-or-code')}
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
          showTotal: (n) => t('regions:n-grids', { n }),
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
        locale={{
          emptyText: (
            <EmptyHint
              title={q ? t('regions:no-grid-matches') : t('regions:this-village-has-no-grids-yet')}
              hint={q ? t('regions:clear-the-filter-and-try-again') : t('regions:grids-appear-here-once-drawn-ask-your')}
            />
          ),
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
    </>
  );
}
