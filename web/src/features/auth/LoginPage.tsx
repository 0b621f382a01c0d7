import { useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { useAuth } from '../../app/auth';
import { LanguageSwitch } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { APP_TITLE } from '../../app/layout';

/** After this long a sign-in in progress shows that the server is slow to answer. */
const SLOW_AFTER_MS = 4000;

interface Credentials {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { user, login } = useAuth();
  const { t, tl } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // A sign-in still running after a few seconds says so, rather than leaving a spinning button alone.
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!submitting) return setSlow(false);
    const timer = setTimeout(() => setSlow(true), SLOW_AFTER_MS);
    return () => clearTimeout(timer);
  }, [submitting]);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (user) return <Navigate to={from === '/login' ? '/' : from} replace />;

  const onFinish = async ({ username, password }: Credentials) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(username.trim(), password);
      navigate(from === '/login' ? '/' : from, { replace: true });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="ts-login">
      <Card style={{ width: 400, maxWidth: '100%', boxShadow: '0 12px 40px rgba(0,0,0,0.25)' }} styles={{ body: { padding: 32 } }}>
        <Flex vertical align="center" gap={6} style={{ marginBottom: 24 }}>
          <span className="ts-logo" style={{ width: 48, height: 48, fontSize: 26, borderRadius: 10 }}>
            听
          </span>
          <Typography.Title level={3} style={{ margin: '8px 0 0' }}>
            {tl(APP_TITLE)}
          </Typography.Title>
          <Typography.Text type="secondary">{t('auth:listening-at-the-door-acting-on-every-appeal')}</Typography.Text>
        </Flex>
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        )}
        {slow && (
          <Alert type="info" showIcon title={t('auth:the-server-is-slow-to-answer-still-signing-you')} style={{ marginBottom: 16 }} data-testid="login-slow" />
        )}
        <Form<Credentials> layout="vertical" size="large" onFinish={onFinish} requiredMark={false} autoComplete="on" disabled={submitting} aria-busy={submitting}>
          <Form.Item name="username" rules={[{ required: true, message: t('auth:enter-your-username') }]}>
            <Input prefix={<UserOutlined />} placeholder={t('auth:username')} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" rules={[{ required: true, message: t('auth:enter-your-password') }]}>
            <Input.Password prefix={<LockOutlined />} placeholder={t('auth:password')} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit" data-busy={submitting ? 'true' : undefined}>
            {submitting ? t('auth:signing-in') : t('auth:sign-in')}
          </Button>
        </Form>
        <Flex justify="space-between" align="center" style={{ marginTop: 20 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('auth:forgot-your-password-ask-your-administrator-to')}
          </Typography.Text>
          <LanguageSwitch />
        </Flex>
      </Card>
    </div>
  );
}
