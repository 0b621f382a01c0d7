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
      message.success(t(`已重置 ${user.username} 的密码`, `Password of ${user.username} reset`));
      onClose();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Modal
      open={!!user}
      title={t(`重置密码：${user?.username ?? ''}`, `Reset password: ${user?.username ?? ''}`)}
      onCancel={onClose}
      onOk={() => void onOk()}
      okText={t('重置', 'Reset')}
      okButtonProps={{ danger: true }}
      confirmLoading={update.isPending}
      forceRender
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('重置后请把新密码当面或通过安全渠道告知本人，并提醒其登录后修改。', 'Hand the new password over in person or through a safe channel, and ask them to change it.')}
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" style={{ marginTop: 16 }}>
        <Form.Item name="password" label={t('新密码', 'New password')} rules={passwordRules(t)}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('确认新密码', 'Repeat the new password')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('请再次输入新密码', 'Repeat the new password') },
            ({ getFieldValue }) => ({
              validator: (_, v) => (!v || v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('两次输入的密码不一致', 'The two passwords differ')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
