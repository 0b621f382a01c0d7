import { useState } from 'react';
import { Card, Flex, Switch, Table, Tag, Typography } from 'antd';
import { EmptyHint, LoadError } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { useWorkers, type Scope } from './api';
import type { WorkerRow } from '../../app/contract';

const UNDER_QUOTA_BG = '#fff1f0';

/** 网格员走访: each grid worker's visits in the period against the daily quota; those under it highlighted. */
export function WorkersTab({ scope }: { scope: Scope }) {
  const { t } = useI18n();
  const [underQuota, setUnderQuota] = useState(false);
  const report = useWorkers(scope, underQuota);
  const data = report.data;
  const under = data?.rows.filter((r) => r.underQuota).length ?? 0;
  // Every cell of a row under quota is tinted, so the highlight survives fixed columns and hover.
  const tint = (r: WorkerRow) => ({ style: r.underQuota ? { background: UNDER_QUOTA_BG } : {} });
  return (
    <Card size="small">
      <Flex gap={16} align="center" wrap style={{ marginBottom: 12 }}>
        <Flex gap={6} align="center">
          <Switch checked={underQuota} onChange={setUnderQuota} data-testid="visits-workers-under-quota" />
          <span>{t('visits:under-quota-only')}</span>
        </Flex>
        {data && (
          <Typography.Text type="secondary">
            {underQuota
              ? t('visits:rowscount-grid-workers-under-quota-daily-quota', { rowsCount: data.rows.length, quota: data.quota, from: data.from, to: data.to, workingDays: data.workingDays, value: data.workingDays === 1 ? '' : 's' })
              : t('visits:rowscount-grid-workers-under-under-quota-daily', { rowsCount: data.rows.length, under, quota: data.quota, from: data.from, to: data.to, workingDays: data.workingDays, value: data.workingDays === 1 ? '' : 's' })}
          </Typography.Text>
        )}
      </Flex>
      {report.isError ? (
        <LoadError error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <Table<WorkerRow>
          rowKey="userId"
          size="small"
          loading={report.isFetching}
          dataSource={data?.rows}
          pagination={(data?.rows.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: true } : false}
          data-testid="visits-workers-table"
          locale={{
            emptyText: underQuota ? (
              <EmptyHint title={t('visits:no-grid-worker-is-under-quota')} hint={t('visits:turn-off-under-quota-only-to-see-everyone')} />
            ) : (
              <EmptyHint
                title={t('visits:no-grid-worker-in-this-area')}
                hint={t('visits:create-grid-worker-accounts-and-assign-their')}
              />
            ),
          }}
          columns={[
            { title: t('visits:grid-worker'), dataIndex: 'name', width: 140, onCell: tint, sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
            {
              title: t('visits:grids'),
              dataIndex: 'grids',
              onCell: tint,
              render: (gs: string[], row) => (gs.length ? gs.map((g, i) => <Tag key={g} title={g}>{row.gridNames[i] ?? g}</Tag>) : '—'),
            },
            { title: t('visits:visits'), dataIndex: 'visits', width: 100, align: 'right', onCell: tint, sorter: (a, b) => a.visits - b.visits },
            {
              title: t('visits:per-day'),
              dataIndex: 'perDay',
              width: 110,
              align: 'right',
              onCell: tint,
              sorter: (a, b) => (a.perDay ?? -1) - (b.perDay ?? -1),
              defaultSortOrder: 'ascend',
              render: (v: number | null, r) => (v === null ? '—' : <Typography.Text type={r.underQuota ? 'danger' : undefined}>{v.toFixed(1)}</Typography.Text>),
            },
            {
              title: t('visits:days-under-quota'),
              dataIndex: 'daysUnderQuota',
              width: 130,
              align: 'right',
              onCell: tint,
              sorter: (a, b) => a.daysUnderQuota - b.daysUnderQuota,
              render: (v: number) => (data ? `${v} / ${data.workingDays}` : v),
            },
            {
              title: t('visits:quota-2'),
              dataIndex: 'underQuota',
              width: 100,
              onCell: tint,
              render: (u: boolean) => (u ? <Tag color="red">{t('visits:under')}</Tag> : <Tag color="green">{t('visits:met')}</Tag>),
            },
          ]}
        />
      )}
    </Card>
  );
}
