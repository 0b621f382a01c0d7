import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Modal, Row, Select, Space, Statistic, Table, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { PageHeader } from '../../app/components';
import { EChart, type EChartsCoreOption } from '../../app/echarts';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { Commissioner, CommissionerVisit, CreatePolicyBody, EnterprisePolicy } from '../../app/contract';
import { hasAnyRole, useUser } from '../../app/auth';
import { errorText } from '../../app/api';
import { RegionPicker } from '../regions/RegionPicker';
import { downloadFile } from '../../app/download';
import { FiguresBreakdown } from './FiguresBreakdown';
import { useCommissioners, useEnterpriseAppeals, useFigures, usePolicies, usePublishPolicy, useVisits } from './api';
import { AppealsTable } from './AppealsTable';
import { INDUSTRY_LABELS, SIZE_LABELS, TIER_LABELS } from './labels';

/** 企业服务: enterprise appeals (and the month's withdrawals), commissioners and their visits, the figures. */
export default function EnterpriseServicePage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('common:enterprise-service')} subtitle={t('enterprises:first-contact-ownership-and-clock-tiers-of')} />
      <Card>
        <Tabs
          destroyOnHidden
          items={[
            { key: 'appeals', label: t('enterprises:enterprise-appeals'), children: <AppealsTab /> },
            { key: 'commissioners', label: t('enterprises:commissioners'), children: <CommissionersTab /> },
            { key: 'visits', label: t('enterprises:visits-3'), children: <VisitsTab /> },
            { key: 'policies', label: t('enterprises:policies-2'), children: <PoliciesTab /> },
            { key: 'figures', label: t('enterprises:figures'), children: <FiguresTab /> },
          ]}
        />
      </Card>
    </>
  );
}

function AppealsTab() {
  const { t } = useI18n();
  const [view, setView] = useState<'all' | 'withdrawn'>('all');
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const [page, setPage] = useState(1);
  const q = useEnterpriseAppeals(view === 'withdrawn' ? { withdrawn: true, month } : {}, page, 20);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Select
          value={view}
          onChange={(v) => { setView(v); setPage(1); }}
          options={[
            { value: 'all', label: t('enterprises:all-enterprise-appeals') },
            { value: 'withdrawn', label: t('enterprises:withdrawals-of-a-month-audit') },
          ]}
          style={{ width: 220 }}
          data-testid="enterprise-appeals-view"
        />
        {view === 'withdrawn' && <DatePicker picker="month" value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} allowClear={false} />}
      </Space>
      <AppealsTable showFirm rows={q.data?.items ?? []} loading={q.isFetching} pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }} />
    </Space>
  );
}

function CommissionersTab() {
  const { t } = useI18n();
  const q = useCommissioners();
  return (
    <Table<Commissioner>
      size="small"
      rowKey="userId"
      loading={q.isFetching}
      dataSource={q.data?.items ?? []}
      pagination={false}
      data-testid="commissioners-table"
      columns={[
        { title: t('enterprises:commissioner-2'), dataIndex: 'name' },
        { title: t('enterprises:area'), dataIndex: 'regionName' },
        { title: t('enterprises:title'), dataIndex: 'title', render: (x: string | null) => x ?? '—' },
        { title: t('enterprises:firms-2'), dataIndex: 'firms', width: 100 },
        {
          title: t('enterprises:visited-within-a-year'),
          key: 'coverage',
          width: 160,
          render: (_: unknown, c) => {
            const pct = c.firms ? Math.round((c.firmsVisited / c.firms) * 100) : 0;
            return <Tag color={pct >= 80 ? 'green' : pct >= 50 ? 'gold' : 'red'}>{`${c.firmsVisited}/${c.firms}（${pct}%）`}</Tag>;
          },
        },
        { title: t('enterprises:visits-2'), dataIndex: 'visits', width: 100 },
        { title: t('enterprises:problems-raised'), dataIndex: 'problemsRaised', width: 110 },
      ]}
    />
  );
}

