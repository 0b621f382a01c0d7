import { useState } from 'react';
import { Card, Flex, Switch, Tag, Typography } from 'antd';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
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
      <ListPage<WorkerRow, object>
        listId="visits-workers"
        savedFilters={false}
        filters={
          <>
            <Flex gap={6} align="center">
              <Switch checked={underQuota} onChange={setUnderQuota} data-testid="visits-workers-under-quota" />
              <span>{t('visits:under-quota-only')}</span>
            </Flex>
            {data && (
              <Typography.Text type="secondary">
                {t('visits:rowscount-grid-workers-value2-daily-quota-quota', { rowsCount: data.rows.length, value: underQuota ? '未达标' : `，其中 ${under} 名未达标`, quota: data.quota, from: data.from, to: data.to, workingDays: data.workingDays, value2: underQuota ? ' under quota' : `, ${under} under quota`, value3: data.workingDays === 1 ? '' : 's' })}
                {data.inProgressDay && (
                  <span data-testid="visits-workers-in-progress">{t('visits:today-is-in-progress-a-day-counts-toward-the')}</span>
                )}
              </Typography.Text>
            )}
          </>
        }
        rowKey="userId"
        size="small"
        data={{ items: data?.rows, loading: report.isFetching, error: report.isError ? report.error : undefined, retry: () => void report.refetch() }}
        sizeChanger
        testId="visits-workers-table"
        empty={
          underQuota
            ? { title: t('visits:no-grid-worker-is-under-quota'), hint: t('visits:turn-off-under-quota-only-to-see-everyone') }
            : {
                title: t('visits:no-grid-worker-in-this-area'),
                hint: t('visits:create-grid-worker-accounts-and-assign-their'),
              }
        }
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
          ...(data?.inProgressDay
            ? [
                {
                  title: t('visits:today-in-progress'),
                  dataIndex: 'todayVisits',
                  width: 130,
                  align: 'right' as const,
                  onCell: tint,
                  render: (v: number | null) => (v === null ? '—' : <span data-testid="visits-worker-today">{`${v} / ${data.quota}`}</span>),
                },
              ]
            : []),
          {
            title: t('visits:quota-2'),
            dataIndex: 'underQuota',
            width: 100,
            onCell: tint,
            // No day over yet (the period is today): neither under nor met, in progress.
            render: (u: boolean) =>
              data && data.workingDays === 0 ? <Tag color="blue">{t('visits:in-progress')}</Tag> : u ? <Tag color="red">{t('visits:under')}</Tag> : <Tag color="green">{t('visits:met')}</Tag>,
          },
        ]}
      />
    </Card>
  );
}
