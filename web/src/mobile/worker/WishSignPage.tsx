/**
 * /w/wish-sign — 心愿签收: the wishes of the worker's grids that were fulfilled and wait for the
 * recipient's confirmation; the recipient (or a guardian) signs on the worker's phone (online only).
 */
import { useCallback, useEffect, useState } from 'react';
import { Button, Card } from 'antd-mobile';
import type { Wish } from '../../app/contract';
import { useI18n } from '../../shared/i18n';
import { SignaturePad } from '../SignaturePad';
import { errorText, workerApi } from './api';

function SignCard({ wish, onSigned }: { wish: Wish; onSigned: () => void }) {
  const { t } = useI18n();
  const [signature, setSignature] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const confirm = async () => {
    if (!signature) return;
    setBusy(true);
    setError('');
    try {
      await workerApi.confirmWish(wish.id, { version: wish.version, method: 'signature', signature: { dataBase64: signature } });
      onSigned();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={`${wish.initial} · ${wish.age}${t('mobile:y')} · ${wish.communityName}`} data-testid={`wish-sign-${wish.id}`} style={{ marginBottom: 8 }}>
      <p>{wish.content}</p>
      <p className="m-muted">
        {t('worker:fulfilled-on')} {wish.fulfilledOn ?? '—'} · {wish.helpers.map((h) => h.name).join('、')}
      </p>
      <SignaturePad onChange={setSignature} testId={`wish-signature-${wish.id}`} />
      {error && <div className="m-error">{error}</div>}
      <Button block color="primary" loading={busy} disabled={!signature} onClick={() => void confirm()} data-testid={`wish-sign-confirm-${wish.id}`} style={{ marginTop: 8 }}>
        {t('worker:confirm-receipt')}
      </Button>
    </Card>
  );
}

export default function WishSignPage() {
  const { t } = useI18n();
  const [items, setItems] = useState<Wish[] | null>(null);
  const [error, setError] = useState('');
  const load = useCallback(() => workerApi.fulfilledWishes().then((p) => setItems(p.items), (e: unknown) => setError(errorText(e))), []);
  useEffect(() => void load(), [load]);
  return (
    <div className="w-pad" data-testid="wish-sign-page">
      <h2 className="m-card-title">{t('worker:wishes-to-sign-for')}</h2>
      <p className="m-muted">{t('worker:fulfilled-wishes-the-recipient-or-a-guardian')}</p>
      {error && <div className="m-error">{error}</div>}
      {items?.length === 0 && <p className="m-muted">{t('worker:no-wish-is-waiting-for-a-signature')}</p>}
      {(items ?? []).map((w) => (
        <SignCard key={w.id} wish={w} onSigned={() => void load()} />
      ))}
    </div>
  );
}