function VisitsTab() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const q = useVisits({}, page, 20);
  return (
    <Table<CommissionerVisit>
      size="small"
      rowKey="id"
      loading={q.isFetching}
      dataSource={q.data?.items ?? []}
      pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
      data-testid="commissioner-visits-table"
      columns={[
        { title: t('enterprises:when'), dataIndex: 'visitedAt', width: 150, render: (x: string) => formatTime(x) },
        { title: t('common:firm'), dataIndex: 'enterprise', width: 200, render: (f: CommissionerVisit['enterprise']) => <Link to={`/enterprises/${f.id}`}>{f.name}</Link> },
        { title: t('enterprises:commissioner-2'), dataIndex: 'commissioner', width: 100, render: (c: CommissionerVisit['commissioner']) => c.name },
        { title: t('enterprises:findings'), dataIndex: 'findings' },
        { title: t('enterprises:policies'), dataIndex: 'policies', width: 200, render: (ps: string[]) => ps.map((p) => <Tag key={p}>{p}</Tag>) },
        {
          title: t('enterprises:problems'),
          dataIndex: 'problems',
          width: 200,
          render: (ps: CommissionerVisit['problems']) => ps.map((p) => <div key={p.appealId}><Link to={`/appeals/${p.appealId}`}>{p.number ?? '…'}</Link></div>),
        },
      ]}
    />
  );
}

function FiguresTab() {
  const { t, tl } = useI18n();
  const [range, setRange] = useState<[dayjs.Dayjs, dayjs.Dayjs]>([dayjs().subtract(11, 'month').startOf('month'), dayjs()]);
  const q = useFigures(range[0].format('YYYY-MM-DD'), range[1].format('YYYY-MM-DD'));
  const f = q.data;
  const option: EChartsCoreOption | null = f
    ? {
        tooltip: { trigger: 'axis' },
        legend: { data: [t('enterprises:accepted'), t('enterprises:closed-3'), t('enterprises:visits')] },
        grid: { left: 40, right: 20, top: 40, bottom: 30 },
        xAxis: { type: 'category', data: f.months.map((m) => m.month) },
        yAxis: { type: 'value' },
        series: [
          { name: t('enterprises:accepted'), type: 'bar', data: f.months.map((m) => m.accepted) },
          { name: t('enterprises:closed-3'), type: 'bar', data: f.months.map((m) => m.closed) },
          { name: t('enterprises:visits'), type: 'line', data: f.months.map((m) => m.visits) },
        ],
      }
    : null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space>
        <DatePicker.RangePicker value={range} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} allowClear={false} />
        <LedgerButton from={range[0].format('YYYY-MM-DD')} to={range[1].format('YYYY-MM-DD')} />
      </Space>
      {f && (
        <>
          <Row gutter={16}>
            <Col span={4}><Statistic title={t('enterprises:appeals-accepted')} value={f.appeals.accepted} /></Col>
            <Col span={4}><Statistic title={t('enterprises:closed-2')} value={f.appeals.closed} /></Col>
            <Col span={4}><Statistic title={t('enterprises:withdrawn-asked-by-a-department')} value={`${f.appeals.withdrawn}（${f.appeals.withdrawnAskedByDepartment}）`} /></Col>
            <Col span={4}><Statistic title={t('enterprises:commissioner-visits')} value={f.visits.visits} /></Col>
            <Col span={4}><Statistic title={t('enterprises:firms-visited')} value={f.visits.firms} /></Col>
            <Col span={4}><Statistic title={t('enterprises:problems-raised')} value={f.visits.problemsRaised} /></Col>
          </Row>
          <Row gutter={16}>
            <Col span={4}>
              <Statistic
                title={t('enterprises:satisfaction-satisfied-0-9-basically')}
                value={f.satisfaction.rate === null ? '—' : `${Math.round(f.satisfaction.rate * 1000) / 10}%`}
                valueStyle={{ fontSize: 20 }}
              />
            </Col>
            <Col span={4}><Statistic title={t('enterprises:valid-evaluations')} value={f.satisfaction.evaluations} valueStyle={{ fontSize: 20 }} /></Col>
            <Col span={8}>
              <Statistic
                title={t('enterprises:satisfied-basically-dissatisfied')}
                value={`${f.satisfaction.satisfied} / ${f.satisfaction.basicallySatisfied} / ${f.satisfaction.dissatisfied}`}
                valueStyle={{ fontSize: 20 }}
              />
            </Col>
          </Row>
          <Table
            size="small"
            rowKey="tier"
            pagination={false}
            dataSource={f.tiers}
            data-testid="enterprise-tier-figures"
            columns={[
              { title: t('enterprises:tier'), dataIndex: 'tier', render: (x: string) => tl(TIER_LABELS[x], x) },
              { title: t('enterprises:due-2'), dataIndex: 'due' },
              { title: t('enterprises:met-2'), dataIndex: 'met' },
              { title: t('enterprises:on-time'), dataIndex: 'onTime' },
              { title: t('enterprises:on-time-rate'), key: 'rate', render: (_: unknown, r) => (r.due ? `${Math.round((r.onTime / r.due) * 1000) / 10}%` : '—') },
              { title: t('enterprises:overdue-2'), dataIndex: 'overdue' },
            ]}
          />
          {option && <EChart option={option} style={{ height: 320 }} testId="enterprise-figures-chart" />}
          <FiguresBreakdown from={range[0].format('YYYY-MM-DD')} to={range[1].format('YYYY-MM-DD')} />
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={f.chains}
            columns={[
              { title: t('enterprises:chain'), dataIndex: 'name', render: (n: string, c) => <Link to={`/chains/${c.id}`}>{n}</Link> },
              { title: t('enterprises:problems-open-2'), dataIndex: 'open' },
              { title: t('enterprises:closed'), dataIndex: 'closed' },
              { title: t('enterprises:overdue'), dataIndex: 'overdue' },
            ]}
          />
        </>
      )}
    </Space>
  );
}

