/** Sign-in on the phone: once online; afterwards the app opens offline with the account it remembers. */
import { useState } from 'react';
import { Button, Input } from 'antd-mobile';
import { errorHint, errorText, WorkerApiError } from './api';
import { signIn } from './session';
import { useWorker } from './state';
import { useI18n } from '../../shared/i18n';

export default function LoginPage() {
  const { t } = useI18n();
  const s = useWorker();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const waiting = s.queue.length;

  const submit = async () => {
    if (!username.trim() || !password) return setError(t('worker:enter-your-username-and-password'));
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (e) {
      const offline = e instanceof WorkerApiError && e.status === 0;
      setError(offline ? t('worker:there-is-no-network-now-and-signing-in-needs-one') : t('worker:errortext-errorhint', { errorText: errorText(e), errorHint: errorHint(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="m-card w-login" data-testid="worker-login">
      <h2 className="m-card-title">{t('worker:grid-worker-sign-in')}</h2>
      <p className="m-muted m-small">{t('worker:sign-in-with-your-platform-account-after-signing')}</p>
      {!s.online && <div className="w-notice is-warn">{t('worker:there-is-no-network-now-the-first-sign-in-needs')}</div>}
      {s.online && s.sessionExpired && <div className="w-notice is-warn">{t('worker:your-sign-in-has-expired-sign-in-again')}</div>}
      {waiting > 0 && (
        <div className="w-notice" data-testid="login-waiting">
          {t('worker:waiting-visit-records-on-this-phone-wait-to', { waiting, value: [...new Set(s.queue.map((q) => q.userName))].join('、'), value2: [...new Set(s.queue.map((q) => q.userName))].join(', ') })}
        </div>
      )}
      {s.storageError && <div className="m-error">{s.storageError}</div>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="m-label" htmlFor="w-username">
          {t('worker:username')}
        </label>
        <Input id="w-username" className="m-input" value={username} onChange={setUsername} autoComplete="username" placeholder={t('worker:username')} clearable data-testid="worker-username" />
        <label className="m-label" htmlFor="w-password">
          {t('worker:password')}
        </label>
        <Input id="w-password" className="m-input" type="password" value={password} onChange={setPassword} autoComplete="current-password" placeholder={t('worker:password')} data-testid="worker-password" />
        {error && (
          <div className="m-field-error" role="alert" data-testid="worker-login-error">
            {error}
          </div>
        )}
        <Button block color="primary" size="large" type="submit" loading={busy} className="w-login-submit" data-testid="worker-login-submit">
          {t('worker:sign-in')}
        </Button>
      </form>
      <p className="m-muted m-small">{t('worker:forgot-your-password-ask-your-communitys-or')}</p>
    </div>
  );
}
