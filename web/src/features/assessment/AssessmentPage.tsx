import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, DatePicker, Flex, InputNumber, Skeleton, Space, Statistic, Tabs, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { LoadError, PageHeader } from '../../app/components';
import { EChart, escapeHtml, type EChartsCoreOption } from '../../app/echarts';
import { shortRegion } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { downloadFile } from '../../app/download';
import type { AssessmentRankRow } from '../../app/contract';
import { percent, score } from '../appeals/metrics';
import { useLatestReport, useRankings, useReports } from './api';
import { chinaDay, EvaluationTable, RankTable } from './RankTable';
import { PetitionTable, WeightsLine } from './WeightsAndPetitions';

/** The assessment month a day falls in: from the start day on, the next month's (default 19th–18th). */
function currentMonth(startDay: number): Dayjs {
  const today = dayjs(chinaDay(new Date().toISOString()));
  return startDay > 1 && today.date() >= startDay ? today.add(1, 'month').startOf('month') : today.startOf('month');
}

function CompositeChart({ rows }: { rows: AssessmentRankRow[] }) {
  const { t } = useI18n();
  const ranked = rows.filter((r) => r.compositeScore !== null).slice(0, 20);
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: ranked.map((r) => escapeHtml(shortRegion(r.name))), axisLabel: { interval: 0, rotate: ranked.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', max: 100 },
      series: [
        { name: t('assessment:composite'), type: 'bar', barMaxWidth: 36, data: ranked.map((r) => Math.round((r.compositeScore ?? 0) * 1000) / 10), itemStyle: { color: '#c8161d' } },
        { name: t('assessment:closure-rate'), type: 'line', data: ranked.map((r) => (r.closureRate === null ? null : Math.round(r.closureRate * 1000) / 10)), itemStyle: { color: '#1d4ed8' } },
        { name: t('assessment:case-closing-rate'), type: 'line', data: ranked.map((r) => (r.caseClosingRate === null ? null : Math.round(r.caseClosingRate * 1000) / 10)), itemStyle: { color: '#13c2c2' } },
      ],
    }),
    [ranked, t],
  );
  return <EChart option={option} style={{ height: 300 }} testId="assessment-chart" />;
}

/** 月度考核: rankings of the areas and departments for an assessment month, and the archived reports. */
export default function AssessmentPage() {
  const { t } = useI18n();
  const [startDay, setStartDay] = useState(19);
  const [month, setMonth] = useState<Dayjs>(() => currentMonth(19));
  const rankings = useRankings({ month: month.format('YYYY-MM'), startDay });
  const r = rankings.data;
  return (
    <>
      <PageHeader title={t('common:monthly-assessment')} />
      <LatestReport />
      <Card size="small" style={{ marginTop: 16 }}>
        <Flex gap={16} wrap align="center">
          <Space>
            {t('assessment:assessment-month')}
            <DatePicker picker="month" value={month} allowClear={false} onChange={(d) => d && setMonth(d)} data-testid="assessment-month" />
          </Space>
          <Space>
            {t('assessment:starts-on-day')}
            <InputNumber min={1} max={28} value={startDay} onChange={(v) => v && setStartDay(v)} style={{ width: 72 }} />
          </Space>
          {r && (
            <Typography.Text type="secondary" data-testid="assessment-period">
              {chinaDay(r.period.from)} — {chinaDay(r.period.to, -1)}
            </Typography.Text>
          )}
        </Flex>
      </Card>
      {rankings.error ? (
        <LoadError error={rankings.error} />
      ) : !r ? (
        <Skeleton active />
      ) : (
        <>
          <Card size="small" style={{ marginTop: 16 }}>
            <Flex gap={32} wrap>
              <Statistic title={t('assessment:accepted')} value={r.totals.accepted} />
              <Statistic title={t('assessment:closure-rate')} value={percent(r.totals.closureRate)} />
              <Statistic title={t('assessment:case-closing-rate')} value={percent(r.totals.caseClosingRate)} />
              <Statistic title={t('assessment:satisfaction')} value={percent(r.totals.satisfactionRate)} />
              <Statistic title={t('assessment:composite')} value={score(r.totals.compositeScore)} />
              <Statistic title={t('assessment:same-day-rate')} value={percent(r.totals.fastTrackRate ?? null)} data-testid="assessment-fast-track" />
              {r.petitions && <Statistic title={t('assessment:petitions-this-period')} value={r.petitions.totals.thisPeriod} suffix={<PetitionChange change={r.petitions.totals.change} />} />}
            </Flex>
            <WeightsLine rankings={r} />
          </Card>
          <Card size="small" style={{ marginTop: 16 }}>
            <Tabs
              items={[
                {
                  key: 'areas',
                  label: t('assessment:townships'),
                  children: (
                    <>
                      <CompositeChart rows={r.areas} />
                      <RankTable rows={r.areas} kind="area" period={r.period} testId="assessment-areas" />
                    </>
                  ),
                },
                {
                  key: 'departments',
                  label: t('assessment:departments'),
                  children: (
                    <>
                      <CompositeChart rows={r.departments} />
                      <RankTable rows={r.departments} kind="department" period={r.period} testId="assessment-departments" />
                    </>
                  ),
                },
                { key: 'evaluations', label: t('assessment:township-evaluations'), children: <EvaluationTable rows={r.evaluations} /> },
                { key: 'petitions', label: t('assessment:petitions-year-on-year'), children: <PetitionTable petitions={r.petitions} /> },
                { key: 'reports', label: t('assessment:archived-reports'), children: <ReportArchive /> },
              ]}
            />
          </Card>
        </>
      )}
    </>
  );
}

