import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { EmptyHint, LoadError, PageHeader } from '../../app/components';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { Enterprise } from '../../app/contract';
import { CategorySelect } from '../orgs/CategorySelect';
import { useAssign, useCommissioners, useEnterprise, useEnterpriseAppeals, useFirmPolicies, useLogVisit, useRaiseAppeal, useReceipt, useVisits } from './api';
import { AppealsTable } from './AppealsTable';
import { FirmDisputesCard, FirmSatisfaction } from './FirmPanels';
import { FirmReminders } from '../reminders/FirmReminders';
import { INDUSTRY_LABELS, SIZE_LABELS } from './labels';

/** A firm's page: its record, who answers for it, its enterprise appeals, the commissioner's visits, its chains. */
export default function EnterprisePage() {
  const { id } = useParams<{ id: string }>();
  const { t, tl } = useI18n();
  const user = useUser();
  const firm = useEnterprise(id);
  const appeals = useEnterpriseAppeals({ enterpriseId: id }, 1, 50);
  const visits = useVisits({ enterpriseId: id }, 1, 50);
  const [visiting, setVisiting] = useState(false);
  const [raising, setRaising] = useState(false);
  const [assigning, setAssigning] = useState(false);
  if (firm.isError) return <LoadError error={firm.error} onRetry={() => firm.refetch()} />;
  const f = firm.data;
  const isCommissioner = hasAnyRole(user, ['commissioner']);
  const canRaise = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff']);
  const canAssign = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff']);
  // 小闹钟: who may read and record dated items (reminders.read / reminders.write on the server).
  const seesReminders = hasAnyRole(user, ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker']);
  const canRecordReminder = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff', 'grid_worker']);
  return (
    <>
      <PageHeader
        title={
          <Space>
            <Link to="/enterprises" aria-label={t('enterprises:back')}>
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="enterprise-title">{f?.name ?? '…'}</span>
          </Space>
        }
        subtitle={f?.creditCode}
        extra={
          f && (
            <Space>
              {isCommissioner && (
                <Button type="primary" onClick={() => setVisiting(true)} data-testid="visit-log">
                  {t('enterprises:log-a-visit')}
                </Button>
              )}
              {canRaise && <Button onClick={() => setRaising(true)} data-testid="enterprise-raise">{t('enterprises:register-an-appeal')}</Button>}
              {canAssign && <Button onClick={() => setAssigning(true)}>{t('enterprises:assign-a-commissioner-2')}</Button>}
            </Space>
          )
        }
      />
      {f && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Card>
            <Descriptions column={{ xs: 1, md: 3 }} size="small">
              <Descriptions.Item label={t('enterprises:industry')}>{tl(INDUSTRY_LABELS[f.industry], f.industry)}</Descriptions.Item>
              <Descriptions.Item label={t('enterprises:size')}>{tl(SIZE_LABELS[f.size], f.size)}</Descriptions.Item>
              <Descriptions.Item label={t('enterprises:park')}>{f.park ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('enterprises:place')}>{f.regionName}</Descriptions.Item>
              <Descriptions.Item label={t('enterprises:address')}>{f.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('enterprises:contact')}>{[f.contactName, f.contactPhone].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('enterprises:leader-2')}>{f.leader?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('enterprises:department')}>{f.department?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('enterprises:commissioner')}>
                <span data-testid="enterprise-commissioner">{f.commissioner?.name ?? '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('enterprises:chains')}>
                {f.chains.length ? f.chains.map((c) => <Link key={c.id} to={`/chains/${c.id}`}><Tag color="geekblue">{c.name}</Tag></Link>) : '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <FirmSatisfaction firmId={f.id} />
          {seesReminders && (
            <Card title={t('enterprises:reminders-dates-that-expire')}>
              <FirmReminders enterpriseId={f.id} canWrite={canRecordReminder} />
            </Card>
          )}
          <Card title={t('enterprises:enterprise-appeals')}>
            <AppealsTable rows={appeals.data?.items ?? []} loading={appeals.isFetching} />
          </Card>
          <Card title={t('enterprises:commissioner-visits')}>
            {visits.data?.items.length ? (
              <Timeline
                data-testid="enterprise-visits"
                items={visits.data.items.map((v) => ({
                  children: (
                    <div>
                      <Typography.Text strong>{formatTime(v.visitedAt)}</Typography.Text> · {v.commissioner.name}
                      <div>{v.findings}</div>
                      {v.policies.length > 0 && <div>{t('enterprises:policies-explained')}{v.policies.map((p) => <Tag key={p}>{p}</Tag>)}</div>}
                      {v.problems.map((p) => (
                        <div key={p.appealId}>
                          {t('enterprises:problem-raised')}
                          {p.content} → <Link to={`/appeals/${p.appealId}`}>{p.number ?? '…'}</Link>
                        </div>
                      ))}
                    </div>
                  ),
                }))}
              />
            ) : (
              <EmptyHint title={t('enterprises:no-visit-yet')} />
            )}
          </Card>
          <PoliciesCard firmId={f.id} />
          <FirmDisputesCard firmId={f.id} />
        </Space>
      )}
      {visiting && f && <VisitModal firm={f} onClose={() => setVisiting(false)} />}
      {raising && f && <RaiseModal firm={f} onClose={() => setRaising(false)} />}
      {assigning && f && <AssignModal firm={f} onClose={() => setAssigning(false)} />}
    </>
  );
}

/** The policies pushed to the firm, and whether it has read them (the commissioner records the receipt). */
function PoliciesCard({ firmId }: { firmId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const q = useFirmPolicies(firmId);
  const receipt = useReceipt();
  const canRecord = hasAnyRole(user, ['commissioner', 'admin', 'dispatcher', 'community_staff']);
  const record = async (policyId: string) => {
    try {
      await receipt.mutateAsync({ policyId, enterpriseId: firmId });
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Card title={t('enterprises:policies-pushed')}>
      {q.data?.length ? (
        q.data.map((p) => (
          <div key={p.id} style={{ marginBottom: 8 }}>
            <Typography.Text strong>{p.title}</Typography.Text> <Typography.Text type="secondary">{formatTime(p.deliveredAt)}</Typography.Text>{' '}
            {p.readAt ? (
              <Tag color="green">{t('enterprises:read')}</Tag>
            ) : canRecord ? (
              <Button size="small" onClick={() => void record(p.id)}>{t('enterprises:record-read')}</Button>
            ) : (
              <Tag>{t('enterprises:unread')}</Tag>
            )}
            <div>{p.summary}</div>
          </div>
        ))
      ) : (
        <EmptyHint title={t('enterprises:no-policy-pushed-to-this-firm-yet')} />
      )}
    </Card>
  );
}

interface VisitForm {
  findings: string;
  policies?: string;
  problem?: string;
  categoryCode?: string;
  amountWan?: number;
}

function VisitModal({ firm, onClose }: { firm: Enterprise; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<VisitForm>();
  const log = useLogVisit();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      const problem = v.problem?.trim();
      await log.mutateAsync({
        id: firm.id,
        body: {
          findings: v.findings,
          policies: (v.policies ?? '').split(/[,，、\n]/).map((p) => p.trim()).filter(Boolean),
          problems: problem ? [{ content: problem, categoryCode: v.categoryCode ?? '1002', amountFen: v.amountWan ? Math.round(v.amountWan * 10_000 * 100) : undefined }] : [],
        },
      });
      message.success(problem ? t('enterprises:visit-logged-the-problem-is-now-an-enterprise') : t('enterprises:visit-logged'));
      onClose();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Modal open title={t('enterprises:visit-name', { name: firm.name })} onCancel={onClose} onOk={submit} confirmLoading={log.isPending} okButtonProps={{ 'data-testid': 'visit-submit' } as Record<string, string>}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="visit-error" />}
      <Form form={form} layout="vertical" initialValues={{ categoryCode: '1002' }}>
        <Form.Item name="findings" label={t('enterprises:what-was-found')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} data-testid="visit-findings" />
        </Form.Item>
        <Form.Item name="policies" label={t('enterprises:policies-explained-separated-by')}>
          <Input data-testid="visit-policies" />
        </Form.Item>
        <Form.Item name="problem" label={t('enterprises:problem-raised-becomes-an-enterprise-appeal')}>
          <Input.TextArea rows={2} data-testid="visit-problem" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="categoryCode" label={t('enterprises:category')}>
            <CategorySelect multiple={false} />
          </Form.Item>
          <Form.Item name="amountWan" label={t('enterprises:amount-10-000-yuan-2')}>
            <InputNumber min={0} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function RaiseModal({ firm, onClose }: { firm: Enterprise; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ content: string; categoryCode: string }>();
  const raise = useRaiseAppeal();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await raise.mutateAsync({ enterpriseId: firm.id, content: v.content, categoryCode: v.categoryCode });
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open title={t('enterprises:register-an-enterprise-appeal-you-are-its-first')} onCancel={onClose} onOk={submit} confirmLoading={raise.isPending}>
      <Form form={form} layout="vertical" initialValues={{ categoryCode: '1002' }}>
        <Form.Item name="content" label={t('enterprises:content')} rules={[{ required: true }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="categoryCode" label={t('enterprises:category')} rules={[{ required: true }]}>
          <CategorySelect multiple={false} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AssignModal({ firm, onClose }: { firm: Enterprise; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const commissioners = useCommissioners();
  const assign = useAssign();
  const [value, setValue] = useState<string | null>(firm.commissioner?.id ?? null);
  const submit = async () => {
    try {
      await assign.mutateAsync({ id: firm.id, body: { version: firm.version, commissionerUserId: value } });
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open title={t('enterprises:assign-a-commissioner')} onCancel={onClose} onOk={submit} confirmLoading={assign.isPending}>
      <Select
        allowClear
        style={{ width: '100%' }}
        value={value ?? undefined}
        onChange={(v) => setValue(v ?? null)}
        options={(commissioners.data?.items ?? []).map((c) => ({ value: c.userId, label: `${c.name}（${c.regionName}）` }))}
      />
    </Modal>
  );
}
