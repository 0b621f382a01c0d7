import { useState } from 'react';
import { App, Button, Card, Drawer, Flex, Form, Input, InputNumber, Modal, Radio, Select, Space, Statistic, Tag, Timeline, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { PageHeader } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import { pageData, useUrlListState } from '../../app/list/useListState';
import type { DisclosureRequest } from '../../app/contract';
import { RegionPicker } from '../regions/RegionPicker';
import { useCreateDisclosure, useDisclosure, useDisclosureAction, useDisclosures } from './api';

type Status = DisclosureRequest['status'];
type Action = DisclosureRequest['actions'][number];
type Outcome = NonNullable<DisclosureRequest['outcome']>;

/** 依申请公开: the requests, their statutory clock, and the steps each may take now. */
export default function DisclosurePage() {
  const { t } = useI18n();
  const user = useUser();
  const list = useUrlListState(['status'] as const);
  const requests = useDisclosures({ status: list.filter.status, page: list.page, pageSize: list.pageSize });
  const [open, setOpen] = useState<string>();
  const [creating, setCreating] = useState(false);
  const STATUS: Record<Status, { label: string; color: string }> = {
    open: { label: t('disclosure:open'), color: 'blue' },
    awaiting_correction: { label: t('disclosure:awaiting-correction'), color: 'orange' },
    consulting: { label: t('disclosure:consulting-a-third-party'), color: 'purple' },
    answered: { label: t('disclosure:answered'), color: 'green' },
  };
  return (
    <>
      <PageHeader
        title={t('common:disclosure-requests')}
        extra={
          hasAnyRole(user, ['admin', 'dispatcher', 'community_staff']) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="disclosure-new">
              {t('disclosure:register-a-request')}
            </Button>
          )
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex gap={32}>
          <Statistic title={t('disclosure:answered')} value={requests.data?.answered ?? 0} />
          <Statistic title={t('disclosure:average-answer-working-days')} value={requests.data?.averageDays ?? '—'} data-testid="disclosure-average" />
        </Flex>
      </Card>
      <ListPage<DisclosureRequest, { status?: string }>
        listId="disclosure"
        rowKey="id"
        state={list}
        data={pageData(requests)}
        testId="disclosure-table"
        onRowClick={(r) => setOpen(r.id)}
        filters={
          <Select
            allowClear
            placeholder={t('disclosure:status')}
            style={{ width: 180 }}
            value={list.filter.status}
            onChange={(v) => list.setFilter({ status: v })}
            options={(Object.keys(STATUS) as Status[]).map((s) => ({ value: s, label: STATUS[s].label }))}
          />
        }
        empty={{ title: t('disclosure:no-disclosure-requests') }}
        columns={[
          { title: t('disclosure:subject'), dataIndex: 'subject', ellipsis: true },
          { title: t('disclosure:applicant-2'), dataIndex: 'applicantName', width: 140 },
          { title: t('disclosure:status'), dataIndex: 'status', width: 150, render: (s: Status) => <Tag color={STATUS[s].color}>{STATUS[s].label}</Tag> },
          { title: t('disclosure:received-2'), dataIndex: 'receivedOn', width: 110 },
          { title: t('disclosure:due'), dataIndex: 'dueOn', width: 120, render: (d: string, r) => (r.overdue ? <Typography.Text type="danger">{d}</Typography.Text> : d) },
          { title: t('disclosure:working-days-2'), dataIndex: 'workingDays', width: 110, render: (v: number | null) => v ?? '—' },
        ]}
      />
      <CreateModal open={creating} onClose={() => setCreating(false)} />
      <DetailDrawer id={open} onClose={() => setOpen(undefined)} statusLabel={(s) => STATUS[s].label} />
    </>
  );
}

function CreateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const [form] = Form.useForm();
  const create = useCreateDisclosure();
  return (
    <Modal
      open={open}
      title={t('disclosure:register-a-disclosure-request')}
      onCancel={onClose}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'disclosure-create-ok' }}
      onOk={() =>
        void form.validateFields().then((v) =>
          create.mutate(v, {
            onSuccess: () => {
              form.resetFields();
              onClose();
            },
            onError: (e) => void message.error(errorText(e)),
          }),
        )
      }
    >
      <Form form={form} layout="vertical" initialValues={{ applicantKind: 'resident', regionCode: user.regionCode }}>
        <Form.Item name="regionCode" label={t('disclosure:office-area')} rules={[{ required: true }]}>
          <RegionPicker />
        </Form.Item>
        <Form.Item name="applicantKind" label={t('disclosure:applicant')}>
          <Radio.Group options={[{ value: 'resident', label: t('disclosure:resident') }, { value: 'firm', label: t('disclosure:firm') }]} />
        </Form.Item>
        <Form.Item name="applicantName" label={t('disclosure:name')} rules={[{ required: true }]}>
          <Input data-testid="disclosure-name" />
        </Form.Item>
        <Form.Item name="phone" label={t('disclosure:phone')}>
          <Input />
        </Form.Item>
        <Form.Item name="subject" label={t('disclosure:information-requested')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} data-testid="disclosure-subject" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DetailDrawer({ id, onClose, statusLabel }: { id?: string; onClose: () => void; statusLabel: (s: Status) => string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const detail = useDisclosure(id);
  const act = useDisclosureAction(id ?? '');
  const [pending, setPending] = useState<Action>();
  const [form] = Form.useForm();
  const d = detail.data;
  const ACTION: Record<Action, string> = {
    request_correction: t('disclosure:request-a-correction'),
    receive_correction: t('disclosure:correction-received'),
    start_consult: t('disclosure:consult-a-third-party'),
    end_consult: t('disclosure:third-party-answered'),
    extend: t('disclosure:approve-an-extension'),
    answer: t('disclosure:answer'),
  };
  const OUTCOME: Record<Outcome, string> = {
    disclosed: t('disclosure:disclosed'),
    partly_disclosed: t('disclosure:partly-disclosed'),
    not_disclosed: t('disclosure:not-disclosed'),
    not_held: t('disclosure:not-held'),
    not_a_request: t('disclosure:not-a-disclosure-request'),
  };
  const needsForm = (a: Action) => a === 'request_correction' || a === 'extend' || a === 'answer';
  const run = (action: Action, extra: Record<string, unknown> = {}) =>
    act.mutate(
      { action, body: { version: d!.version, ...extra } },
      {
        onSuccess: () => {
          setPending(undefined);
          form.resetFields();
        },
        onError: (e) => void message.error(errorText(e)),
      },
    );
  return (
    <Drawer open={!!id} onClose={onClose} width={560} title={t('disclosure:disclosure-request')} destroyOnHidden>
      {d && (
        <Flex vertical gap={12} data-testid="disclosure-detail">
          <Typography.Paragraph>{d.subject}</Typography.Paragraph>
          <Space wrap>
            <Tag data-testid="disclosure-status">{statusLabel(d.status)}</Tag>
            <span>
              {t('disclosure:due')} {d.dueOn}
            </span>
            {d.extensionDays > 0 && <Tag>{t('disclosure:extended')} {d.extensionDays}</Tag>}
            {d.outcome && <Tag color="green">{OUTCOME[d.outcome]}</Tag>}
          </Space>
          <Space wrap>
            {d.actions.map((a) => (
              <Button key={a} data-testid={`disclosure-act-${a}`} loading={act.isPending && pending === a} onClick={() => (needsForm(a) ? setPending(a) : run(a))}>
                {ACTION[a]}
              </Button>
            ))}
          </Space>
          {pending && needsForm(pending) && (
            <Card size="small" title={ACTION[pending]}>
              <Form form={form} layout="vertical" initialValues={{ outcome: 'disclosed', days: 20 }} onFinish={(v) => run(pending, v)}>
                {pending === 'answer' && (
                  <Form.Item name="outcome" label={t('disclosure:outcome')}>
                    <Select options={(Object.keys(OUTCOME) as Outcome[]).map((o) => ({ value: o, label: OUTCOME[o] }))} data-testid="disclosure-outcome" />
                  </Form.Item>
                )}
                {pending === 'extend' && (
                  <Form.Item name="days" label={t('disclosure:working-days')}>
                    <InputNumber min={1} max={20} />
                  </Form.Item>
                )}
                <Form.Item name={pending === 'answer' ? 'reason' : 'notice'} label={pending === 'answer' ? t('disclosure:reason-required-to-refuse') : t('disclosure:notice')}>
                  <Input.TextArea rows={2} data-testid="disclosure-note" />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={act.isPending} data-testid="disclosure-submit">
                  {t('disclosure:ok')}
                </Button>
              </Form>
            </Card>
          )}
          <Timeline items={d.events.map((e) => ({ children: `${e.on} ${ACTION[e.action as Action] ?? t('disclosure:received')}${e.note ? `：${e.note}` : ''}` }))} />
        </Flex>
      )}
    </Drawer>
  );
}
