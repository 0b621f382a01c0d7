import { useState } from 'react';
import { Button, Toast } from 'antd-mobile';
import { useI18n } from '../shared/i18n';

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // WeChat's browser and plain-http pages often refuse; fall back below
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.top = '-1000px';
  document.body.appendChild(ta);
  ta.select();
  ta.setSelectionRange(0, text.length);
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  document.body.removeChild(ta);
  return ok;
}

export function SuccessView({
  number,
  last4,
  onTrack,
  onAnother,
}: {
  number: string;
  last4: string;
  onTrack: () => void;
  onAnother: () => void;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<boolean | null>(null);

  const copy = async () => {
    const ok = await copyText(number);
    setCopied(ok);
    Toast.show({ content: ok ? t('mobile:number-copied') : t('mobile:could-not-copy-press-and-hold-the-number-to-copy'), icon: ok ? 'success' : undefined });
  };

  return (
    <div className="m-card m-success" data-testid="submit-success">
      <div className="m-success-icon" aria-hidden="true">
        ✓
      </div>
      <h2>{t('mobile:sent-it-will-be-handled-as-soon-as-possible')}</h2>
      <p className="m-muted">{t('mobile:your-appeal-number')}</p>
      <div className="m-number" data-testid="appeal-number">
        {number}
      </div>
      <Button color="primary" fill="outline" size="small" onClick={() => void copy()} data-testid="copy-number">
        {copied ? t('mobile:copied') : t('mobile:copy-number')}
      </Button>
      <div className="m-howto">
        <p>
          <b>{t('mobile:take-a-screenshot-or-write-this-number-down')}</b>
        </p>
        <p>
          {t('mobile:with-the')}
          <b>{t('mobile:number')}</b>
          {t('mobile:and-the')}
          <b>{t('mobile:last-four-digits-of-your-phone-last4', { last4 })}</b>
          {t('mobile:scan-the-code-any-time-and-tap-track-to-see-how')}
        </p>
        <p className="m-muted">{t('mobile:staff-may-call-you-to-check-the-details-please')}</p>
      </div>
      <Button block color="primary" size="large" onClick={onTrack} data-testid="go-track">
        {t('mobile:track-its-progress')}
      </Button>
      <Button block fill="none" onClick={onAnother} style={{ marginTop: 8 }}>
        {t('mobile:raise-another-problem')}
      </Button>
    </div>
  );
}
