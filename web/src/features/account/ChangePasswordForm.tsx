import { Alert, App, Button, Form, Input } from 'antd';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { passwordRules } from '../../app/validation';
import { useChangePassword } from './api';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Change one's own password; the server checks the current one and the policy again. */
export function ChangePasswordForm({ onDone }: { onDone?: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();

  const onFinish = async (v: Values) => {
    try {
      await change.mutateAsync({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      message.success(t('密码已修改，下次登录请使用新密码', 'Password changed; use the new one next time you sign in'));
      form.resetFields();
      onDone?.();
    } catch {
      // Shown below the form from the mutation's error.
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={onFinish} style={{ maxWidth: 420 }} requiredMark={false}>
      {change.isError && <Alert type="error" showIcon title={errorText(change.error)} style={{ marginBottom: 16 }} data-testid="password-error" />}
      <Form.Item name="currentPassword" label={t('当前密码', 'Current password')} rules={[{ required: true, message: t('请输入当前密码', 'Enter your current password') }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('新密码', 'New password')}
        rules={passwordRules(t)}
        extra={t('10–128 个字符，不能是常见密码或与用户名相同', '10 to 128 characters, not a common password or the username')}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('确认新密码', 'Repeat the new password')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('请再次输入新密码', 'Repeat the new password') },
          ({ getFieldValue }) => ({
            validator: (_, v) =>
              !v || v === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('两次输入的密码不一致', 'The two passwords differ'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending}>
        {t('修改密码', 'Change password')}
      </Button>
    </Form>
  );
}
