/** The workbench's cards for a grid worker's day and a leader's figures of the month, with their charts. */
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Card, Col, Flex, Progress, Result, Row, Statistic, Tooltip, Typography } from 'antd';
import { BarChartOutlined, CarryOutOutlined } from '@ant-design/icons';
import { EChart, escapeHtml, type EChartsCoreOption } from '../../app/echarts';
import { useI18n } from '../../app/i18n';
import type { Workbench } from '../../app/contract';
import { percent } from '../appeals/metrics';

/** The inbox opened on one box. */
export const inboxLink = (box: string) => `/appeals?box=${box}`;

/** A grid worker's visits of the day: the plan the phone app works through. */
export function VisitsCard({ visits }: { visits: NonNullable<Workbench['visits']> }) {
  const { t } = useI18n();
  const done = visits.visited + visits.nobodyHome;
  return (
    <Card title={t('overview:todays-visits-date', { date: visits.date })} data-testid="workbench-visits" style={{ height: '100%' }}>
      {visits.planned === 0 ? (
        <Result
          icon={<CarryOutOutlined style={{ color: '#389e0d' }} />}
          title={visits.workingDay ? t('overview:no-household-is-planned-for-today') : t('overview:today-is-not-a-working-day')}
          subTitle={t('overview:visits-are-logged-in-the-phone-app')}
        />
      ) : (
        <Flex align="center" gap={24} wrap>
          <Progress type="circle" percent={Math.round((done / visits.planned) * 100)} format={() => `${done}/${visits.planned}`} size={110} />
          <Flex vertical gap={4}>
            <Statistic title={t('overview:visited')} value={visits.visited} suffix={`/ ${visits.planned}`} />
            <Typography.Text type="secondary">{t('overview:nobody-home-nobodyhome', { nobodyHome: visits.nobodyHome })}</Typography.Text>
          </Flex>
        </Flex>
      )}
      <a href="/w/" style={{ display: 'inline-block', marginTop: 12 }} data-testid="workbench-visits-app">
        {t('overview:open-the-phone-app')}
      </a>
    </Card>
  );
}

/** A leader's area this month: the statistics page's own figures, and where they come from. */
export function FiguresCard({ figures }: { figures: NonNullable<Workbench['figures']> }) {
  const { t } = useI18n();
  const cards = [
    { key: 'accepted', title: t('overview:accepted-this-month'), value: String(figures.accepted), tip: t('overview:appeals-accepted-this-month-merged-duplicates') },
    {
      key: 'onTime',
      title: t('overview:on-time-rate'),
      value: percent(figures.onTimeRate),
      tip: t('overview:handledontime-on-time-due-due-less-approved', { handledOnTime: figures.handledOnTime, due: figures.due }),
    },
    { key: 'satisfaction', title: t('overview:satisfaction'), value: percent(figures.satisfactionRate), tip: t('overview:evaluations-valid-ratings-this-month', { evaluations: figures.evaluations }) },
    {
      key: 'fastTrack',
      title: t('overview:same-day-rate'),
      value: percent(figures.fastTrackRate),
      tip: t('overview:fasttracksameday-of-fasttrack-fast-queue-appeals', { fastTrackSameDay: figures.fastTrackSameDay, fastTrack: figures.fastTrack }),
    },
  ];
  return (
    <Card
      title={t('overview:your-area-in-month', { month: figures.month })}
      extra={
        <Link to="/statistics" data-testid="workbench-statistics">
          <BarChartOutlined /> {t('overview:statistics')}
        </Link>
      }
      data-testid="workbench-figures"
    >
      <Row gutter={[16, 16]}>
        {cards.map((c) => (
          <Col key={c.key} flex="1 1 170px">
            <Tooltip title={c.tip}>
              <Card size="small" data-testid={`workbench-figure-${c.key}`}>
                <Statistic title={c.title} value={c.value} styles={{ content: { fontWeight: 600 } }} />
              </Card>
            </Tooltip>
          </Col>
        ))}
        <Col flex="1 1 170px">
          <Link to={inboxLink('overdue')} data-testid="workbench-figure-overdue">
            <Card size="small" hoverable>
              <Statistic
                title={t('overview:overdue-now')}
                value={figures.overdueNow}
                styles={{ content: { fontWeight: 600, color: figures.overdueNow > 0 ? '#c8161d' : undefined } }}
              />
            </Card>
          </Link>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Typography.Text strong>{t('overview:accepted-and-on-time-rate-by-sub-area-this-month')}</Typography.Text>
          <AreaChart figures={figures} />
        </Col>
        <Col xs={24} xl={10}>
          <Typography.Text strong>{t('overview:accepted-and-handled-last-6-months')}</Typography.Text>
          <TrendChart figures={figures} />
        </Col>
      </Row>
    </Card>
  );
}

function AreaChart({ figures }: { figures: NonNullable<Workbench['figures']> }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const areas = figures.byArea;
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: {
        trigger: 'axis',
        formatter: (ps: { dataIndex: number }[]) => {
          const a = areas[ps[0]?.dataIndex ?? 0];
          if (!a) return '';
          return `${escapeHtml(a.name)}<br/>${t('overview:accepted')}：${a.accepted}<br/>${t('overview:on-time-rate')}：${percent(a.onTimeRate)}<br/>${t('overview:satisfaction')}：${percent(a.satisfactionRate)}`;
        },
      },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: areas.map((a) => a.name), axisLabel: { interval: 0, rotate: areas.length > 6 ? 35 : 0 } },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [
        { name: t('overview:accepted'), type: 'bar', barMaxWidth: 32, data: areas.map((a) => a.accepted), itemStyle: { color: '#1d4ed8' } },
        {
          name: t('overview:on-time-rate'),
          type: 'line',
          yAxisIndex: 1,
          data: areas.map((a) => (a.onTimeRate === null ? null : Math.round(a.onTimeRate * 1000) / 10)),
          itemStyle: { color: '#fa8c16' },
        },
      ],
    }),
    [areas, t],
  );
  if (!areas.length) {
    return (
      <Typography.Paragraph type="secondary" style={{ padding: '48px 0', textAlign: 'center' }}>
        {t('overview:no-appeal-has-been-accepted-in-your-area-this')}
      </Typography.Paragraph>
    );
  }
  return (
    <EChart
      option={option}
      style={{ height: 300 }}
      testId="workbench-area-chart"
      onClick={(e) => {
        const a = areas[e.dataIndex];
        if (a && /^\d+$/.test(a.code)) navigate(`/appeals?box=all&regionCode=${a.code}`);
      }}
    />
  );
}

function TrendChart({ figures }: { figures: NonNullable<Workbench['figures']> }) {
  const { t } = useI18n();
  const points = figures.trend;
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: points.map((p) => p.month) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('overview:accepted'), type: 'bar', barMaxWidth: 28, data: points.map((p) => p.accepted), itemStyle: { color: '#1d4ed8' } },
        { name: t('overview:handled'), type: 'line', data: points.map((p) => p.handled), itemStyle: { color: '#389e0d' } },
      ],
    }),
    [points, t],
  );
  return <EChart option={option} style={{ height: 300 }} testId="workbench-trend-chart" />;
}
