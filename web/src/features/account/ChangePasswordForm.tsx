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
      message.success(t('account:password-changed-use-the-new-one-next-time-you'));
      form.resetFields();
      onDone?.();
    } catch {
      // Shown below the form from the mutation's error.
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={onFinish} style={{ maxWidth: 420 }} requiredMark={false}>
      {change.isError && <Alert type="error" showIcon title={errorText(change.error)} style={{ marginBottom: 16 }} data-testid="password-error" />}
      <Form.Item name="currentPassword" label={t('account:current-password')} rules={[{ required: true, message: t('account:enter-your-current-password') }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('account:new-password')}
        rules={passwordRules(t)}
        extra={t('account:10-to-128-characters-not-a-common-password-or')}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('account:repeat-the-new-password-2')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('account:repeat-the-new-password') },
          ({ getFieldValue }) => ({
            validator: (_, v) =>
              !v || v === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('account:the-two-passwords-differ'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending}>
        {t('common:change-password')}
      </Button>
    </Form>
  );
}
