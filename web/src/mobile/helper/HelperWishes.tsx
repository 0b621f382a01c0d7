/**
 * The helper's wishes: those of their community waiting for a helper (claim, or join a claim), and
 * their own — fulfilled with a dated photo, then confirmed by the recipient's (or guardian's)
 * signature drawn on this phone. Only what the public wall shows of the person.
 */
import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Tag } from 'antd-mobile';
import type { HelperWish, WishStatus } from '../../app/contract';
import { enumLabels } from '../../shared/enums';
import { useI18n } from '../../shared/i18n';
import { preparePhoto, type PreparedPhoto } from '../photos';
import { SignaturePad } from '../SignaturePad';
import { errorText, helperApi, type WishStep } from './api';

const STATUS_LABELS = enumLabels<WishStatus>('wish-status');
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

function WishCard({ wish, onChanged }: { wish: HelperWish; onChanged: (w: HelperWish) => void }) {
  const { t, tl } = useI18n();
  const [photo, setPhoto] = useState<PreparedPhoto | null>(null);
  const [signature, setSignature] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const step = async (s: WishStep) => {
    setBusy(true);
    setError('');
    try {
      const body =
        s === 'fulfil' && photo
          ? { version: wish.version, photo: { filename: photo.filename, mime: photo.mime, dataBase64: photo.dataBase64 }, takenOn: chinaToday() }
          : s === 'confirm' && signature
            ? { version: wish.version, signature: { dataBase64: signature } }
            : { version: wish.version };
      onChanged(await helperApi.wishStep(wish.id, s, body));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const can = (a: string) => wish.actions.includes(a);
  return (
    <Card title={`${wish.initial} · ${wish.age}${t('mobile:y')}`} extra={<Tag color={wish.mine ? 'success' : 'primary'}>{tl(STATUS_LABELS[wish.status as WishStatus], wish.status)}</Tag>} data-testid={`helper-wish-${wish.id}`} style={{ marginBottom: 8 }}>
      <p>{wish.content}</p>
      <p className="m-muted">
        {wish.communityName} · {wish.campaignName} · {t('mobile:until')} {wish.endsOn}
        {wish.claimants > 0 && ` · ${t('mobile:claimants-helper-s', { claimants: wish.claimants })}`}
      </p>
      {can('claim') && (
        <Button block color="primary" loading={busy} onClick={() => void step('claim')} data-testid={`helper-claim-${wish.id}`}>
          {t('mobile:claim-this-wish')}
        </Button>
      )}
      {can('join') && (
        <Button block loading={busy} onClick={() => void step('join')} data-testid={`helper-join-${wish.id}`}>
          {t('mobile:join-the-claim')}
        </Button>
      )}
      {can('fulfil') && (
        <>
          <p className="m-muted">{t('mobile:once-delivered-take-a-photo-not-of-the-childs')}</p>
          <input type="file" accept="image/*" capture="environment" data-testid={`helper-photo-${wish.id}`} onChange={(e) => void (e.target.files?.[0] && preparePhoto(e.target.files[0]).then(setPhoto, (x: unknown) => setError(errorText(x))))} />
          <Button block color="primary" loading={busy} disabled={!photo} onClick={() => void step('fulfil')} data-testid={`helper-fulfil-${wish.id}`} style={{ marginTop: 8 }}>
            {t('mobile:record-the-fulfilment')}
          </Button>
        </>
      )}
      {can('confirm') && (
        <>
          <SignaturePad onChange={setSignature} testId={`helper-signature-${wish.id}`} />
          <Button block color="primary" loading={busy} disabled={!signature} onClick={() => void step('confirm')} data-testid={`helper-confirm-${wish.id}`} style={{ marginTop: 8 }}>
            {t('mobile:the-recipient-confirms-receipt')}
          </Button>
        </>
      )}
      {wish.hasSignature && <Tag color="success">{t('mobile:signed-for-by-the-recipient')}</Tag>}
      {error && <div className="m-error">{error}</div>}
    </Card>
  );
}

export function WishesTab({ onDeed }: { onDeed: () => void }) {
  const { t } = useI18n();
  const [items, setItems] = useState<HelperWish[] | null>(null);
  const [error, setError] = useState('');
  const load = useCallback(() => helperApi.wishes().then(setItems, (e: unknown) => setError(errorText(e))), []);
  useEffect(() => void load(), [load]);
  return (
    <div data-testid="helper-wishes">
      {error && <div className="m-error">{error}</div>}
      {items?.length === 0 && <p className="m-muted">{t('mobile:no-wish-is-waiting-for-a-helper-in-your')}</p>}
      {(items ?? []).map((w) => (
        <WishCard
          key={w.id}
          wish={w}
          onChanged={(next) => {
            setItems((list) => (list ?? []).map((x) => (x.id === next.id ? next : x)));
            if (next.status === 'fulfilled') onDeed();
          }}
        />
      ))}
    </div>
  );
}
