import { useMemo, useState } from 'react';
import { App, Button, Card, Col, DatePicker, Row, Segmented, Space, Statistic } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { errorText } from '../../app/api';
import type { MeetingFigures } from '../../app/contract';
import { downloadFile } from '../../app/download';
import { EChart } from '../../app/echarts';
import { chinaToday } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { useFigures } from './api';

/** Meetings by kind, by township and community, actions done, on time, late, and appeals resolved through meetings. */
export function FiguresTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const today = chinaToday();
  const [range, setRange] = useState<[dayjs.Dayjs, dayjs.Dayjs]>([today.subtract(1, 'year'), today]);
  const figures = useFigures(range[0].format('YYYY-MM-DD'), range[1].format('YYYY-MM-DD'));
  const f = figures.data;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: {},
      xAxis: { type: 'category', data: (f?.byKind ?? []).map((k) => k.kindName) },
      yAxis: [{ type: 'value', name: t('meetings:meetings') }, { type: 'value', name: '%', max: 100 }],
      series: [
        { name: t('meetings:held'), type: 'bar', data: (f?.byKind ?? []).map((k) => k.held) },
        { name: t('meetings:cancelled'), type: 'bar', data: (f?.byKind ?? []).map((k) => k.cancelled) },
        { name: t('meetings:attendance'), type: 'line', yAxisIndex: 1, data: (f?.byKind ?? []).map((k) => k.attendanceRate) },
      ],
    }),
    [f, t],
  );
  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <DatePicker.RangePicker value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} allowClear={false} />
        <Button
          icon={<DownloadOutlined />}
          data-testid="meetings-export"
          onClick={() => {
            const [from, to] = [range[0].format('YYYY-MM-DD'), range[1].format('YYYY-MM-DD')];
            downloadFile('/api/meetings/export.xlsx', { from, to }, `meetings-${from}-${to}.xlsx`).catch((e: unknown) => message.error(errorText(e)));
          }}
        >
          {t('meetings:export-the-ledger-excel')}
        </Button>
      </Space>
      {f && (
        <Space size={32} style={{ marginBottom: 16 }} wrap data-testid="meeting-figures">
          <Statistic title={t('meetings:actions')} value={f.actions.total} />
          <Statistic title={t('meetings:done')} value={f.actions.done} />
          <Statistic title={t('meetings:on-time')} value={f.actions.doneOnTime} />
          <Statistic title={t('meetings:done-late')} value={f.actions.doneLate} />
          <Statistic title={t('meetings:overdue')} value={f.actions.overdue} valueStyle={{ color: f.actions.overdue ? '#cf1322' : undefined }} />
          <Statistic title={t('meetings:open')} value={f.actions.open} />
        </Space>
      )}
      <EChart option={option} style={{ height: 360 }} testId="meeting-figures-chart" />
      {f && <ByPlace f={f} />}
    </>
  );
}

/** Per place (township or community): meetings held, decisions, actions done; and the appeals resolved through meetings. */
function ByPlace({ f }: { f: MeetingFigures }) {
  const { t } = useI18n();
  const [level, setLevel] = useState<'township' | 'community'>('community');
  const rows = f.byPlace.filter((p) => p.level === level);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: {},
      grid: { left: 48, right: 16, bottom: 80 },
      xAxis: { type: 'category', data: rows.map((p) => p.name), axisLabel: { rotate: 30 } },
      yAxis: { type: 'value' },
      series: [
        { name: t('meetings:held-2'), type: 'bar', data: rows.map((p) => p.held) },
        { name: t('meetings:decisions'), type: 'bar', data: rows.map((p) => p.decisions) },
        { name: t('meetings:actions'), type: 'bar', data: rows.map((p) => p.actions) },
        { name: t('meetings:actions-done'), type: 'bar', data: rows.map((p) => p.actionsDone) },
      ],
    }),
    [rows, t],
  );
  const a = f.throughAppeals;
  return (
    <Row gutter={16} style={{ marginTop: 16 }}>
      <Col xs={24} lg={16}>
        <Card size="small" title={t('meetings:by-place')} extra={<Segmented size="small" value={level} onChange={(v) => setLevel(v as 'township' | 'community')} options={[{ value: 'township', label: t('meetings:township') }, { value: 'community', label: t('meetings:community-2') }]} />}>
          <EChart option={option} style={{ height: 320 }} testId="meeting-figures-places" />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card size="small" title={t('meetings:appeals-resolved-through-meetings')} data-testid="meeting-figures-appeals">
          <Statistic title={t('meetings:in-all')} value={a.resolved} />
          <Space size={24} wrap style={{ marginTop: 12 }}>
            <Statistic title={t('meetings:actions-sent-into-the-appeal-loop')} value={a.actionsSent} suffix={`/ ${t('meetings:closed')} ${a.actionsClosed}`} />
            <Statistic title={t('meetings:topics-from-appeals-decided')} value={a.topicsFromAppeals} suffix={`(${a.topicsDecided})`} />
            <Statistic title={t('meetings:their-appeals-closed-after-the-decision')} value={a.topicAppealsClosed} />
          </Space>
        </Card>
      </Col>
    </Row>
  );
}
