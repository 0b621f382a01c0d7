import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Form, Input, Modal, Radio, Space, Table, Tag, Tooltip } from 'antd';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { EnterpriseAppeal } from '../../app/contract';
import { REQUESTER_RATING_LABELS, STATUS_LABELS } from '../appeals/labels';
import type { AppealStatus } from '../../app/contract';
import { useProposeSolution, useWithdraw } from './api';
import { TIER_LABELS, TIER_STATE_COLORS, TIER_STATE_LABELS, wan } from './labels';

/** Enterprise appeals with their first contact and clock tiers; the solution and withdrawal steps. */
export function AppealsTable({ rows, loading, showFirm, pagination }: { rows: EnterpriseAppeal[]; loading?: boolean; showFirm?: boolean; pagination?: false | object }) {
  const { t, tl } = useI18n();
  const user = useUser();
  const canAct = hasAnyRole(user, ['admin', 'dispatcher', 'handler', 'community_staff']);
  // 撤诉 is recorded at the desk (the appeals workflow's withdraw: dispatcher, community staff, admin).
  const canWithdraw = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff']);
  const [solving, setSolving] = useState<EnterpriseAppeal | null>(null);
  const [withdrawing, setWithdrawing] = useState<EnterpriseAppeal | null>(null);
  const open = (a: EnterpriseAppeal) => !a.withdrawnAt && !['closed', 'not_accepted', 'merged', 'withdrawn'].includes(a.status);
  const withdrawable = (a: EnterpriseAppeal) => ['registered', 'accepted', 'dispatched', 'in_progress'].includes(a.status);
  return (
    <>
      <Table<EnterpriseAppeal>
        size="small"
        rowKey="appealId"
        loading={loading}
        dataSource={rows}
        pagination={pagination ?? false}
        scroll={{ x: 1000 }}
        data-testid="enterprise-appeals-table"
        columns={[
          { title: t('enterprises:number'), dataIndex: 'number', width: 190, render: (n: string, a) => <Link to={`/appeals/${a.appealId}`}>{n}</Link> },
          ...(showFirm ? [{ title: t('common:firm'), dataIndex: 'enterprise', width: 180, render: (f: EnterpriseAppeal['enterprise']) => <Link to={`/enterprises/${f.id}`}>{f.name}</Link> }] : []),
          {
            title: t('enterprises:appeal'),
            dataIndex: 'title',
            render: (x: string, a) => {
              const amount = wan(a.amountFen);
              return (
                <span>
                  {x}
                  {a.amountFen ? <Tag color="gold" style={{ marginLeft: 6 }}>{t('enterprises:amount-10-000-yuan', { amount })}</Tag> : null}
                </span>
              );
            },
          },
          {
            title: t('enterprises:rating'),
            dataIndex: 'rating',
            width: 100,
            render: (r: string | null) => (r ? <Tag color={r === 'dissatisfied' ? 'red' : r === 'satisfied' ? 'green' : undefined} data-testid="enterprise-appeal-rating">{tl(REQUESTER_RATING_LABELS[r], r)}</Tag> : '—'),
          },
          { title: t('enterprises:status'), dataIndex: 'status', width: 100, render: (s: string, a) => (a.withdrawnAt ? <Tag>{t('enterprises:withdrawn')}</Tag> : <Tag data-testid="enterprise-appeal-status">{tl(STATUS_LABELS[s as AppealStatus], s)}</Tag>) },
          {
            title: t('enterprises:first-contact'),
            dataIndex: 'firstContact',
            width: 140,
            render: (c: EnterpriseAppeal['firstContact'], a) => (
              <Space size={4}>
                {c.name}
                {a.ownedByFirstContact && <Tag color="blue" data-testid="first-contact-owns">{t('enterprises:owns-it')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('enterprises:clock-tiers'),
            dataIndex: 'tiers',
            width: 260,
            render: (tiers: EnterpriseAppeal['tiers']) => (
              <Space size={2} wrap>
                {tiers.map((x) => (
                  <Tooltip key={x.tier} title={`${t('enterprises:due')} ${formatTime(x.dueAt)}${x.metAt ? ` · ${t('enterprises:met')} ${formatTime(x.metAt)}` : ''}`}>
                    <Tag color={TIER_STATE_COLORS[x.state]} data-testid={`tier-${x.tier}`}>
                      {tl(TIER_LABELS[x.tier])}·{tl(TIER_STATE_LABELS[x.state], x.state)}
                    </Tag>
                  </Tooltip>
                ))}
              </Space>
            ),
          },
          {
            title: t('enterprises:actions'),
            key: 'actions',
            width: 170,
            render: (_: unknown, a) =>
              canAct && open(a) ? (
                <Space size={4}>
                  {!a.solution && <Button size="small" onClick={() => setSolving(a)}>{t('enterprises:solution-2')}</Button>}
                  {canWithdraw && withdrawable(a) && <Button size="small" onClick={() => setWithdrawing(a)}>{t('enterprises:withdraw')}</Button>}
                </Space>
              ) : a.withdrawnAt ? (
                <Tooltip title={a.withdrawReason}>{a.withdrawAskedBy === 'department' ? <Tag color="red">{t('enterprises:asked-by-a-department')}</Tag> : <Tag>{t('enterprises:by-the-firm')}</Tag>}</Tooltip>
              ) : null,
          },
        ]}
        expandable={{ rowExpandable: (a) => !!a.solution, expandedRowRender: (a) => <span>{t('enterprises:solution')}{a.solution}</span> }}
      />
      {solving && <SolutionModal appeal={solving} onClose={() => setSolving(null)} />}
      {withdrawing && <WithdrawModal appeal={withdrawing} onClose={() => setWithdrawing(null)} />}
    </>
  );
}

function SolutionModal({ appeal, onClose }: { appeal: EnterpriseAppeal; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const run = useProposeSolution();
  const [text, setText] = useState('');
  const submit = async () => {
    try {
      await run.mutateAsync({ appealId: appeal.appealId, solution: text.trim() });
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open title={t('enterprises:propose-a-solution')} onCancel={onClose} onOk={submit} okButtonProps={{ disabled: !text.trim() }} confirmLoading={run.isPending}>
      <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} />
    </Modal>
  );
}

function WithdrawModal({ appeal, onClose }: { appeal: EnterpriseAppeal; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const run = useWithdraw();
  const [form] = Form.useForm<{ reason: string; askedBy: 'firm' | 'department' }>();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await run.mutateAsync({ appealId: appeal.appealId, ...v });
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open title={t('enterprises:record-a-withdrawal-audited-monthly')} onCancel={onClose} onOk={submit} confirmLoading={run.isPending}>
      <Form form={form} layout="vertical" initialValues={{ askedBy: 'firm' }}>
        <Form.Item name="askedBy" label={t('enterprises:who-asked')}>
          <Radio.Group>
            <Radio value="firm">{t('enterprises:the-firm')}</Radio>
            <Radio value="department">{t('enterprises:a-department')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="reason" label={t('enterprises:reason')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
