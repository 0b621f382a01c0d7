import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Flex, InputNumber, Popover, Row, Segmented, Skeleton, Space, Statistic, Tooltip, Typography } from 'antd';
import { InfoCircleOutlined, SettingOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useUser } from '../../app/auth';
import { EmptyHint, LoadError, PageHeader } from '../../app/components';
import { EChart, escapeHtml, type EChartsCoreOption } from '../../app/echarts';
import { ExportButton } from '../../app/ExportButton';
import { chinaToday, formatTime, shortRegion } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import { RegionPicker } from '../regions/RegionPicker';
import { percent, RATES, score, useMetrics, useTrend, type GroupBy, type MetricFigures, type MetricsQuery, type MetricsResult, type RateKey } from './metrics';

type PeriodMode = 'month' | 'range';
interface Weights {
  response: number;
  resolution: number;
  satisfaction: number;
}
const DEFAULT_WEIGHTS: Weights = { response: 0.1, resolution: 0.5, satisfaction: 0.4 };
const PRESETS: { label: string; w: Weights }[] = [
  { label: '0.1 / 0.5 / 0.4', w: DEFAULT_WEIGHTS },
  { label: '0.30 / 0.35 / 0.35', w: { response: 0.3, resolution: 0.35, satisfaction: 0.35 } },
];

