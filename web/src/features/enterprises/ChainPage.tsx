import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Modal, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { errorText } from '../../app/api';
import { LoadError, PageHeader } from '../../app/components';
import { EChart } from '../../app/echarts';
import { useI18n } from '../../app/i18n';
import type { ChainDetail, ChainProblem, CreateChainProblemBody } from '../../app/contract';
import { useOrgs } from '../orgs/api';
import { useAddProblem, useChain, useProblemAction } from './api';
import { INDUSTRY_LABELS, PROBLEM_ACTION_LABELS, PROBLEM_KIND_COLORS, PROBLEM_KIND_LABELS, PROBLEM_STATUS_LABELS, SIZE_LABELS, wan } from './labels';

/** A chain's page: its leader and departments, member firms, key projects and its problems to closure. */
export default function ChainPage() {
  const { id } = useParams<{ id: string }>();
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const q = useChain(id);
  const act = useProblemAction();
  const [adding, setAdding] = useState(false);
  const [closing, setClosing] = useState<ChainProblem | null>(null);
  if (q.isError) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  const step = async (p: ChainProblem, action: string, resolution?: string) => {
    try {
      await act.mutateAsync({ id: p.id, action, version: p.version, resolution });
      return true;
    } catch (e) {
      message.error(errorText(e));
      return false;
    }
  };
  return (
    <>
      <PageHeader
        title={
          <Space>
            <Link to="/chains" aria-label={t('enterprises:back')}>
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="chain-title">{d?.chain.name ?? '…'}</span>
          </Space>
        }
        subtitle={d && `${t('enterprises:leader')} ${d.chain.leader.name} · ${t('enterprises:lead')} ${d.chain.leadOrg.name}${d.chain.responsibleOrgs.length ? ` · ${t('enterprises:responsible')} ${d.chain.responsibleOrgs.map((o) => o.name).join('、')}` : ''}`}
        extra={d && <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="chain-problem-add">{t('enterprises:add-a-chain-problem')}</Button>}
      />
      {d && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Card>
            <Row gutter={16}>
              <Col xs={12} md={4}><Statistic title={t('enterprises:firms')} value={d.chain.members} /></Col>
              <Col xs={12} md={4}><Statistic title={t('enterprises:projects')} value={d.chain.projects} /></Col>
              <Col xs={12} md={4}><Statistic title={t('enterprises:investment-10k-yuan')} value={wan(d.chain.investmentFen)} /></Col>
              <Col xs={12} md={4}><Statistic title={t('enterprises:problems-open')} value={d.chain.problemsOpen} /></Col>
              <Col xs={12} md={4}><Statistic title={t('enterprises:closed')} value={d.chain.problemsClosed} /></Col>
              <Col xs={12} md={4}><Statistic title={t('enterprises:overdue')} value={d.chain.problemsOverdue} valueStyle={d.chain.problemsOverdue ? { color: '#cf1322' } : undefined} /></Col>
            </Row>
            <ProblemChart detail={d} />
          </Card>
          <Card title={t('enterprises:chain-problems-breaks-gaps-pain-points')}>
            <Table<ChainProblem>
              size="small"
              rowKey="id"
              dataSource={d.problems}
              pagination={false}
              data-testid="chain-problems"
              columns={[
                { title: t('enterprises:kind'), dataIndex: 'kind', width: 80, render: (k: string) => <Tag color={PROBLEM_KIND_COLORS[k]}>{tl(PROBLEM_KIND_LABELS[k], k)}</Tag> },
                { title: t('enterprises:problem'), dataIndex: 'title' },
                { title: t('enterprises:owner'), dataIndex: 'owner', width: 180, render: (o: ChainProblem['owner']) => o.name },
                { title: t('enterprises:deadline-2'), dataIndex: 'deadline', width: 120, render: (x: string, p) => <span style={p.overdue ? { color: '#cf1322' } : undefined}>{x}</span> },
                { title: t('enterprises:status'), dataIndex: 'status', width: 100, render: (s: string) => <Tag data-testid="chain-problem-status">{tl(PROBLEM_STATUS_LABELS[s], s)}</Tag> },
                {
                  title: t('enterprises:actions'),
                  key: 'a',
                  width: 180,
                  render: (_: unknown, p) => (
                    <Space size={4}>
                      {p.actions.map((a) => (
                        <Button key={a} size="small" onClick={() => (a === 'close' ? setClosing(p) : void step(p, a))} data-testid={`chain-problem-${a}`}>
                          {tl(PROBLEM_ACTION_LABELS[a], a)}
                        </Button>
                      ))}
                    </Space>
                  ),
                },
              ]}
              expandable={{ rowExpandable: (p) => !!p.resolution, expandedRowRender: (p) => p.resolution }}
            />
          </Card>
          <Card title={t('enterprises:key-projects')}>
            <Table size="small" rowKey="id" dataSource={d.projects} pagination={false} columns={[
              { title: t('enterprises:project'), dataIndex: 'name' },
              { title: t('enterprises:investment-10k-yuan'), dataIndex: 'investmentFen', width: 160, render: (f: number) => wan(f) },
              { title: t('enterprises:status'), dataIndex: 'status', width: 100 },
            ]} />
          </Card>
          <Card title={t('enterprises:member-firms')}>
            <Table size="small" rowKey="id" dataSource={d.firms} pagination={{ pageSize: 20, showSizeChanger: false }} columns={[
              { title: t('common:firm'), dataIndex: 'name', render: (n: string, f) => <Link to={`/enterprises/${f.id}`}>{n}</Link> },
              { title: t('enterprises:role'), dataIndex: 'role', width: 100, render: (r: string) => (r === 'leading' ? <Tag color="gold">{t('enterprises:leading')}</Tag> : t('enterprises:member')) },
              { title: t('enterprises:industry'), dataIndex: 'industry', width: 140, render: (i: string) => tl(INDUSTRY_LABELS[i], i) },
              { title: t('enterprises:size'), dataIndex: 'size', width: 80, render: (s: string) => tl(SIZE_LABELS[s], s) },
              { title: t('enterprises:park'), dataIndex: 'park', width: 160 },
            ]} />
          </Card>
        </Space>
      )}
      {adding && id && <AddProblemModal chainId={id} onClose={() => setAdding(false)} />}
      {closing && <CloseModal problem={closing} onClose={() => setClosing(null)} onSubmit={(r) => step(closing, 'close', r)} />}
    </>
  );
}

