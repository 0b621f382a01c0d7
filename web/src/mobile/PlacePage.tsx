import { useEffect, useState } from 'react';
import { useNavigate, useParams, Link } from 'react-router-dom';
import { Button, DotLoading, Tabs } from 'antd-mobile';
import { publicApi, PublicError, type Place, type Submitted } from './api';
import { ErrorNotice } from './ErrorNotice';
import { placeTrail, trackHref } from './format';
import { MobileShell, PlaceHeader } from './MobileShell';
import { rememberAppeal } from './recent';
import { SubmitForm } from './SubmitForm';
import { SuccessView } from './SuccessView';
import { TrackPanel } from './TrackPanel';
import { useI18n, type Translate } from '../shared/i18n';

const levelText = (t: Translate): Record<Place['level'], string> => ({
  grid: t('mobile:grid'),
  village: t('mobile:community'),
  township: t('mobile:township'),
});

/** /r/:code — what a QR poster opens: the place, the submit form, and tracking. */
export default function PlacePage() {
  const { t } = useI18n();
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const [place, setPlace] = useState<Place | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [tab, setTab] = useState<'submit' | 'track'>('submit');
  const [done, setDone] = useState<(Submitted & { phone: string }) | null>(null);
  const [formKey, setFormKey] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    if (!/^\d{9}(\d{3}(\d{3})?)?$/.test(code)) {
      setError(new PublicError(404, 'not_found', t('mobile:the-qr-codes-address-is-incomplete')));
      return;
    }
    publicApi.place(code).then(
      (p) => live && setPlace(p),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [code, attempt, t]);

  useEffect(() => {
    document.title = place ? t('mobile:scan-the-code-name', { name: place.name }) : t('mobile:scan-the-code-a-dispute-scan-the-code');
  }, [place, t]);

  if (error) {
    const notFound = error instanceof PublicError && error.status === 404;
    return (
      <MobileShell>
        <PlaceHeader title={t('mobile:a-dispute-scan-the-code')} subtitle={t('mobile:tingsu-residents-appeals')} />
        <div className="m-body">
          <ErrorNotice
            error={notFound ? new Error(t('mobile:no-community-or-grid-matches-this-qr-code')) : error}
            testId="place-error"
            action={
              notFound ? (
                <span>{t('mobile:the-qr-code-may-have-been-replaced-or-not')}</span>
              ) : (
                <Button size="small" color="primary" onClick={() => setAttempt((n) => n + 1)}>
                  {t('mobile:retry')}
                </Button>
              )
            }
          />
          <div style={{ margin: '12px 12px 0' }}>
            <Button block fill="outline" onClick={() => navigate(trackHref())}>
              {t('mobile:track-an-appeal-you-sent')}
            </Button>
          </div>
        </div>
      </MobileShell>
    );
  }

  if (!place) {
    return (
      <MobileShell>
        <PlaceHeader title={t('mobile:a-dispute-scan-the-code')} subtitle={t('mobile:opening')} />
        <div className="m-body m-center" data-testid="place-loading">
          <DotLoading color="primary" />
        </div>
      </MobileShell>
    );
  }

  return (
    <MobileShell>
      <PlaceHeader title={place.name} subtitle={placeTrail(place.path)} badge={levelText(t)[place.level]} testId="place-header" />
      <div className="m-intro">
        <div className="m-intro-title">{t('mobile:every-appeal-answered-handled-from-a-scan')}</div>
        <div className="m-intro-text">
          {t('mobile:neighbour-disputes-litter-roads-and-street')}
        </div>
        {place.code.length >= 12 && (
          // 三账公开: the community's money in public (the funds module's page, no sign-in).
          <a className="m-intro-text" href={`/accounts/place/${place.code.slice(0, 12)}`} data-testid="place-accounts">
            {t('mobile:this-communitys-public-accounts-income-spending')}
          </a>
        )}
      </div>
      <Tabs activeKey={tab} onChange={(k) => setTab(k as 'submit' | 'track')} className="m-tabs" stretch>
        <Tabs.Tab title={<span data-testid="tab-submit">{t('mobile:raise-an-appeal')}</span>} key="submit" />
        <Tabs.Tab title={<span data-testid="tab-track">{t('mobile:track')}</span>} key="track" />
      </Tabs>
      <div className="m-body">
        {tab === 'submit' ? (
          done ? (
            <SuccessView
              number={done.number}
              last4={done.last4}
              onTrack={() => navigate(trackHref({ number: done.number, from: place.code }), { state: { last4: done.last4 } })}
              onAnother={() => {
                setDone(null);
                setFormKey((k) => k + 1);
                window.scrollTo(0, 0);
              }}
            />
          ) : (
            <SubmitForm
              key={formKey}
              place={place}
              onDone={(r) => {
                rememberAppeal({ number: r.number, place: place.name, at: new Date().toISOString() });
                setDone(r);
                window.scrollTo(0, 0);
              }}
            />
          )
        ) : (
          <TrackPanel />
        )}
        {place.code.length >= 12 && (
          <Link to={`/r/${place.code.slice(0, 12)}/meetings`} className="m-back" data-testid="community-meetings-link">
            {t('mobile:community-deliberation-meetings-decisions-and')}
          </Link>
        )}
      </div>
    </MobileShell>
  );
}
