/**
 * 多诉统办 at the door: while the worker writes up the resident's problem, the appeals of the worker's
 * grids it likely repeats (asked for after a pause in typing; skipped quietly without a network), each
 * with its reasons. On an open one the worker can count the resident as affected (我也遇到) instead of
 * registering a new appeal — the resident is told its outcome by SMS — or register anyway.
 */
import { useEffect, useState } from 'react';
import { Button, Dialog, Input, Toast } from 'antd-mobile';
import type { VisitRepeat } from '../../app/contract';
import { errorText, workerApi } from './api';
import { useI18n } from '../../shared/i18n';

const WAIT_MS = 700;
/** Fewer characters than this say too little to compare. */
const MIN_CHARS = 6;

interface Props {
  householdId: string;
  content: string;
  categoryCode: string | null;
  position: { lon: number; lat: number } | null;
  online: boolean;
  /** The resident was counted as affected by this appeal: the visit records it instead of a new appeal. */
  onJoined: (number: string) => void;
}

export function RepeatsPanel({ householdId, content, categoryCode, position, online, onJoined }: Props) {
  const { t } = useI18n();
  const [items, setItems] = useState<VisitRepeat[]>([]);
  const [dismissed, setDismissed] = useState(false);
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const text = content.trim();
  const lon = position?.lon;
  const lat = position?.lat;

  useEffect(() => {
    if (!online || text.length < MIN_CHARS) {
      setItems([]);
      return;
    }
    let live = true;
    const timer = setTimeout(async () => {
      try {
        const found = await workerApi.repeats({ householdId, content: text, ...(categoryCode ? { categoryCode } : {}), ...(lon !== undefined && lat !== undefined ? { lon, lat } : {}) });
        if (live) setItems(found.items);
      } catch {
        // A weak signal or a refusal: the suggestions are a help, never in the way.
        if (live) setItems([]);
      }
    }, WAIT_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [householdId, text, categoryCode, lon, lat, online]);

  if (!items.length || dismissed) return null;

  const reasonText = (r: VisitRepeat['reasons'][number]) => {
    const v = r.value ?? 0;
    switch (r.code) {
      case 'same_grid':
        return t('mobile:same-grid');
      case 'distance':
        return t('worker:about-v-m-away', { v });
      case 'days':
        return v === 0 ? t('worker:registered-today') : t('worker:registered-v-days-ago', { v });
      case 'text': {
        const pct = Math.round(v * 100);
        return t('worker:wording-pct-alike', { pct });
      }
      case 'same_category':
        return t('worker:same-category');
      default:
        return r.code;
    }
  };

  const join = async (item: VisitRepeat) => {
    const typed = phone.trim();
    const number = item.number;
    const ok = await Dialog.confirm({
      content: typed
        ? t('worker:count-the-resident-on-typed-as-affected-by', { typed, number })
        : t('worker:count-the-resident-on-the-households-phone-as', { number }),
      confirmText: t('mobile:me-too'),
      cancelText: t('worker:cancel'),
    });
    if (!ok) return;
    setBusy(item.id);
    setError(null);
    try {
      const r = await workerApi.meToo({ householdId, appealId: item.id, ...(typed ? { phone: typed } : {}) });
      const affected = r.affected;
      Toast.show({ icon: 'success', content: t('worker:counted-as-affected-affected-in-all-the-resident', { affected }) });
      onJoined(r.number);
      setDismissed(true);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="m-card w-repeats" data-testid="visit-repeats">
      <div className="w-field-label">{t('worker:this-may-already-be-reported')}</div>
      <p className="m-muted m-small">{t('worker:for-the-same-problem-the-resident-can-say-me-too')}</p>
      {items.map((item) => (
        <div key={item.id} className="w-repeat" data-testid="visit-repeat">
          <div className="w-repeat-head">
            <strong>{item.title}</strong>
            <span className="m-muted m-small"> {item.number}</span>
          </div>
          <div className="m-small">{item.excerpt}</div>
          <div className="w-repeat-reasons" data-testid="visit-repeat-reasons">
            {item.reasons.map((r) => (
              <span key={r.code} className="w-tag">
                {reasonText(r)}
              </span>
            ))}
            {item.affected > 0 && <AffectedTag n={item.affected} />}
          </div>
          {item.open ? (
            <Button size="small" color="primary" fill="outline" loading={busy === item.id} disabled={busy !== null} onClick={() => void join(item)} data-testid="visit-repeat-metoo">
              {t('worker:me-too-no-new-appeal')}
            </Button>
          ) : (
            <span className="m-muted m-small">{t('worker:closed-if-the-problem-is-back-register-it')}</span>
          )}
        </div>
      ))}
      <div className="w-field">
        <div className="w-field-label">{t('worker:the-affected-residents-phone-optional-the')}</div>
        <Input value={phone} onChange={setPhone} type="tel" maxLength={20} clearable placeholder={t('worker:e-g-139-0796-0001')} data-testid="visit-repeat-phone" />
      </div>
      {error && (
        <div className="m-error" role="alert" data-testid="visit-repeat-error">
          {error}
        </div>
      )}
      <Button size="small" fill="none" onClick={() => setDismissed(true)} data-testid="visit-repeat-register-anyway">
        {t('worker:not-the-same-problem-register-anyway')}
      </Button>
    </section>
  );
}

function AffectedTag({ n }: { n: number }) {
  const { t } = useI18n();
  return <span className="w-tag">{t('worker:n-also-affected', { n })}</span>;
}
