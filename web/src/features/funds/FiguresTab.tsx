import { useMemo } from 'react';
import { Card, Col, Row, Statistic, Table } from 'antd';
import { LoadError } from '../../app/components';
import { EChart, type EChartsCoreOption } from '../../app/echarts';
import { useI18n } from '../../app/i18n';
import type { FundFigures } from '../../app/contract';
import { useFundFigures, yuan } from './api';
import { CATEGORY_LABELS, PROJECT_STATUS_LABELS, SOURCE_LABELS } from './labels';

type PerFund = FundFigures['perFund'][number];
type PerPlace = FundFigures['perPlace'][number];

/** Projects by state and category, days from whistle to acceptance, households benefiting, money budgeted / committed / spent per fund and place. */
export function FiguresTab() {
  const { t, tl } = useI18n();
  const figures = useFundFigures();
  const f = figures.data;

  const byStatus = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: (f?.byStatus ?? []).map((s) => tl(PROJECT_STATUS_LABELS[s.status], s.name)), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', barMaxWidth: 28, data: (f?.byStatus ?? []).map((s) => s.n), itemStyle: { color: '#1d4ed8' } }],
    }),
    [f, tl],
  );
  const byCategory = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: (f?.byCategory ?? []).map((c) => tl(CATEGORY_LABELS[c.category], c.name)), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', name: t('funds:10k-yuan') },
      series: [
        { name: t('funds:approved'), type: 'bar', data: (f?.byCategory ?? []).map((c) => c.approvedFen / 1_000_000) },
        { name: t('funds:paid'), type: 'bar', data: (f?.byCategory ?? []).map((c) => c.paidFen / 1_000_000) },
      ],
    }),
    [f, t, tl],
  );
  const perFund = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      yAxis: { type: 'category', inverse: true, data: (f?.perFund ?? []).map((x) => x.name), axisLabel: { width: 200, overflow: 'truncate' } },
      xAxis: { type: 'value', name: t('funds:10k-yuan') },
      series: [
        { name: t('funds:budgeted'), type: 'bar', data: (f?.perFund ?? []).map((x) => x.budgetedFen / 1_000_000) },
        { name: t('funds:committed'), type: 'bar', data: (f?.perFund ?? []).map((x) => x.committedFen / 1_000_000) },
        { name: t('funds:spent'), type: 'bar', data: (f?.perFund ?? []).map((x) => x.spentFen / 1_000_000) },
      ],
    }),
    [f, t],
  );

  const perPlace = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      yAxis: { type: 'category', inverse: true, data: (f?.perPlace ?? []).map((x) => x.regionName), axisLabel: { width: 200, overflow: 'truncate' } },
      xAxis: [
        { type: 'value', name: t('funds:10k-yuan') },
        { type: 'value', name: t('funds:households-3'), minInterval: 1 },
      ],
      series: [
        { name: t('funds:committed'), type: 'bar', data: (f?.perPlace ?? []).map((x) => x.committedFen / 1_000_000) },
        { name: t('funds:spent'), type: 'bar', data: (f?.perPlace ?? []).map((x) => x.spentFen / 1_000_000) },
        { name: t('funds:households-benefiting'), type: 'bar', xAxisIndex: 1, data: (f?.perPlace ?? []).map((x) => x.households), itemStyle: { color: '#16a34a' } },
      ],
    }),
    [f, t],
  );

  if (figures.error) return <LoadError error={figures.error} onRetry={() => void figures.refetch()} />;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={8}>
        <Card>
          <Statistic title={t('funds:projects')} value={f?.byStatus.reduce((n, s) => n + s.n, 0) ?? 0} />
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card>
          <Statistic title={t('funds:households-benefiting-accepted')} value={f?.households ?? 0} />
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card>
          <Statistic title={t('funds:average-days-from-whistle-to-acceptance')} value={f?.averageDaysFromWhistle ?? '—'} data-testid="figures-average-days" />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('funds:projects-by-state')}>
          <EChart option={byStatus} style={{ height: 260 }} testId="chart-by-status" />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('funds:approved-and-spent-by-category')}>
          <EChart option={byCategory} style={{ height: 260 }} />
        </Card>
      </Col>
      <Col xs={24}>
        <Card title={t('funds:budgeted-committed-and-spent-per-fund')}>
          <EChart option={perFund} style={{ height: Math.max(200, (f?.perFund.length ?? 0) * 48 + 60) }} />
          <Table<PerFund>
            rowKey="fundId"
            size="small"
            pagination={false}
            dataSource={f?.perFund ?? []}
            columns={[
              { title: t('funds:fund'), dataIndex: 'name' },
              { title: t('funds:budgeted-yuan'), key: 'b', align: 'right', render: (_, x) => yuan(x.budgetedFen) },
              { title: t('funds:committed-yuan'), key: 'c', align: 'right', render: (_, x) => yuan(x.committedFen) },
              { title: t('funds:spent-yuan'), key: 's', align: 'right', render: (_, x) => yuan(x.spentFen) },
              { title: t('funds:balance-yuan'), key: 'bal', align: 'right', render: (_, x) => yuan(x.balanceFen) },
              { title: t('funds:households-benefiting'), dataIndex: 'households', align: 'right' },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24}>
        <Card title={t('funds:per-place-households-benefiting-committed-and')}>
          <EChart option={perPlace} style={{ height: Math.max(200, (f?.perPlace.length ?? 0) * 48 + 60) }} testId="chart-per-place" />
          <Table<PerPlace>
            rowKey="regionCode"
            size="small"
            pagination={{ pageSize: 20 }}
            dataSource={f?.perPlace ?? []}
            data-testid="figures-per-place"
            columns={[
              { title: t('funds:place'), dataIndex: 'regionName' },
              { title: t('funds:projects'), dataIndex: 'projects', align: 'right' },
              { title: t('funds:households-benefiting'), dataIndex: 'households', align: 'right' },
              { title: t('funds:committed-yuan'), key: 'c', align: 'right', render: (_, x) => yuan(x.committedFen) },
              { title: t('funds:spent-yuan'), key: 's', align: 'right', render: (_, x) => yuan(x.spentFen) },
              { title: t('funds:average-days-from-whistle-to-acceptance-2'), key: 'd', align: 'right', render: (_, x) => x.averageDays ?? '—' },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24}>
        <Card title={t('funds:from-whistle-to-acceptance')}>
          <Table
            rowKey="id"
            size="small"
            pagination={{ pageSize: 10 }}
            dataSource={f?.toAcceptance ?? []}
            columns={[
              { title: t('funds:project'), dataIndex: 'title' },
              { title: t('funds:source'), key: 'src', render: (_, x) => `${tl(SOURCE_LABELS[x.sourceKind])}${x.sourceLabel ? ` ${x.sourceLabel}` : ''}` },
              { title: t('funds:days'), dataIndex: 'days', align: 'right' },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
