/**
 * /r/helper — 党员、志愿者的手机页: a registered party member, volunteer or paired-unit member signs in
 * with the phone staff registered and a one-time SMS code, then sees the activities to sign up for,
 * the needs and wishes of their community they may claim, and their own deeds and time bank.
 */
import { useCallback, useEffect, useState } from 'react';
import { Button, Input, Tabs } from 'antd-mobile';
import type { HelperMe } from '../../app/contract';
import { useI18n } from '../../shared/i18n';
import { MobileShell, PlaceHeader } from '../MobileShell';
import { ApiError, errorText, helperApi } from './api';
import { ActivitiesTab, MeTab, NeedsTab } from './HelperTabs';
import { WishesTab } from './HelperWishes';

function SignIn({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await f();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="m-card">
      <p className="m-muted">{t('mobile:sign-in-with-the-phone-you-registered-with-your')}</p>
      <Input placeholder={t('mobile:mobile-number-2')} value={phone} onChange={setPhone} type="tel" maxLength={13} data-testid="helper-phone" />
      <Button block disabled={busy || phone.replace(/\D/g, '').length !== 11} onClick={() => void run(async () => (await helperApi.sendCode(phone), setSent(true)))} data-testid="helper-send-code" style={{ margin: '8px 0' }}>
        {sent ? t('mobile:send-the-code-again') : t('mobile:send-the-code')}
      </Button>
      {sent && (
        <>
          <p className="m-muted" data-testid="helper-code-sent">
            {t('mobile:if-this-phone-is-registered-a-code-is-on-its-way')}
          </p>
          <Input placeholder={t('mobile:the-six-digit-code')} value={code} onChange={(v) => setCode(v.replace(/\D/g, '').slice(0, 6))} type="tel" maxLength={6} data-testid="helper-code" />
          <Button block color="primary" loading={busy} disabled={code.length !== 6} onClick={() => void run(async () => (await helperApi.signIn(phone, code), onDone()))} data-testid="helper-sign-in" style={{ marginTop: 8 }}>
            {t('mobile:sign-in-2')}
          </Button>
        </>
      )}
      {error && (
        <div className="m-error" data-testid="helper-error">
          {error}
        </div>
      )}
    </div>
  );
}

export default function HelperPage() {
  const { t } = useI18n();
  const [me, setMe] = useState<HelperMe | null>(null);
  const [phase, setPhase] = useState<'loading' | 'out' | 'in'>('loading');
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      setMe(await helperApi.me());
      setPhase('in');
    } catch (e) {
      setMe(null);
      setPhase('out');
      if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 403)) setError(errorText(e));
    }
  }, []);
  useEffect(() => void load(), [load]);

  return (
    <MobileShell>
      <PlaceHeader title={t('mobile:party-members-and-volunteers')} subtitle={me ? `${me.name} · ${me.regionName}` : t('mobile:sign-up-claim-wishes-your-time-bank')} testId="helper-header" />
      <div className="m-body">
        {error && <div className="m-error">{error}</div>}
        {phase === 'out' && <SignIn onDone={() => void load()} />}
        {phase === 'in' && me && (
          <Tabs defaultActiveKey="activities">
            <Tabs.Tab title={t('mobile:activities')} key="activities">
              <ActivitiesTab />
            </Tabs.Tab>
            <Tabs.Tab title={t('mobile:wishes')} key="wishes">
              <WishesTab onDeed={() => void load()} />
            </Tabs.Tab>
            <Tabs.Tab title={t('mobile:needs')} key="needs">
              <NeedsTab />
            </Tabs.Tab>
            <Tabs.Tab title={t('mobile:me')} key="me">
              <MeTab me={me} onSignOut={() => void helperApi.signOut().finally(() => (setMe(null), setPhase('out')))} />
            </Tabs.Tab>
          </Tabs>
        )}
      </div>
    </MobileShell>
  );
}
