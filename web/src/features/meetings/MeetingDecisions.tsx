/** A meeting's decisions and the actions they make (who, by when, how it stands), recorded in a dialog. */
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, InputNumber, List, Modal, Progress, Radio, Select, Space, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import type { MeetingAction, MeetingDetail } from '../../app/contract';
import { useOrgs } from '../orgs/api';
import { useRecordDecision } from './api';
import { ACTION_STATUS_COLORS, LatenessTag } from './MeetingsPage';

export function ActionList({ actions, onOpen }: { actions: MeetingAction[]; onOpen: (id: string) => void }) {
  return (
    <List
      size="small"
      dataSource={actions}
      renderItem={(a) => (
        <List.Item onClick={() => onOpen(a.id)} style={{ cursor: 'pointer' }} data-testid={`meeting-action-${a.title}`}>
          <Space direction="vertical" size={0} style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong>{a.title}</Typography.Text>
              <Tag color={ACTION_STATUS_COLORS[a.status]}>{a.statusName}</Tag>
              <LatenessTag lateness={a.lateness} />
            </Space>
            <Typography.Text type="secondary">
              {a.ownerName} · {a.deadline}
            </Typography.Text>
            <Progress percent={a.progress} size="small" />
          </Space>
        </List.Item>
      )}
    />
  );
}

export function Decisions({ m, canWrite, onOpen }: { m: MeetingDetail; canWrite: boolean; onOpen: (id: string) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const actionsById = new Map(m.actions.map((a) => [a.id, a]));
  return (
    <Card
      size="small"
      title={t('meetings:decisions-and-actions')}
      extra={
        canWrite &&
        m.status === 'held' && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="decision-add">
            {t('meetings:record-a-decision')}
          </Button>
        )
      }
    >
      {m.decisions.length === 0 ? (
        <Empty description={m.status === 'held' ? t('meetings:no-decisions-yet') : t('meetings:decisions-are-recorded-once-the-meeting-is-held')} />
      ) : (
        m.decisions.map((d) => (
          <div key={d.id} style={{ marginBottom: 16 }} data-testid="decision">
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('meetings:decision')}>{d.text}</Descriptions.Item>
              <Descriptions.Item label={t('meetings:how')}>
                {d.method === 'consensus'
                  ? t('meetings:consensus-present-invited-present', { present: d.present, invited: d.invited })
                  : t('meetings:show-of-hands-votesfor-for-votesagainst-against', { votesFor: d.votesFor, votesAgainst: d.votesAgainst, votesAbstain: d.votesAbstain })}
              </Descriptions.Item>
            </Descriptions>
            <ActionList actions={d.actionIds.map((id) => actionsById.get(id)!).filter(Boolean)} onOpen={onOpen} />
          </div>
        ))
      )}
      {open && <DecisionModal m={m} onClose={() => setOpen(false)} />}
    </Card>
  );
}

function DecisionModal({ m, onClose }: { m: MeetingDetail; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const record = useRecordDecision(m.id);
  const orgs = useOrgs({}, 1, 100);
  const [form] = Form.useForm();
  const method = Form.useWatch('method', form) ?? 'consensus';
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await record.mutateAsync({
        topicId: v.topicId || undefined,
        text: v.text,
        method: v.method,
        ...(v.method === 'show_of_hands' ? { votesFor: v.votesFor, votesAgainst: v.votesAgainst, votesAbstain: v.votesAbstain } : {}),
        actions: (v.actions ?? []).map((a: { title: string; ownerOrgId: string; deadline: { format(f: string): string } }) => ({ title: a.title, ownerOrgId: a.ownerOrgId, deadline: a.deadline.format('YYYY-MM-DD') })),
      });
      message.success(t('meetings:decision-recorded'));
      onClose();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open width={640} title={t('meetings:record-a-decision')} onOk={submit} onCancel={onClose} confirmLoading={record.isPending} okButtonProps={{ 'data-testid': 'decision-submit' } as ButtonProps}>
      <Form form={form} layout="vertical" initialValues={{ method: 'consensus', actions: [{}] }}>
        <Form.Item name="topicId" label={t('meetings:topic')}>
          <Select allowClear options={m.topics.filter((tp) => tp.status !== 'declined').map((tp) => ({ value: tp.id, label: tp.title }))} />
        </Form.Item>
        <Form.Item name="text" label={t('meetings:what-was-decided')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={2} data-testid="decision-text" />
        </Form.Item>
        <Form.Item name="method" label={t('meetings:how-it-was-reached')}>
          <Radio.Group
            options={[
              { value: 'consensus', label: t('meetings:consensus') },
              { value: 'show_of_hands', label: t('meetings:show-of-hands') },
            ]}
          />
        </Form.Item>
        {method === 'show_of_hands' && (
          <Space>
            <Form.Item name="votesFor" label={t('meetings:for')} rules={[{ required: true }]}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item name="votesAgainst" label={t('meetings:against')} rules={[{ required: true }]}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item name="votesAbstain" label={t('meetings:abstaining')} rules={[{ required: true }]}>
              <InputNumber min={0} />
            </Form.Item>
          </Space>
        )}
        <Form.List name="actions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item name={[f.name, 'title']} label={i === 0 ? t('meetings:action') : undefined} rules={[{ required: true, whitespace: true }]}>
                    <Input style={{ width: 200 }} data-testid={`decision-action-title-${i}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'ownerOrgId']} label={i === 0 ? t('meetings:owner-2') : undefined} rules={[{ required: true }]}>
                    <Select
                      style={{ width: 180 }}
                      showSearch
                      optionFilterProp="label"
                      options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
                      data-testid={`decision-action-owner-${i}`}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'deadline']} label={i === 0 ? t('meetings:deadline') : undefined} rules={[{ required: true }]}>
                    <DatePicker data-testid={`decision-action-deadline-${i}`} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} style={{ marginTop: i === 0 ? 38 : 8 }} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />}>
                {t('meetings:add-an-action')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
