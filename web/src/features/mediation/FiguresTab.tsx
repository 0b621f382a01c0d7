import { useState } from 'react';
import { App, Button, Col, Divider, Input, Row, Space, Statistic, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { downloadFile } from '../../app/download';
import { EChart } from '../../app/echarts';
import { useI18n } from '../../app/i18n';
import type { MediationFigures } from '../../app/contract';
import { useFigures } from './api';
import { KIND } from './labels';

type Row = MediationFigures['total'];
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** Accepted, settled, not settled, referred; the settlement rate and average days, by body and kind. */
export function FiguresTab() {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const [from, setFrom] = useState<string>();
  const [to, setTo] = useState<string>();
  const f = useFigures({ from, to });
  const total = f.data?.total;
  const bodies = f.data?.byBody ?? [];
  const columns = [
    { title: t('mediation:accepted'), dataIndex: 'accepted', width: 90 },
    { title: t('mediation:settled'), dataIndex: 'settled', width: 90 },
    { title: t('mediation:not-settled'), dataIndex: 'notSettled', width: 90 },
    { title: t('mediation:referred'), dataIndex: 'referred', width: 90 },
    { title: t('mediation:settlement-rate'), dataIndex: 'settlementRate', width: 110, render: pct },
    { title: t('mediation:performed-on-time'), key: 'onTime', width: 110, render: (_: unknown, r: Row) => `${r.performedOnTime}/${r.performed}` },
    { title: t('mediation:confirmation-applied-granted'), key: 'confirm', width: 150, render: (_: unknown, r: Row) => `${r.confirmationsApplied}/${r.confirmationsGranted}` },
    { title: t('mediation:average-days'), dataIndex: 'averageDays', width: 110, render: (d: number | null) => d ?? '—' },
  ];
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        {t('mediation:accepted-between')}
        <Input type="date" value={from ?? ''} onChange={(e) => setFrom(e.target.value || undefined)} />
        <Input type="date" value={to ?? ''} onChange={(e) => setTo(e.target.value || undefined)} />
        <Button
          icon={<DownloadOutlined />}
          data-testid="mediation-ledger"
          onClick={() => void downloadFile('/api/mediation/ledger.xlsx', { ...(from ? { from } : {}), ...(to ? { to } : {}) }, t('mediation:mediation-ledger-xlsx')).catch((e: unknown) => message.error(errorText(e)))}
        >
          {t('mediation:export-the-ledger-excel')}
        </Button>
      </Space>
      <Row gutter={16} style={{ marginBottom: 16 }} data-testid="mediation-figures">
        <Col span={4}><Statistic title={t('mediation:accepted')} value={total?.accepted ?? 0} /></Col>
        <Col span={4}><Statistic title={t('mediation:settled')} value={total?.settled ?? 0} /></Col>
        <Col span={4}><Statistic title={t('mediation:not-settled')} value={total?.notSettled ?? 0} /></Col>
        <Col span={4}><Statistic title={t('mediation:referred')} value={total?.referred ?? 0} /></Col>
        <Col span={4}><Statistic title={t('mediation:settlement-rate')} value={pct(total?.settlementRate ?? null)} /></Col>
        <Col span={4}><Statistic title={t('mediation:average-days')} value={total?.averageDays ?? '—'} /></Col>
      </Row>
      <EChart
        testId="mediation-figures-chart"
        style={{ height: 320, marginBottom: 16 }}
        option={{
          tooltip: { trigger: 'axis' },
          legend: {},
          grid: { left: 48, right: 16, bottom: 80 },
          xAxis: { type: 'category', data: bodies.map((b) => b.name), axisLabel: { rotate: 30, interval: 0 } },
          yAxis: { type: 'value' },
          series: [
            { name: t('mediation:settled'), type: 'bar', stack: 'all', data: bodies.map((b) => b.settled) },
            { name: t('mediation:not-settled'), type: 'bar', stack: 'all', data: bodies.map((b) => b.notSettled) },
            { name: t('mediation:referred'), type: 'bar', stack: 'all', data: bodies.map((b) => b.referred) },
          ],
        }}
      />
      <PetitionsBeside petitions={f.data?.petitions} settlementRate={total?.settlementRate ?? null} accepted={total?.accepted ?? 0} />
      <Table<Row> size="small" rowKey="key" pagination={false} loading={f.isPending} dataSource={bodies} columns={[{ title: t('mediation:body'), dataIndex: 'name' }, ...columns]} style={{ marginBottom: 16 }} />
      <Table<Row> size="small" rowKey="key" pagination={false} loading={f.isPending} dataSource={f.data?.byMediator ?? []} columns={[{ title: t('mediation:mediator'), dataIndex: 'name' }, ...columns]} style={{ marginBottom: 16 }} />
      <Table<Row> size="small" rowKey="key" pagination={false} loading={f.isPending} dataSource={f.data?.byKind ?? []} columns={[{ title: t('mediation:kind'), dataIndex: 'key', render: (k: string) => tl(KIND[k], k) }, ...columns]} />
    </>
  );
}

/** 信访 beside mediation: the area's petitions this period and the same period last year, month by month, with the cases mediated. */
function PetitionsBeside({ petitions, settlementRate, accepted }: { petitions?: MediationFigures['petitions']; settlementRate: number | null; accepted: number }) {
  const { t } = useI18n();
  if (!petitions) return null;
  const change = petitions.change === null ? '—' : `${petitions.change > 0 ? '+' : ''}${(petitions.change * 100).toFixed(1)}%`;
  return (
    <>
      <Divider />
      <Typography.Title level={5}>{t('mediation:petitions-beside-mediation')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('mediation:appeals-by-petition-in-this-area-from-to-to', { from: petitions.from, to: petitions.to })}</Typography.Paragraph>
      <Row gutter={16} style={{ marginBottom: 16 }} data-testid="mediation-petitions">
        <Col span={5}><Statistic title={t('mediation:petitions-this-period')} value={petitions.current} /></Col>
        <Col span={5}><Statistic title={t('mediation:petitions-same-period-last-year')} value={petitions.lastYear} /></Col>
        <Col span={4}><Statistic title={t('mediation:change')} value={change} valueStyle={{ color: (petitions.change ?? 0) > 0 ? '#cf1322' : '#3f8600' }} /></Col>
        <Col span={5}><Statistic title={t('mediation:cases-mediated')} value={accepted} /></Col>
        <Col span={5}><Statistic title={t('mediation:settlement-rate')} value={pct(settlementRate)} /></Col>
      </Row>
      <EChart
        testId="mediation-petitions-chart"
        style={{ height: 300, marginBottom: 16 }}
        option={{
          tooltip: { trigger: 'axis' },
          legend: {},
          grid: { left: 48, right: 48, bottom: 40 },
          xAxis: { type: 'category', data: petitions.months.map((m) => m.month) },
          yAxis: [{ type: 'value', name: t('mediation:count') }],
          series: [
            { name: t('mediation:petitions-this-period'), type: 'bar', data: petitions.months.map((m) => m.petitions) },
            { name: t('mediation:petitions-same-period-last-year'), type: 'bar', data: petitions.months.map((m) => m.petitionsLastYear) },
            { name: t('mediation:cases-mediated'), type: 'line', data: petitions.months.map((m) => m.casesAccepted) },
            { name: t('mediation:cases-settled'), type: 'line', data: petitions.months.map((m) => m.casesSettled) },
          ],
        }}
      />
    </>
  );
}
