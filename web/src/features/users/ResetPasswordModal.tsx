import { useEffect, useState } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import type { User } from '../../app/contract';
import { passwordRules, validValues } from '../../app/validation';
import { useUpdateUser } from './api';

/** An administrator sets a new password for an account (e.g. a forgotten one). */
export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const update = useUpdateUser();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (user) {
      form.resetFields();
      setError(null);
    }
  }, [user, form]);

  const onOk = async () => {
    if (!user) return;
    const v = await validValues(form);
    if (!v) return;
    try {
      await update.mutateAsync({ id: user.id, body: { version: user.version, password: v.password } });
      message.success(t('users:password-of-username-reset', { username: user.username }));
      onClose();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Modal
      open={!!user}
      title={t('users:reset-password-username', { username: user?.username ?? '' })}
      onCancel={onClose}
      onOk={() => void onOk()}
      okText={t('users:reset')}
      okButtonProps={{ danger: true }}
      confirmLoading={update.isPending}
      forceRender
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('users:hand-the-new-password-over-in-person-or-through')}
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" style={{ marginTop: 16 }}>
        <Form.Item name="password" label={t('users:new-password')} rules={passwordRules(t)}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('users:repeat-the-new-password-2')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('users:repeat-the-new-password') },
            ({ getFieldValue }) => ({
              validator: (_, v) => (!v || v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('users:the-two-passwords-differ')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
