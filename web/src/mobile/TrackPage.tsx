import { useEffect } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { useI18n } from '../shared/i18n';
import { MobileShell, PlaceHeader } from './MobileShell';
import { TrackPanel } from './TrackPanel';

/** /r/track — tracking on its own (from the success screen, a bookmark, or any poster). */
export default function TrackPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const location = useLocation();
  const from = params.get('from');
  // The digits travel in history state from the success screen, never in the address.
  const last4 = (location.state as { last4?: string } | null)?.last4 ?? '';
  useEffect(() => {
    document.title = t('mobile:scan-the-code-track-an-appeal');
  }, [t]);
  return (
    <MobileShell>
      <PlaceHeader title={t('mobile:track-an-appeal')} subtitle={t('mobile:with-the-appeal-number-and-the-last-four-digits')} />
      <div className="m-body">
        <TrackPanel initial={{ number: params.get('number') ?? '', last4 }} showTitle={false} />
        {from && /^\d{9,15}$/.test(from) && (
          <Link to={`/r/${from}`} className="m-back" data-testid="back-to-place">
            {t('mobile:back-to-raising-an-appeal')}
          </Link>
        )}
      </div>
    </MobileShell>
  );
}
