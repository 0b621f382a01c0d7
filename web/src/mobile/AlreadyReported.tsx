import { useEffect, useState } from 'react';
import { Button, Tag } from 'antd-mobile';
import type { PublicSimilar } from '../app/contract';
import { publicApi, PublicError } from './api';
import { formatTime, normaliseMobile, trackHref } from './format';
import { useI18n } from '../shared/i18n';

type Item = PublicSimilar['items'][number];
type Reason = Item['reasons'][number];

function ReasonChip({ reason: r }: { reason: Reason }) {
  const { t } = useI18n();
  const value = r.value ?? 0;
  const text =
    r.code === 'same_grid'
      ? t('mobile:same-grid')
      : r.code === 'distance'
        ? t('mobile:value-m-away', { value })
        : r.code === 'days'
          ? value
            ? t('mobile:value-days-ago', { value })
            : t('mobile:today')
          : r.code === 'text'
            ? t('mobile:similar-description')
            : t('mobile:same-kind-of-problem');
  return (
    <Tag color="primary" fill="outline" style={{ marginRight: 4 }}>
      {text}
    </Tag>
  );
}

/**
 * 多诉统办 before a resident submits: open appeals nearby that look like the same problem, with
 * nothing personal (a number, the status, when, why it looks the same, how many said 我也遇到). The
 * resident can follow it, or say 我也遇到 with the phone typed below and be told the outcome by SMS.
 */
export function AlreadyReported({ placeCode, content, categoryCode, location, phone }: { placeCode: string; content: string; categoryCode: string | null; location?: { lon: number; lat: number }; phone: string }) {
  const { t } = useI18n();
  const [items, setItems] = useState<Item[]>([]);
  const [done, setDone] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const text = content.trim();
  const key = JSON.stringify({ placeCode, content: text.slice(0, 2000), categoryCode: categoryCode ?? undefined, location });

  useEffect(() => {
    if (text.length < 6) {
      setItems([]);
      return;
    }
    // Debounced: asked once the resident pauses typing.
    let stale = false;
    const timer = setTimeout(() => {
      publicApi.similar(JSON.parse(key)).then(
        (r) => !stale && setItems(r.items),
        () => !stale && setItems([]),
      );
    }, 700);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [key, text.length]);

  if (!items.length) return null;
  const meToo = async (number: string) => {
    const mobile = normaliseMobile(phone);
    if (!mobile) {
      setDone((d) => ({ ...d, [number]: t('mobile:enter-your-mobile-number-below-first-you-will-be') }));
      return;
    }
    setBusy(number);
    try {
      const r = await publicApi.meToo(number, mobile);
      setItems((xs) => xs.map((x) => (x.number === number ? { ...x, affected: r.affected } : x)));
      setDone((d) => ({ ...d, [number]: t('mobile:counted-you-will-be-told-the-outcome-by-sms') }));
    } catch (e) {
      setDone((d) => ({ ...d, [number]: e instanceof PublicError ? e.message : String(e) }));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="m-card" data-testid="already-reported">
      <h3 className="m-card-title">{t('mobile:this-looks-already-reported')}</h3>
      <p className="m-muted m-small">{t('mobile:follow-it-or-tap-me-too-no-need-to-submit-again')}</p>
      {items.map((x) => (
        <div key={x.number} style={{ borderTop: '1px solid #f2f3f5', padding: '10px 0' }} data-testid="already-reported-item">
          <div>
            <strong>{x.number}</strong> · {x.statusText}
          </div>
          <div className="m-muted m-small">
            {formatTime(x.createdAt)}
            {x.affected > 0 && <> · {t('mobile:affected-more-affected', { affected: x.affected })}</>}
          </div>
          <div style={{ margin: '6px 0' }}>
            {x.reasons.map((r) => (
              <ReasonChip key={r.code} reason={r} />
            ))}
          </div>
          <div className="m-row">
            <Button size="small" color="primary" loading={busy === x.number} onClick={() => void meToo(x.number)} data-testid="me-too">
              {t('mobile:me-too')}
            </Button>
            <a href={trackHref({ number: x.number, from: placeCode })} style={{ marginLeft: 12 }}>
              {t('mobile:follow-it')}
            </a>
          </div>
          {done[x.number] && <div className="m-small" data-testid="me-too-result">{done[x.number]}</div>}
        </div>
      ))}
    </div>
  );
}
