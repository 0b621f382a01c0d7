import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal } from 'antd';
import { errorText } from '../../app/api';
import { hasAnyRole, useUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import type { FundProjectDetail } from '../../app/contract';
import { useSetHouseholds } from './api';

/** The households a project benefits (counted from its place's household files when proposed), corrected with a reason. */
export function HouseholdsEdit({ p }: { p: FundProjectDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ households: number; reason: string }>();
  const save = useSetHouseholds();
  const canWrite = hasAnyRole(user, ['admin', 'dispatcher', 'community_staff']) && p.status !== 'rejected' && p.status !== 'cancelled';
  return (
    <>
      <span data-testid="project-households">{p.households}</span>
      {canWrite && (
        <Button
          type="link"
          size="small"
          data-testid="project-households-edit"
          onClick={() => {
            form.setFieldsValue({ households: p.households, reason: '' });
            setOpen(true);
          }}
        >
          {t('funds:correct')}
        </Button>
      )}
      <Modal
        open={open}
        title={t('funds:correct-the-households-benefiting')}
        onCancel={() => setOpen(false)}
        confirmLoading={save.isPending}
        okButtonProps={{ 'data-testid': 'households-submit' } as Record<string, string>}
        onOk={async () => {
          const v = await form.validateFields();
          try {
            await save.mutateAsync({ id: p.id, body: { version: p.version, households: v.households, reason: v.reason } });
            setOpen(false);
          } catch (e) {
            void message.error(errorText(e));
          }
        }}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="households" label={t('funds:households-benefiting')} rules={[{ required: true }]}>
            <InputNumber min={0} max={1_000_000} style={{ width: 160 }} data-testid="households-value" />
          </Form.Item>
          <Form.Item name="reason" label={t('funds:reason-kept-in-the-projects-record-and-the-audit')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={2} maxLength={500} data-testid="households-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
