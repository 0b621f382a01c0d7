import { useState } from 'react';
import { Card, Col, DatePicker, Row, Statistic, Table } from 'antd';
import dayjs from 'dayjs';
import { EChart } from '../../app/echarts';
import { useI18n } from '../../app/i18n';
import { useFigures, useRanking } from './api';

export function FiguresTab() {
  const { t } = useI18n();
  const figures = useFigures();
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const ranking = useRanking(month);
  const f = figures.data;
  return (
    <>
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Statistic title={t('volunteers:open-needs')} value={f?.needs.open ?? 0} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('volunteers:claimed-done')} value={`${f?.needs.claimed ?? 0} / ${f?.needs.done ?? 0}`} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('volunteers:deeds-confirmed')} value={f?.needs.confirmed ?? 0} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('volunteers:volunteer-hours')} value={((f?.minutes ?? 0) / 60).toFixed(1)} />
        </Col>
      </Row>
      <Card size="small" title={t('volunteers:people-registered-per-community')} style={{ marginTop: 16 }}>
        <EChart
          style={{ height: 280 }}
          testId="volunteers-chart"
          option={{
            tooltip: { trigger: 'axis' },
            legend: {},
            grid: { left: 40, right: 16, top: 32, bottom: 60 },
            xAxis: { type: 'category', data: (f?.communities ?? []).map((c) => c.name), axisLabel: { rotate: 30 } },
            yAxis: { type: 'value', minInterval: 1 },
            series: [
              { name: t('volunteers:party-members'), type: 'bar', stack: 'p', data: (f?.communities ?? []).map((c) => c.partyMembers), itemStyle: { color: '#cf1322' } },
              { name: t('volunteers:volunteers'), type: 'bar', stack: 'p', data: (f?.communities ?? []).map((c) => c.volunteers), itemStyle: { color: '#1677ff' } },
              { name: t('volunteers:others'), type: 'bar', stack: 'p', data: (f?.communities ?? []).map((c) => c.others), itemStyle: { color: '#faad14' } },
            ],
          }}
        />
      </Card>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col xs={24} md={12}>
          <Card size="small" title={t('volunteers:deeds-per-paired-unit')}>
            <Table rowKey="unitId" size="small" pagination={false} dataSource={f?.units ?? []} columns={[{ title: t('volunteers:unit'), dataIndex: 'name' }, { title: t('volunteers:deeds'), dataIndex: 'deeds', width: 80 }]} />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={t('volunteers:monthly-ranking-by-hours')} extra={<DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} />}>
            <Table
              rowKey="helperId"
              size="small"
              pagination={false}
              dataSource={ranking.data?.members ?? []}
              columns={[
                { title: '#', key: 'rank', width: 40, render: (_: unknown, __: unknown, i: number) => i + 1 },
                { title: t('volunteers:name'), dataIndex: 'name' },
                { title: t('volunteers:team'), dataIndex: 'teamName', render: (v: string | null) => v ?? '—' },
                { title: t('volunteers:hours'), dataIndex: 'minutes', render: (m: number) => (m / 60).toFixed(1) },
              ]}
            />
            <Table
              style={{ marginTop: 12 }}
              rowKey="unitId"
              size="small"
              pagination={false}
              data-testid="ranking-units"
              dataSource={ranking.data?.units ?? []}
              columns={[
                { title: '#', key: 'rank', width: 40, render: (_: unknown, __: unknown, i: number) => i + 1 },
                { title: t('volunteers:paired-unit-2'), dataIndex: 'name' },
                { title: t('volunteers:deeds-this-month'), dataIndex: 'deeds', width: 100 },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
