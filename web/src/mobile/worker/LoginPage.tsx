/** Sign-in on the phone: once online; afterwards the app opens offline with the account it remembers. */
import { useState } from 'react';
import { Button, Input } from 'antd-mobile';
import { errorHint, errorText, WorkerApiError } from './api';
import { signIn } from './session';
import { useWorker } from './state';

export default function LoginPage() {
  const s = useWorker();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const waiting = s.queue.length;

  const submit = async () => {
    if (!username.trim() || !password) return setError('请填写用户名和密码');
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (e) {
      const offline = e instanceof WorkerApiError && e.status === 0;
      setError(offline ? '现在没有网络，登录需要联网。请连上网络后再试。' : `${errorText(e)}。${errorHint(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="m-card w-login" data-testid="worker-login">
      <h2 className="m-card-title">网格员登录</h2>
      <p className="m-muted m-small">用平台账号登录。登录一次后，没有信号也能查看计划、登记走访。</p>
      {!s.online && <div className="w-notice is-warn">现在没有网络。第一次使用要联网登录一次，之后没有信号也能用。</div>}
      {s.online && s.sessionExpired && <div className="w-notice is-warn">登录已过期，请重新登录。</div>}
      {waiting > 0 && (
        <div className="w-notice" data-testid="login-waiting">
          手机里有 {waiting} 条走访记录等待上传（{[...new Set(s.queue.map((q) => q.userName))].join('、')}），登录对应账号后会自动上传。
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
          用户名
        </label>
        <Input id="w-username" className="m-input" value={username} onChange={setUsername} autoComplete="username" placeholder="用户名" clearable data-testid="worker-username" />
        <label className="m-label" htmlFor="w-password">
          密码
        </label>
        <Input id="w-password" className="m-input" type="password" value={password} onChange={setPassword} autoComplete="current-password" placeholder="密码" data-testid="worker-password" />
        {error && (
          <div className="m-field-error" role="alert" data-testid="worker-login-error">
            {error}
          </div>
        )}
        <Button block color="primary" size="large" type="submit" loading={busy} className="w-login-submit" data-testid="worker-login-submit">
          登录
        </Button>
      </form>
      <p className="m-muted m-small">忘记密码请联系社区或街道的管理员重置。</p>
    </div>
  );
}
