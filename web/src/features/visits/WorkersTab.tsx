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
              <span>{t('只看未达标', 'Under quota only')}</span>
            </Flex>
            {data && (
              <Typography.Text type="secondary">
                {t(
                  `${data.rows.length} 名网格员${underQuota ? '未达标' : `，其中 ${under} 名未达标`} · 每日任务 ${data.quota} 户 · ${data.from} 至 ${data.to} 共 ${data.workingDays} 个工作日 · 日均低于任务即为未达标`,
                  `${data.rows.length} grid workers${underQuota ? ' under quota' : `, ${under} under quota`} · daily quota ${data.quota} · ${data.workingDays} working day${data.workingDays === 1 ? '' : 's'} from ${data.from} to ${data.to} · under quota when the daily mean is below it`,
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
            ? { title: t('没有未达标的网格员', 'No grid worker is under quota'), hint: t('关闭“只看未达标”查看全部', 'Turn off “Under quota only” to see everyone') }
            : {
                title: t('所选区域没有网格员', 'No grid worker in this area'),
                hint: t('在“账号管理”中创建网格员账号并分配网格', 'Create grid worker accounts and assign their grids in Accounts'),
              }
        }
        columns={[
          { title: t('网格员', 'Grid worker'), dataIndex: 'name', width: 140, onCell: tint, sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
          {
            title: t('网格', 'Grids'),
            dataIndex: 'grids',
            onCell: tint,
            render: (gs: string[], row) => (gs.length ? gs.map((g, i) => <Tag key={g} title={g}>{row.gridNames[i] ?? g}</Tag>) : '—'),
          },
          { title: t('走访次数', 'Visits'), dataIndex: 'visits', width: 100, align: 'right', onCell: tint, sorter: (a, b) => a.visits - b.visits },
          {
            title: t('日均走访', 'Per day'),
            dataIndex: 'perDay',
            width: 110,
            align: 'right',
            onCell: tint,
            sorter: (a, b) => (a.perDay ?? -1) - (b.perDay ?? -1),
            defaultSortOrder: 'ascend',
            render: (v: number | null, r) => (v === null ? '—' : <Typography.Text type={r.underQuota ? 'danger' : undefined}>{v.toFixed(1)}</Typography.Text>),
          },
          {
            title: t('未达标天数', 'Days under quota'),
            dataIndex: 'daysUnderQuota',
            width: 130,
            align: 'right',
            onCell: tint,
            sorter: (a, b) => a.daysUnderQuota - b.daysUnderQuota,
            render: (v: number) => (data ? `${v} / ${data.workingDays}` : v),
          },
          {
            title: t('达标', 'Quota'),
            dataIndex: 'underQuota',
            width: 100,
            onCell: tint,
            render: (u: boolean) => (u ? <Tag color="red">{t('未达标', 'Under')}</Tag> : <Tag color="green">{t('达标', 'Met')}</Tag>),
          },
        ]}
      />
    </Card>
  );
}
