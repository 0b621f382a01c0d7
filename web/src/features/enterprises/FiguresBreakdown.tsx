import { useState } from 'react';
import { Segmented, Space, Table } from 'antd';
import { EChart, type EChartsCoreOption } from '../../app/echarts';
import { useI18n } from '../../app/i18n';
import type { EnterpriseBreakdownRow } from '../../app/contract';
import { useBreakdown, type BreakdownDimension } from './api';

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);
const num = (x: number | null) => (x === null ? '—' : String(x));

/**
 * The period's enterprise figures by commissioner, department or park: counts, response and closure
 * times, satisfaction (满意率), as a chart and a table (the ledger's Excel has the same sheets).
 */
export function FiguresBreakdown({ from, to }: { from: string; to: string }) {
  const { t } = useI18n();
  const [dimension, setDimension] = useState<Exclude<BreakdownDimension, 'firm'>>('park');
  const q = useBreakdown(dimension, { from, to });
  const items = q.data?.items ?? [];
  const top = items.slice(0, 15);
  const option: EChartsCoreOption = {
    tooltip: { trigger: 'axis' },
    legend: { data: [t('enterprises:accepted'), t('enterprises:closed-4'), t('enterprises:satisfaction')] },
    grid: { left: 50, right: 50, top: 40, bottom: 70 },
    xAxis: { type: 'category', data: top.map((r) => r.name), axisLabel: { interval: 0, rotate: top.length > 5 ? 30 : 0 } },
    yAxis: [{ type: 'value' }, { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }],
    series: [
      { name: t('enterprises:accepted'), type: 'bar', data: top.map((r) => r.accepted) },
      { name: t('enterprises:closed-4'), type: 'bar', data: top.map((r) => r.closed) },
      { name: t('enterprises:satisfaction'), type: 'line', yAxisIndex: 1, data: top.map((r) => (r.satisfactionRate === null ? null : Math.round(r.satisfactionRate * 1000) / 10)) },
    ],
  };
  const nameTitle = { commissioner: t('enterprises:commissioner'), department: t('enterprises:department-2'), park: t('enterprises:park') }[dimension];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Segmented
        data-testid="enterprise-breakdown-dimension"
        value={dimension}
        onChange={(v) => setDimension(v as typeof dimension)}
        options={[
          { value: 'park', label: t('enterprises:by-park') },
          { value: 'commissioner', label: t('enterprises:by-commissioner') },
          { value: 'department', label: t('enterprises:by-department') },
        ]}
      />
      {items.length > 0 && <EChart option={option} style={{ height: 320 }} testId={`enterprise-breakdown-chart-${dimension}`} />}
      <Table<EnterpriseBreakdownRow>
        size="small"
        rowKey="key"
        loading={q.isFetching}
        dataSource={items}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        data-testid="enterprise-breakdown-table"
        locale={{ emptyText: t('enterprises:no-enterprise-appeals-in-this-period-try-another') }}
        columns={[
          { title: nameTitle, dataIndex: 'name' },
          { title: t('enterprises:accepted'), dataIndex: 'accepted', width: 70 },
          { title: t('enterprises:closed-4'), dataIndex: 'closed', width: 70 },
          { title: t('enterprises:withdrawn-2'), dataIndex: 'withdrawn', width: 70 },
          { title: t('enterprises:responded-on-time'), dataIndex: 'responseRate', width: 110, render: pct },
          { title: t('enterprises:mean-response-min'), dataIndex: 'avgResponseMinutes', width: 130, render: num },
          { title: t('enterprises:mean-closure-h'), dataIndex: 'avgClosureHours', width: 130, render: num },
          { title: t('enterprises:evaluations'), dataIndex: 'evaluations', width: 90 },
          { title: t('enterprises:satisfaction'), dataIndex: 'satisfactionRate', width: 90, render: pct },
          ...(dimension === 'department' ? [] : [{ title: t('enterprises:visits-4'), dataIndex: 'visits', width: 70, render: num }]),
        ]}
      />
    </Space>
  );
}