/** 诉求统计: the assessment figures of docs/DOMAIN.md §11 for a period, area and grouping. */
export default function StatisticsPage() {
  const user = useUser();
  const { t } = useI18n();
  const [mode, setMode] = useState<PeriodMode>('month');
  const [month, setMonth] = useState<Dayjs>(() => chinaToday().startOf('month'));
  const [assessmentDay, setAssessmentDay] = useState(1);
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [chinaToday().startOf('year'), chinaToday()]);
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const [groupBy, setGroupBy] = useState<GroupBy>('region');
  const [weights, setWeights] = useState<Weights>(DEFAULT_WEIGHTS);
  const weightSum = Math.round((weights.response + weights.resolution + weights.satisfaction) * 1000) / 1000;
  const weightsValid = Math.abs(weightSum - 1) < 1e-6;
  const customWeights = weightsValid && (weights.response !== DEFAULT_WEIGHTS.response || weights.resolution !== DEFAULT_WEIGHTS.resolution || weights.satisfaction !== DEFAULT_WEIGHTS.satisfaction);

  const query: MetricsQuery = {
    groupBy,
    regionCode,
    ...(mode === 'month'
      ? { month: month.format('YYYY-MM'), assessmentDay: assessmentDay === 1 ? undefined : assessmentDay }
      : { from: range[0].startOf('day').toISOString(), to: range[1].endOf('day').toISOString() }),
    ...(customWeights ? { wResponse: weights.response, wResolution: weights.resolution, wSatisfaction: weights.satisfaction } : {}),
  };
  const metrics = useMetrics(query);
  const trend = useTrend(12, regionCode);
  const scope = regionCode ? undefined : user.regionCode === '' ? t('全部辖区', 'the whole installation') : shortRegion(user.regionName);

  const groupLabels: Record<Exclude<GroupBy, 'none'>, string> = {
    region: t('按区域', 'By area'),
    org: t('按承办单位', 'By organisation'),
    category: t('按类别', 'By category'),
    channel: t('按渠道', 'By channel'),
  };

  const weightEditor = (
    <Space orientation="vertical" style={{ width: 280 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('综合得分 = 响应率 × w₁ + 解决率 × w₂ + 满意率 × w₃，权重之和为 1。', 'Composite = response × w₁ + resolution × w₂ + satisfaction × w₃; the weights add up to 1.')}
      </Typography.Text>
      {(
        [
          ['response', t('响应率', 'Response')],
          ['resolution', t('解决率', 'Resolution')],
          ['satisfaction', t('满意率', 'Satisfaction')],
        ] as const
      ).map(([k, label]) => (
        <Flex key={k} justify="space-between" align="center">
          <span>{label}</span>
          <InputNumber min={0} max={1} step={0.05} precision={2} value={weights[k]} onChange={(v) => setWeights((w) => ({ ...w, [k]: v ?? 0 }))} />
        </Flex>
      ))}
      {!weightsValid && <Alert type="warning" showIcon title={t(`权重之和为 ${weightSum}，应为 1`, `The weights add up to ${weightSum}, not 1`)} />}
      <Flex gap={8} wrap>
        {PRESETS.map((p) => (
          <Button key={p.label} size="small" onClick={() => setWeights(p.w)}>
            {p.label}
          </Button>
        ))}
      </Flex>
    </Space>
  );

  return (
    <>
      <PageHeader
        title={t('诉求统计', 'Appeal statistics')}
        subtitle={t(
          `${scope ?? ''}受理量、办结率、按期办结率、响应率、解决率、满意率、综合得分、就地解决率、返工率和平均办理时长。`,
          `Accepted, closure, on-time, response, resolution, satisfaction, composite, on-the-spot, rework and handling time${scope ? ` for ${scope}` : ''}.`,
        )}
        extra={
          metrics.data && (
            <ExportButton<MetricsResult['groups'][number]>
              filename={`appeal-metrics-${groupBy}.csv`}
              fetchPage={async () => ({ items: metrics.data!.groups, total: metrics.data!.groups.length, page: 1, pageSize: metrics.data!.groups.length || 1 })}
              columns={[
                { title: groupLabels[groupBy as Exclude<GroupBy, 'none'>] ?? '', value: (g) => g.name },
                { title: t('受理量', 'Accepted'), value: (g) => g.accepted },
                { title: t('应办结', 'Due'), value: (g) => g.due },
                { title: t('办结', 'Handled'), value: (g) => g.handled },
                ...RATES.map((r) => ({ title: t(r.label.zh, r.label.en), value: (g: MetricFigures) => (r.key === 'compositeScore' ? score(g[r.key]) : percent(g[r.key])) })),
                { title: t('平均办理时长（工作小时）', 'Average handling (working hours)'), value: (g) => g.avgHandlingHours ?? '' },
              ]}
            />
          )
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap align="center">
          <Segmented<PeriodMode>
            value={mode}
            onChange={setMode}
            options={[
              { value: 'month', label: t('考核月', 'Month') },
              { value: 'range', label: t('自定义区间', 'Period') },
            ]}
          />
          {mode === 'month' ? (
            <>
              <DatePicker picker="month" value={month} onChange={(d) => d && setMonth(d)} allowClear={false} data-testid="stats-month" />
              <Tooltip title={t('有的地方考核月从 19 日到次月 18 日', 'Some places run the month from the 19th to the 18th')}>
                <Space size={4}>
                  <Typography.Text type="secondary">{t('起始日', 'Starts on day')}</Typography.Text>
                  <InputNumber min={1} max={28} value={assessmentDay} onChange={(v) => setAssessmentDay(v ?? 1)} style={{ width: 64 }} />
                </Space>
              </Tooltip>
            </>
          ) : (
            <DatePicker.RangePicker value={range} onChange={(r) => r?.[0] && r[1] && setRange([r[0], r[1]])} allowClear={false} />
          )}
          <RegionPicker value={regionCode} onChange={setRegionCode} placeholder={t('我的全部辖区', 'All my area')} style={{ width: 220 }} />
          <Segmented<Exclude<GroupBy, 'none'>>
            value={groupBy as Exclude<GroupBy, 'none'>}
            onChange={setGroupBy}
            options={(Object.keys(groupLabels) as Exclude<GroupBy, 'none'>[]).map((g) => ({ value: g, label: groupLabels[g] }))}
            data-testid="stats-group-by"
          />
          <Popover content={weightEditor} title={t('综合得分权重', 'Composite weights')} trigger="click" placement="bottomRight">
            <Button icon={<SettingOutlined />}>
              {t('权重', 'Weights')} {weights.response}/{weights.resolution}/{weights.satisfaction}
            </Button>
          </Popover>
        </Flex>
        {metrics.data && (
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>
            {t('统计区间', 'Period')}：{formatTime(metrics.data.period.from)} — {formatTime(metrics.data.period.to)}（{t('不含结束时刻', 'end excluded')}）
          </Typography.Text>
        )}
      </Card>
      {metrics.isError && <LoadError error={metrics.error} onRetry={() => void metrics.refetch()} />}
      {metrics.isPending ? <Skeleton active paragraph={{ rows: 10 }} /> : metrics.data && <MetricsBody data={metrics.data} groupLabel={groupLabels[groupBy as Exclude<GroupBy, 'none'>]} />}
      <Card size="small" title={t('近 12 个月受理与办结', 'Accepted and handled, last 12 months')} style={{ marginTop: 16 }}>
        {trend.isError ? <LoadError error={trend.error} onRetry={() => void trend.refetch()} /> : <TrendChart points={trend.data ?? []} />}
      </Card>
    </>
  );
}

function MetricsBody({ data, groupLabel }: { data: MetricsResult; groupLabel: string }) {
  const { t } = useI18n();
  const f = data.totals;
  const cards: { key: string; title: string; value: string; tip: string; color?: string }[] = [
    { key: 'accepted', title: t('受理量', 'Accepted'), value: String(f.accepted), tip: t('统计区间内受理的诉求（不含并案）', 'Appeals accepted in the period (merged ones excluded)') },
    ...RATES.map((r) => ({
      key: r.key,
      title: t(r.label.zh, r.label.en),
      value: r.key === 'compositeScore' ? score(f[r.key]) : percent(f[r.key]),
      tip: t(r.formula(f).zh, r.formula(f).en),
      color: r.key === 'compositeScore' ? '#c8161d' : undefined,
    })),
    {
      key: 'avgHandlingHours',
      title: t('平均办理时长', 'Average handling time'),
      value: f.avgHandlingHours === null ? '—' : t(`${f.avgHandlingHours} 工作小时`, `${f.avgHandlingHours} working h`),
      tip: t(`从受理到办结的工作时间，${f.handlingCount} 件平均`, `Working time from acceptance to handling, mean of ${f.handlingCount}`),
    },
  ];
  return (
    <>
      <Row gutter={[12, 12]}>
        {cards.map((c) => (
          <Col key={c.key} xs={12} md={8} xl={4} flex="1 1 160px">
            <Card size="small" data-testid={`metric-${c.key}`}>
              <Statistic
                title={
                  <Tooltip title={c.tip}>
                    <span>
                      {c.title} <InfoCircleOutlined style={{ fontSize: 12, color: '#8c8c8c' }} />
                    </span>
                  </Tooltip>
                }
                value={c.value}
                styles={{ content: { color: c.color, fontSize: 22 } }}
              />
            </Card>
          </Col>
        ))}
      </Row>
      {f.accepted === 0 && f.closed === 0 && f.evaluations === 0 ? (
        <Card size="small" style={{ marginTop: 16 }}>
          <EmptyHint
            title={t('这个区间没有受理的诉求', 'No appeal was accepted in this period')}
            hint={t('换一个月份或区域；诉求受理后才计入统计。', 'Choose another month or area; appeals count once accepted.')}
          />
        </Card>
      ) : (
        <GroupCharts data={data} groupLabel={groupLabel} />
      )}
    </>
  );
}

function GroupCharts({ data, groupLabel }: { data: MetricsResult; groupLabel: string }) {
  const { t } = useI18n();
  const groups = data.groups;
  // The charts show the 15 largest groups; the table below has them all.
  const top = useMemo(() => groups.slice(0, 15), [groups]);
  const names = useMemo(() => top.map((g) => shortRegion(g.name)), [top]);
  const volume = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => escapeHtml(String(v)) },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: names.map(escapeHtml), axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('受理', 'Accepted'), type: 'bar', barMaxWidth: 36, data: top.map((g) => g.accepted), itemStyle: { color: '#1d4ed8' } },
        { name: t('办结', 'Handled'), type: 'bar', barMaxWidth: 36, data: top.map((g) => g.handled), itemStyle: { color: '#389e0d' } },
        { name: t('就地解决', 'On the spot'), type: 'bar', barMaxWidth: 36, data: top.map((g) => g.onSpot), itemStyle: { color: '#fa8c16' } },
      ],
    }),
    [top, names, t],
  );
  const shown: RateKey[] = ['closureRate', 'onTimeRate', 'satisfactionRate', 'compositeScore'];
  const colors = ['#1d4ed8', '#13c2c2', '#52c41a', '#c8161d'];
  const rates = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}` : '—') },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: names.map(escapeHtml), axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}' } },
      series: shown.map((k, i) => {
        const r = RATES.find((x) => x.key === k)!;
        return { name: t(r.label.zh, r.label.en), type: 'bar', barMaxWidth: 36, data: top.map((g) => (g[k] === null ? null : Math.round(g[k]! * 1000) / 10)), itemStyle: { color: colors[i] } };
      }),
    }),
    [top, names, t],
  );
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <Card size="small" title={`${groupLabel} · ${t('受理与办结', 'Accepted and handled')}`}>
            <EChart option={volume} style={{ height: 320 }} testId="stats-volume-chart" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={`${groupLabel} · ${t('考核指标（%，综合得分为百分制）', 'Rates (%; composite out of 100)')}`}>
            <EChart option={rates} style={{ height: 320 }} testId="stats-rates-chart" />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={`${groupLabel} · ${t('排名', 'Ranking')}`} style={{ marginTop: 16 }}>
        <ListPage<MetricsResult['groups'][number], object>
          listId="statistics"
          rowKey="key"
          size="small"
          data={{ items: groups, loading: false }}
          scroll={{ x: 1400 }}
          testId="stats-table"
          empty={{
            title: t('这个区间没有受理的诉求', 'No appeal was accepted in this period'),
            hint: t('换一个月份或区域；诉求受理后才计入统计。', 'Choose another month or area; appeals count once accepted.'),
          }}
          columns={[
            { title: groupLabel, dataIndex: 'name', fixed: 'left', width: 180, render: (n: string) => <Tooltip title={n}>{shortRegion(n)}</Tooltip> },
            { title: t('受理量', 'Accepted'), dataIndex: 'accepted', width: 80, align: 'right', sorter: (a, b) => a.accepted - b.accepted, defaultSortOrder: 'descend' },
            ...RATES.map((r) => ({
              title: t(r.label.zh, r.label.en),
              dataIndex: r.key,
              width: 100,
              align: 'right' as const,
              sorter: (a: MetricFigures, b: MetricFigures) => (a[r.key] ?? -1) - (b[r.key] ?? -1),
              render: (v: number | null, g: MetricFigures) => <Tooltip title={t(r.formula(g).zh, r.formula(g).en)}>{r.key === 'compositeScore' ? score(v) : percent(v)}</Tooltip>,
            })),
            {
              title: t('平均办理（工作小时）', 'Avg handling (working h)'),
              dataIndex: 'avgHandlingHours',
              width: 130,
              align: 'right',
              sorter: (a, b) => (a.avgHandlingHours ?? -1) - (b.avgHandlingHours ?? -1),
              render: (v: number | null) => v ?? '—',
            },
          ]}
        />
      </Card>
    </>
  );
}

function TrendChart({ points }: { points: { month: string; accepted: number; handled: number; onSpot: number }[] }) {
  const { t } = useI18n();
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: points.map((p) => p.month) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('受理', 'Accepted'), type: 'bar', barMaxWidth: 36, data: points.map((p) => p.accepted), itemStyle: { color: '#1d4ed8' } },
        { name: t('办结', 'Handled'), type: 'bar', barMaxWidth: 36, data: points.map((p) => p.handled), itemStyle: { color: '#389e0d' } },
        { name: t('其中就地解决', 'Of which on the spot'), type: 'bar', barMaxWidth: 36, data: points.map((p) => p.onSpot), itemStyle: { color: '#fa8c16' } },
      ],
    }),
    [points, t],
  );
  return <EChart option={option} style={{ height: 280 }} testId="stats-trend-chart" />;
}
