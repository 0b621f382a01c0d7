import { useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { Button, DotLoading, Result } from 'antd-mobile';
import type { PublicSignIn } from '../app/contract';
import { useI18n } from '../shared/i18n';
import { publicApi, PublicError } from './api';
import { MobileShell, PlaceHeader } from './MobileShell';

/** /r/sign/<meeting>?t=<token> — what the meeting's sign-in QR code opens: tap your own line. */
export default function MeetingSignInPage() {
  const { id = '' } = useParams<{ id: string }>();
  const [params] = useSearchParams();
  const token = params.get('t') ?? '';
  const { t } = useI18n();
  const [page, setPage] = useState<PublicSignIn | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mine, setMine] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = t('mobile:meeting-sign-in');
    publicApi
      .signInPage(id, token)
      .then(setPage)
      .catch((e: unknown) => setError(e instanceof PublicError ? e.message : String(e)));
  }, [id, token, t]);
  const sign = async (participantId: string) => {
    setBusy(true);
    try {
      setPage(await publicApi.signIn(id, token, participantId));
      setMine(participantId);
      setError(null);
    } catch (e) {
      setError(e instanceof PublicError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <MobileShell>
      <PlaceHeader title={page?.title ?? t('mobile:meeting-sign-in')} subtitle={page ? `${page.date} ${page.startTime}` : undefined} />
      <div className="m-body">
        {error && <div className="m-card m-error">{error}</div>}
        {!page && !error && (
          <div className="m-center">
            <DotLoading />
          </div>
        )}
        {mine && <Result status="success" title={t('mobile:signed-in-2')} description={t('mobile:present-of-invited-present', { present: page?.present ?? 0, invited: page?.invited ?? 0 })} />}
        {page && !mine && (
          <div className="m-card">
            <div className="m-card-title">{t('mobile:tap-your-own-line')}</div>
            {page.participants.map((p) => (
              <div key={p.id} className="m-row" style={{ justifyContent: 'space-between' }}>
                <span>{p.label}</span>
                {p.signedIn ? (
                  <span className="m-muted">{t('mobile:signed-in')}</span>
                ) : (
                  <Button size="small" color="primary" loading={busy} onClick={() => void sign(p.id)} data-testid={`qr-sign-${p.label}`}>
                    {t('mobile:sign-in')}
                  </Button>
                )}
              </div>
            ))}
          </div>
        )}
      </div>
    </MobileShell>
  );
}