/** The change against last year's same period, beside the count. */
function PetitionChange({ change }: { change: number | null }) {
  const { t } = useI18n();
  if (change === null) return null;
  return (
    <Typography.Text type={change > 0 ? 'danger' : 'success'} style={{ fontSize: 13 }}>
      {t('assessment:change')} {change > 0 ? '+' : ''}
      {percent(change)}
    </Typography.Text>
  );
}

function ReportLinks({ id, month }: { id: string; month: string }) {
  const { t } = useI18n();
  return (
    <Space>
      <Link to={`/assessment/reports/${id}`}>
        <Button size="small" icon={<PrinterOutlined />}>
          {t('assessment:view-print')}
        </Button>
      </Link>
      <Button size="small" icon={<DownloadOutlined />} onClick={() => void downloadFile(`/api/assessment/reports/${id}/excel`, {}, `assessment-${month}.xlsx`)}>
        Excel
      </Button>
    </Space>
  );
}

/** The latest archived report, for the leaders. */
function LatestReport() {
  const { t } = useI18n();
  const latest = useLatestReport();
  if (!latest.data) return null;
  const f = latest.data.figures;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="assessment-latest"
      message={
        <Flex gap={16} wrap align="center">
          <span>
            {t('assessment:latest-monthly-report')}: {latest.data.month} · {t('assessment:composite')} {score(f.totals.compositeScore)} · {t('assessment:first')}{' '}
            {f.areas[0] ? shortRegion(f.areas[0].name) : '—'}
          </span>
          <ReportLinks id={latest.data.id} month={latest.data.month} />
        </Flex>
      }
    />
  );
}

function ReportArchive() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const reports = useReports(page);
  if (reports.error) return <LoadError error={reports.error} />;
  return (
    <Flex vertical gap={8} data-testid="assessment-reports">
      {(reports.data?.items ?? []).map((r) => (
        <Flex key={r.id} gap={16} align="center">
          <Typography.Text strong>{r.month}</Typography.Text>
          <Typography.Text type="secondary">
            {r.regionCode} · {chinaDay(r.periodFrom)} — {chinaDay(r.periodTo, -1)}
          </Typography.Text>
          <ReportLinks id={r.id} month={r.month} />
        </Flex>
      ))}
      {reports.data && reports.data.total > page * 12 && (
        <Button size="small" onClick={() => setPage(page + 1)}>
          {t('assessment:earlier')}
        </Button>
      )}
      {reports.data?.total === 0 && <Typography.Text type="secondary">{t('assessment:no-report-yet-one-is-made-after-each-assessment')}</Typography.Text>}
    </Flex>
  );
}
