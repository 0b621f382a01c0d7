import { useState } from 'react';
import { App, Button, Descriptions, Drawer, Form, Input, InputNumber, Modal, Space, Steps, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { MinusCircleOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { LoadError } from '../../app/components';
import { formatTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import type { FundProjectAction, FundProjectDetail } from '../../app/contract';
import { fileToBase64, toFen, useDecidePayment, useProject, useRequestPayment, useStep, yuan } from './api';
import { HouseholdsEdit } from './HouseholdsEdit';
import { PROJECT_ACTION_LABELS, CATEGORY_LABELS, PROJECT_EVENT_LABELS, APPROVAL_LEVEL_LABELS, PROJECT_STATUS_COLORS, PROJECT_STATUS_LABELS, SOURCE_LABELS } from './labels';

type Detail = FundProjectDetail;
type Payment = Detail['payments'][number];

/** A project: its facts, the approval chain, the steps the caller may take (from the workflow rows), payments and timeline. */
export function ProjectDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, tl } = useI18n();
  const project = useProject(id);
  const [acting, setActing] = useState<string | null>(null);
  const p = project.data;

  return (
    <Drawer open width={820} title={p?.title ?? t('funds:project')} onClose={onClose} data-testid="project-drawer">
      {project.error && <LoadError error={project.error} onRetry={() => void project.refetch()} />}
      {p && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Space wrap>
            <Tag color={PROJECT_STATUS_COLORS[p.status]} data-testid="project-status">
              {tl(PROJECT_STATUS_LABELS[p.status])}
            </Tag>
            {p.pendingLevel && <Tag color="gold">{t('funds:waiting-for-the-pendinglevel-level', { pendingLevel: tl(APPROVAL_LEVEL_LABELS[p.pendingLevel]) })}</Tag>}
            {p.actions.map((a) => (
              <Button key={a} size="small" type={a === 'approve' || a === 'accept' ? 'primary' : 'default'} danger={a === 'reject' || a === 'cancel'} onClick={() => setActing(a)} data-testid={`project-action-${a}`}>
                {tl(PROJECT_ACTION_LABELS[a])}
              </Button>
            ))}
          </Space>
          <Steps
            size="small"
            current={p.pendingLevel ? p.chain.indexOf(p.pendingLevel) : p.chain.length}
            items={p.chain.map((l) => ({ title: tl(APPROVAL_LEVEL_LABELS[l]) }))}
          />
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('funds:fund')}>{p.fundName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('funds:place')}>{p.regionName}</Descriptions.Item>
            <Descriptions.Item label={t('funds:source')}>
              {tl(SOURCE_LABELS[p.sourceKind])}
              {p.sourceKind === 'appeal' && p.sourceId ? (
                <a href={`/appeals/${p.sourceId}`} style={{ marginLeft: 8 }}>
                  {p.sourceLabel}
                </a>
              ) : (
                p.sourceLabel && ` ${p.sourceLabel}`
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('funds:category')}>{tl(CATEGORY_LABELS[p.category])}</Descriptions.Item>
            <Descriptions.Item label={t('funds:estimate-yuan')}>{yuan(p.estimateFen)}</Descriptions.Item>
            <Descriptions.Item label={t('funds:approved-yuan')}>
              <span data-testid="project-approved">{yuan(p.approvedFen)}</span>
              {p.requestedFen !== p.approvedFen && ` → ${yuan(p.requestedFen)}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('funds:paid-yuan')}>
              <span data-testid="project-paid">{yuan(p.paidFen)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('funds:reserved-on-the-fund-yuan')}>
              <span data-testid="project-reserved">{yuan(p.reservedFen)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('funds:final-cost-yuan')}>{yuan(p.finalCostFen)}</Descriptions.Item>
            <Descriptions.Item label={t('funds:contractor')}>{p.contractor ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('funds:households')}>
              <HouseholdsEdit p={p} />
            </Descriptions.Item>
            <Descriptions.Item label={t('funds:whistle-to-acceptance')} span={2}>
              {p.daysToAcceptance === null ? '—' : t('funds:daystoacceptance-days', { daysToAcceptance: p.daysToAcceptance })}
            </Descriptions.Item>
          </Descriptions>
          {p.description && <Typography.Paragraph>{p.description}</Typography.Paragraph>}
          <Payments p={p} />
          <Typography.Title level={5}>{t('funds:timeline')}</Typography.Title>
          <Timeline
            items={p.timeline.map((e) => ({
              key: e.id,
              children: (
                <div>
                  <Typography.Text strong>{tl(PROJECT_EVENT_LABELS[e.type], e.type)}</Typography.Text>
                  {e.level && ` · ${tl(APPROVAL_LEVEL_LABELS[e.level])}`}
                  {e.amountFen !== null && ` · ${yuan(e.amountFen)} ${t('funds:yuan')}`}
                  <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                    {e.actorName} · {formatTime(e.at)}
                  </Typography.Text>
                  {e.type === 'households' && <div>{t('funds:households-benefiting-from-to', { from: String(e.data.from), to: String(e.data.to) })}</div>}
                  {e.reason && <div>{e.reason}</div>}
                  {typeof e.data.title === 'string' && <div>{e.data.title}</div>}
                  {typeof e.data.contractor === 'string' && <div>{e.data.contractor}</div>}
                  {Array.isArray(e.data.signers) && <div>{(e.data.signers as { role: string; name: string }[]).map((s) => `${s.role} ${s.name}`).join('；')}</div>}
                  {Array.isArray(e.data.photos) &&
                    (e.data.photos as string[]).map((ph) => <img key={ph} src={`/api/fund-projects/${p.id}/files/${ph}`} alt="" style={{ height: 64, marginRight: 4 }} />)}
                </div>
              ),
            }))}
          />
        </Space>
      )}
      {p && acting && <ActionModal p={p} action={acting} onClose={() => setActing(null)} />}
    </Drawer>
  );
}

function Payments({ p }: { p: Detail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const decide = useDecidePayment();
  const STATUS: Record<string, string> = { pending: t('funds:pending'), paid: t('funds:paid-2'), rejected: t('funds:refused'), reversed: t('funds:reversed') };
  const run = async (x: Payment, approve: boolean) => {
    try {
      await decide.mutateAsync({ id: p.id, paymentId: x.id, approve, reason: approve ? t('funds:receipt-checked-approved') : t('funds:receipt-does-not-match-refused') });
      message.success(approve ? t('funds:paid-2') : t('funds:refused'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  if (!p.payments.length) return null;
  return (
    <>
      <Typography.Title level={5}>{t('funds:payments')}</Typography.Title>
      <Table<Payment>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={p.payments}
        data-testid="payments-table"
        columns={[
          { title: t('funds:requested'), key: 'at', render: (_, x) => formatTime(x.createdAt) },
          { title: t('funds:payee'), dataIndex: 'payee' },
          { title: t('funds:amount-yuan'), key: 'amount', align: 'right', render: (_, x) => yuan(x.amountFen) },
          {
            title: t('funds:receipt'),
            key: 'receipt',
            render: (_, x) => (
              <a href={`/api/fund-projects/${p.id}/files/${x.receiptId}`} target="_blank" rel="noreferrer">
                {p.files.find((f) => f.id === x.receiptId)?.filename ?? t('funds:view')}
              </a>
            ),
          },
          { title: t('funds:status'), key: 'status', render: (_, x) => <span data-testid={`payment-status-${x.id}`}>{STATUS[x.status] ?? x.status}</span> },
          {
            title: '',
            key: 'actions',
            render: (_, x) =>
              x.canDecide && (
                <Space>
                  <Button size="small" type="primary" onClick={() => void run(x, true)} data-testid="payment-approve">
                    {t('funds:approve')}
                  </Button>
                  <Button size="small" danger onClick={() => void run(x, false)}>
                    {t('funds:refuse')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </>
  );
}

type UploadFile = { originFileObj?: File; name: string };

function ActionModal({ p, action, onClose }: { p: Detail; action: string; onClose: () => void }) {
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const step = useStep();
  const pay = useRequestPayment();
  const [form] = Form.useForm();

  const submit = async () => {
    const v = await form.validateFields();
    try {
      if (action === 'request_payment') {
        const file = (v.receipt as UploadFile[] | undefined)?.[0]?.originFileObj;
        if (!file) throw new Error(t('funds:upload-the-receipt-an-invoice-photo-or-pdf'));
        await pay.mutateAsync({ id: p.id, body: { amountFen: toFen(v.amount), payee: v.payee, note: v.note || undefined, receipt: await fileToBase64(file) } });
      } else {
        const photos = await Promise.all(((v.photos as UploadFile[] | undefined) ?? []).filter((f) => f.originFileObj).map((f) => fileToBase64(f.originFileObj!)));
        await step.mutateAsync({
          id: p.id,
          action: action as FundProjectAction,
          body: {
            version: p.version,
            reason: v.reason || undefined,
            amountFen: v.amount ? toFen(v.amount) : undefined,
            contractor: v.contractor || undefined,
            title: v.title || undefined,
            note: v.note || undefined,
            photos: photos.length ? photos : undefined,
            signers: v.signers?.length ? v.signers : undefined,
            finalCostFen: v.finalCost !== undefined && v.finalCost !== null ? toFen(v.finalCost) : undefined,
          },
        });
      }
      message.success(t('funds:done'));
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const normFile = (e: { fileList: UploadFile[] }) => e.fileList;
  return (
    <Modal open title={tl(PROJECT_ACTION_LABELS[action])} onOk={submit} onCancel={onClose} confirmLoading={step.isPending || pay.isPending} okButtonProps={{ 'data-testid': 'action-submit' } as Record<string, string>}>
      <Form form={form} layout="vertical" initialValues={{ finalCost: p.paidFen / 100, signers: action === 'accept' ? [{ role: t('funds:residents-representative'), name: '' }] : undefined }}>
        {(action === 'approve' || action === 'reject' || action === 'cancel' || action === 'raise') && (
          <>
            {action === 'approve' && (
              <Typography.Paragraph>
                {t('funds:amount-to-approve-yuan-yuan', { yuan: yuan(p.requestedFen) })}
              </Typography.Paragraph>
            )}
            {action === 'raise' && (
              <Form.Item name="amount" label={t('funds:new-total-amount-yuan')} rules={[{ required: true }]}>
                <InputNumber min={0.01} precision={2} style={{ width: 200 }} />
              </Form.Item>
            )}
            <Form.Item name="reason" label={t('funds:reason')} rules={[{ required: true, max: 500 }]}>
              <Input.TextArea rows={2} data-testid="action-reason" />
            </Form.Item>
          </>
        )}
        {action === 'start' && (
          <Form.Item name="contractor" label={t('funds:contractor')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="action-contractor" />
          </Form.Item>
        )}
        {action === 'milestone' && (
          <>
            <Form.Item name="title" label={t('funds:milestone')} rules={[{ required: true, max: 100 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="photos" label={t('funds:photos')} valuePropName="fileList" getValueFromEvent={normFile}>
              <Upload beforeUpload={() => false} accept="image/jpeg,image/png,image/webp" listType="picture" maxCount={6}>
                <Button icon={<UploadOutlined />}>{t('funds:choose-photos')}</Button>
              </Upload>
            </Form.Item>
          </>
        )}
        {(action === 'milestone' || action === 'complete' || action === 'accept') && (
          <Form.Item name="note" label={t('funds:note')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        )}
        {action === 'accept' && (
          <Form.List name="signers">
            {(fields, { add, remove }) => (
              <>
                <Typography.Text>{t('funds:who-signed-the-public-page-shows-only-their-role')}</Typography.Text>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'role']} rules={[{ required: true }]}>
                      <Input placeholder={t('funds:role')} style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true }]}>
                      <Input placeholder={t('funds:name-2')} style={{ width: 160 }} data-testid={`signer-name-${f.name}`} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: '', name: '' })}>
                  {t('funds:add-a-signer')}
                </Button>
              </>
            )}
          </Form.List>
        )}
        {action === 'close' && (
          <Form.Item name="finalCost" label={t('funds:final-cost-yuan-equal-to-what-was-paid')} rules={[{ required: true }]}>
            <InputNumber min={0} precision={2} style={{ width: 200 }} />
          </Form.Item>
        )}
        {action === 'request_payment' && (
          <>
            <Typography.Paragraph type="secondary">
              {t('funds:approved-yuan-yuan-paid-yuan2-yuan', { yuan: yuan(p.approvedFen), yuan2: yuan(p.paidFen) })}
            </Typography.Paragraph>
            <Form.Item name="payee" label={t('funds:payee')} rules={[{ required: true, max: 100 }]} initialValue={p.contractor ?? undefined}>
              <Input data-testid="payment-payee" />
            </Form.Item>
            <Form.Item name="amount" label={t('funds:amount-yuan')} rules={[{ required: true }]}>
              <InputNumber min={0.01} precision={2} style={{ width: 200 }} data-testid="payment-amount" />
            </Form.Item>
            <Form.Item name="receipt" label={t('funds:receipt-invoice-photo-or-pdf')} valuePropName="fileList" getValueFromEvent={normFile} rules={[{ required: true }]}>
              <Upload beforeUpload={() => false} accept="image/jpeg,image/png,image/webp,application/pdf" maxCount={1}>
                <Button icon={<UploadOutlined />} data-testid="payment-receipt">
                  {t('funds:choose-a-file')}
                </Button>
              </Upload>
            </Form.Item>
            <Form.Item name="note" label={t('funds:note')}>
              <Input maxLength={500} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
