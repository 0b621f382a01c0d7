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

/** The start of that calendar day in China, as an instant. */
function chinaMidnight(day: Dayjs): string {
  return new Date(`${day.format('YYYY-MM-DD')}T00:00:00+08:00`).toISOString();
}

/** 诉求统计: the assessment figures of docs/DOMAIN.md §11 for a period, area and grouping. */
/** The rates the comparison chart shows, and their colours. */
const SHOWN_RATES: RateKey[] = ['closureRate', 'onTimeRate', 'satisfactionRate', 'compositeScore'];
const RATE_COLORS = ['#1d4ed8', '#13c2c2', '#52c41a', '#c8161d'];

export default function StatisticsPage() {
  const user = useUser();
  const { t, tl } = useI18n();
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
      : // Whole China days, whatever the browser's zone: from the first day's midnight in China to the midnight after the last.
        { from: chinaMidnight(range[0]), to: chinaMidnight(range[1].add(1, 'day')) }),
    ...(customWeights ? { wResponse: weights.response, wResolution: weights.resolution, wSatisfaction: weights.satisfaction } : {}),
  };
  const metrics = useMetrics(query);
  const trend = useTrend(12, regionCode);
  const scope = regionCode ? undefined : user.regionCode === '' ? t('appeals:the-whole-installation') : shortRegion(user.regionName);

  const groupLabels: Record<Exclude<GroupBy, 'none'>, string> = {
    region: t('appeals:by-area'),
    org: t('appeals:by-organisation'),
    category: t('appeals:by-category'),
    channel: t('appeals:by-channel'),
  };

  const weightEditor = (
    <Space orientation="vertical" style={{ width: 280 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('appeals:composite-response-w-resolution-w-satisfaction-w')}
      </Typography.Text>
      {(
        [
          ['response', t('appeals:response')],
          ['resolution', t('appeals:resolution')],
          ['satisfaction', t('appeals:satisfaction')],
        ] as const
      ).map(([k, label]) => (
        <Flex key={k} justify="space-between" align="center">
          <span>{label}</span>
          <InputNumber min={0} max={1} step={0.05} precision={2} value={weights[k]} onChange={(v) => setWeights((w) => ({ ...w, [k]: v ?? 0 }))} />
        </Flex>
      ))}
      {!weightsValid && <Alert type="warning" showIcon title={t('appeals:the-weights-add-up-to-weightsum-not-1', { weightSum })} />}
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
        title={t('common:appeal-statistics')}
        subtitle={t('appeals:accepted-closure-on-time-response-resolution', { scope: scope ?? '', value: scope ? ` for ${scope}` : '' })}
        extra={
          metrics.data && (
            <ExportButton<MetricsResult['groups'][number]>
              filename={`appeal-metrics-${groupBy}.csv`}
              fetchPage={async () => ({ items: metrics.data!.groups, total: metrics.data!.groups.length, page: 1, pageSize: metrics.data!.groups.length || 1 })}
              columns={[
                { title: groupLabels[groupBy as Exclude<GroupBy, 'none'>] ?? '', value: (g) => g.name },
                { title: t('appeals:accepted-3'), value: (g) => g.accepted },
                { title: t('appeals:due-2'), value: (g) => g.due },
                { title: t('appeals:handled'), value: (g) => g.handled },
                ...RATES.map((r) => ({ title: tl(r.label), value: (g: MetricFigures) => (r.key === 'compositeScore' ? score(g[r.key]) : percent(g[r.key])) })),
                { title: t('appeals:average-handling-working-hours'), value: (g) => g.avgHandlingHours ?? '' },
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
              { value: 'month', label: t('appeals:month') },
              { value: 'range', label: t('appeals:period-2') },
            ]}
          />
          {mode === 'month' ? (
            <>
              <DatePicker picker="month" value={month} onChange={(d) => d && setMonth(d)} allowClear={false} data-testid="stats-month" />
              <Tooltip title={t('appeals:some-places-run-the-month-from-the-19th-to-the')}>
                <Space size={4}>
                  <Typography.Text type="secondary">{t('appeals:starts-on-day')}</Typography.Text>
                  <InputNumber min={1} max={28} value={assessmentDay} onChange={(v) => setAssessmentDay(v ?? 1)} style={{ width: 64 }} />
                </Space>
              </Tooltip>
            </>
          ) : (
            <DatePicker.RangePicker value={range} onChange={(r) => r?.[0] && r[1] && setRange([r[0], r[1]])} allowClear={false} />
          )}
          <RegionPicker value={regionCode} onChange={setRegionCode} placeholder={t('appeals:all-my-area')} style={{ width: 220 }} />
          <Segmented<Exclude<GroupBy, 'none'>>
            value={groupBy as Exclude<GroupBy, 'none'>}
            onChange={setGroupBy}
            options={(Object.keys(groupLabels) as Exclude<GroupBy, 'none'>[]).map((g) => ({ value: g, label: groupLabels[g] }))}
            data-testid="stats-group-by"
          />
          <Popover content={weightEditor} title={t('appeals:composite-weights')} trigger="click" placement="bottomRight">
            <Button icon={<SettingOutlined />}>
              {t('appeals:weights')} {weights.response}/{weights.resolution}/{weights.satisfaction}
            </Button>
          </Popover>
        </Flex>
        {metrics.data && (
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>
            {t('appeals:period')}：{formatTime(metrics.data.period.from)} — {formatTime(metrics.data.period.to)}（{t('appeals:end-excluded')}）
          </Typography.Text>
        )}
      </Card>
      {metrics.isError && <LoadError error={metrics.error} onRetry={() => void metrics.refetch()} />}
      {metrics.isPending ? <Skeleton active paragraph={{ rows: 10 }} /> : metrics.data && <MetricsBody data={metrics.data} groupLabel={groupLabels[groupBy as Exclude<GroupBy, 'none'>]} />}
      <Card size="small" title={t('appeals:accepted-and-handled-last-12-months')} style={{ marginTop: 16 }}>
        {trend.isError ? <LoadError error={trend.error} onRetry={() => void trend.refetch()} /> : <TrendChart points={trend.data ?? []} />}
      </Card>
    </>
  );
}

function MetricsBody({ data, groupLabel }: { data: MetricsResult; groupLabel: string }) {
  const { t, tl } = useI18n();
  const f = data.totals;
  const cards: { key: string; title: string; value: string; tip: string; color?: string }[] = [
    { key: 'accepted', title: t('appeals:accepted-3'), value: String(f.accepted), tip: t('appeals:appeals-accepted-in-the-period-merged-ones') },
    ...RATES.map((r) => ({
      key: r.key,
      title: tl(r.label),
      value: r.key === 'compositeScore' ? score(f[r.key]) : percent(f[r.key]),
      tip: tl(r.formula(f)),
      color: r.key === 'compositeScore' ? '#c8161d' : undefined,
    })),
    {
      key: 'avgHandlingHours',
      title: t('appeals:average-handling-time'),
      value: f.avgHandlingHours === null ? '—' : t('appeals:avghandlinghours-working-h', { avgHandlingHours: f.avgHandlingHours }),
      tip: t('appeals:working-time-from-acceptance-to-handling-mean-of', { handlingCount: f.handlingCount }),
    },
    {
      key: 'pressed',
      title: t('appeals:urged-supervised'),
      value: `${f.urged} / ${f.supervised}`,
      tip: t('appeals:urging-and-supervision-notes-given-in-the-period'),
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
            title={t('appeals:no-appeal-was-accepted-in-this-period')}
            hint={t('appeals:choose-another-month-or-area-appeals-count-once')}
          />
        </Card>
      ) : (
        <GroupCharts data={data} groupLabel={groupLabel} />
      )}
    </>
  );
}

function GroupCharts({ data, groupLabel }: { data: MetricsResult; groupLabel: string }) {
  const { t, tl } = useI18n();
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
        { name: t('appeals:accepted-2'), type: 'bar', barMaxWidth: 36, data: top.map((g) => g.accepted), itemStyle: { color: '#1d4ed8' } },
        { name: t('appeals:handled'), type: 'bar', barMaxWidth: 36, data: top.map((g) => g.handled), itemStyle: { color: '#389e0d' } },
        { name: t('appeals:on-the-spot'), type: 'bar', barMaxWidth: 36, data: top.map((g) => g.onSpot), itemStyle: { color: '#fa8c16' } },
      ],
    }),
    [top, names, t],
  );
  const rates = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}` : '—') },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: names.map(escapeHtml), axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}' } },
      series: SHOWN_RATES.map((k, i) => {
        const r = RATES.find((x) => x.key === k)!;
        return { name: tl(r.label), type: 'bar', barMaxWidth: 36, data: top.map((g) => (g[k] === null ? null : Math.round(g[k]! * 1000) / 10)), itemStyle: { color: RATE_COLORS[i] } };
      }),
    }),
    [top, names, tl],
  );
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <Card size="small" title={`${groupLabel} · ${t('appeals:accepted-and-handled')}`}>
            <EChart option={volume} style={{ height: 320 }} testId="stats-volume-chart" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={`${groupLabel} · ${t('appeals:rates-composite-out-of-100')}`}>
            <EChart option={rates} style={{ height: 320 }} testId="stats-rates-chart" />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={`${groupLabel} · ${t('appeals:ranking')}`} style={{ marginTop: 16 }}>
        <ListPage<MetricsResult['groups'][number], object>
          listId="statistics"
          rowKey="key"
          size="small"
          data={{ items: groups, loading: false }}
          scroll={{ x: 1400 }}
          testId="stats-table"
          empty={{
            title: t('appeals:no-appeal-was-accepted-in-this-period'),
            hint: t('appeals:choose-another-month-or-area-appeals-count-once'),
          }}
          columns={[
            { title: groupLabel, dataIndex: 'name', fixed: 'left', width: 180, render: (n: string) => <Tooltip title={n}>{shortRegion(n)}</Tooltip> },
            { title: t('appeals:accepted-3'), dataIndex: 'accepted', width: 80, align: 'right', sorter: (a, b) => a.accepted - b.accepted, defaultSortOrder: 'descend' },
            ...RATES.map((r) => ({
              title: tl(r.label),
              dataIndex: r.key,
              width: 100,
              align: 'right' as const,
              sorter: (a: MetricFigures, b: MetricFigures) => (a[r.key] ?? -1) - (b[r.key] ?? -1),
              render: (v: number | null, g: MetricFigures) => <Tooltip title={tl(r.formula(g))}>{r.key === 'compositeScore' ? score(v) : percent(v)}</Tooltip>,
            })),
            {
              title: t('appeals:avg-handling-working-h'),
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
        { name: t('appeals:accepted-2'), type: 'bar', barMaxWidth: 36, data: points.map((p) => p.accepted), itemStyle: { color: '#1d4ed8' } },
        { name: t('appeals:handled'), type: 'bar', barMaxWidth: 36, data: points.map((p) => p.handled), itemStyle: { color: '#389e0d' } },
        { name: t('appeals:of-which-on-the-spot'), type: 'bar', barMaxWidth: 36, data: points.map((p) => p.onSpot), itemStyle: { color: '#fa8c16' } },
      ],
    }),
    [points, t],
  );
  return <EChart option={option} style={{ height: 280 }} testId="stats-trend-chart" />;
}