function ProblemChart({ detail }: { detail: ChainDetail }) {
  const { t, tl } = useI18n();
  const kinds = Object.keys(PROBLEM_KIND_LABELS);
  const count = (k: string, closed: boolean) => detail.problems.filter((p) => p.kind === k && (p.status === 'closed') === closed).length;
  return (
    <EChart
      testId="chain-problem-chart"
      style={{ height: 220, marginTop: 16 }}
      option={{
        tooltip: { trigger: 'axis' },
        legend: { data: [t('enterprises:open'), t('enterprises:closed')] },
        grid: { left: 40, right: 20, top: 30, bottom: 30 },
        xAxis: { type: 'category', data: kinds.map((k) => tl(PROBLEM_KIND_LABELS[k])) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t('enterprises:open'), type: 'bar', stack: 'a', data: kinds.map((k) => count(k, false)), itemStyle: { color: '#fa8c16' } },
          { name: t('enterprises:closed'), type: 'bar', stack: 'a', data: kinds.map((k) => count(k, true)), itemStyle: { color: '#52c41a' } },
        ],
      }}
    />
  );
}

function AddProblemModal({ chainId, onClose }: { chainId: string; onClose: () => void }) {
  const { t, tl } = useI18n();
  const [form] = Form.useForm<{ kind: string; title: string; ownerOrgId: string; deadline: Dayjs }>();
  const orgs = useOrgs({ kind: 'department' }, 1, 200);
  const add = useAddProblem(chainId);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await add.mutateAsync({ kind: v.kind as CreateChainProblemBody['kind'], title: v.title, ownerOrgId: v.ownerOrgId, deadline: v.deadline.format('YYYY-MM-DD') });
      onClose();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Modal open title={t('enterprises:add-a-chain-problem')} onCancel={onClose} onOk={submit} confirmLoading={add.isPending}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ kind: 'pain' }}>
        <Form.Item name="kind" label={t('enterprises:kind')} rules={[{ required: true }]}>
          <Select options={Object.keys(PROBLEM_KIND_LABELS).map((k) => ({ value: k, label: tl(PROBLEM_KIND_LABELS[k]) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('enterprises:problem')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="ownerOrgId" label={t('enterprises:owner')} rules={[{ required: true, message: t('enterprises:an-owner-is-required') }]}>
          <Select showSearch optionFilterProp="label" options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
        <Form.Item name="deadline" label={t('enterprises:deadline')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CloseModal({ problem, onClose, onSubmit }: { problem: ChainProblem; onClose: () => void; onSubmit: (resolution: string) => Promise<boolean> }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  return (
    <Modal open title={t('enterprises:close-title', { title: problem.title })} onCancel={onClose} okButtonProps={{ disabled: !text.trim() }} onOk={async () => { if (await onSubmit(text.trim())) onClose(); }}>
      <Input.TextArea rows={3} placeholder={t('enterprises:how-it-was-solved')} value={text} onChange={(e) => setText(e.target.value)} data-testid="chain-problem-resolution" />
    </Modal>
  );
}