function PoliciesTab() {
  const { t, tl } = useI18n();
  const user = useUser();
  const q = usePolicies();
  const [open, setOpen] = useState(false);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {hasAnyRole(user, ['admin', 'dispatcher', 'community_staff']) && (
        <Button type="primary" onClick={() => setOpen(true)}>
          {t('enterprises:publish-and-push-a-policy')}
        </Button>
      )}
      <Table<EnterprisePolicy>
        size="small"
        rowKey="id"
        loading={q.isFetching}
        dataSource={q.data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('enterprises:policy'), dataIndex: 'title' },
          { title: t('enterprises:industries'), dataIndex: 'industries', render: (xs: string[]) => (xs.length ? xs.map((x) => <Tag key={x}>{tl(INDUSTRY_LABELS[x], x)}</Tag>) : t('enterprises:all')) },
          { title: t('enterprises:sizes'), dataIndex: 'sizes', width: 160, render: (xs: string[]) => (xs.length ? xs.map((x) => tl(SIZE_LABELS[x], x)).join('、') : t('enterprises:all')) },
          { title: t('enterprises:published'), dataIndex: 'createdAt', width: 150, render: (x: string) => formatTime(x) },
          { title: t('enterprises:firms-reached'), dataIndex: 'delivered', width: 100 },
          { title: t('enterprises:read'), dataIndex: 'read', width: 80 },
        ]}
      />
      {open && <PublishModal onClose={() => setOpen(false)} />}
    </Space>
  );
}

function PublishModal({ onClose }: { onClose: () => void }) {
  const { t, tl } = useI18n();
  const [form] = Form.useForm<CreatePolicyBody>();
  const publish = usePublishPolicy();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await publish.mutateAsync(v);
      onClose();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Modal open title={t('enterprises:publish-and-push-a-policy')} onCancel={onClose} onOk={submit} confirmLoading={publish.isPending}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="title" label={t('enterprises:title-2')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="summary" label={t('enterprises:summary')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('enterprises:region')} rules={[{ required: true }]}>
          <RegionPicker />
        </Form.Item>
        <Form.Item name="industries" label={t('enterprises:industries-none-all')}>
          <Select mode="multiple" options={Object.keys(INDUSTRY_LABELS).map((k) => ({ value: k, label: tl(INDUSTRY_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item name="sizes" label={t('enterprises:sizes-none-all')}>
          <Select mode="multiple" options={Object.keys(SIZE_LABELS).map((k) => ({ value: k, label: tl(SIZE_LABELS[k]) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 企业诉求台账: the period's enterprise appeals with their tiers, as Excel. */
function LedgerButton({ from, to }: { from: string; to: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await downloadFile('/api/enterprise-figures/ledger.xlsx', { from, to }, `enterprise-appeals-${from}-${to}.xlsx`);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button onClick={() => void run()} loading={busy} data-testid="enterprise-ledger">
      {t('enterprises:export-the-ledger-excel')}
    </Button>
  );
}
