/** 换一户: another household of the worker's grids instead of a planned one, with a reason (online only). */
import { useMemo, useState } from 'react';
import { Button, Input, Popup, SearchBar, Toast } from 'antd-mobile';
import type { OfflinePackage, PlanItem } from '../../app/contract';
import { errorHint, errorText } from './api';
import { Chips } from './Chips';
import { lastVisitText } from './HouseholdInfo';
import { swap } from './data';
import { useI18n, type Translate } from '../../shared/i18n';

// The reasons travel to the server as written (the township reads them in Chinese); the chips show them translated.
const REASONS = ['约好改天再去', '已搬走或长期不在', '住户生病或不方便', '其他'] as const;
const reasonLabels = (t: Translate): Record<(typeof REASONS)[number], string> => ({
  约好改天再去: t('worker:agreed-to-come-another-day'),
  已搬走或长期不在: t('worker:moved-away-or-away-for-long'),
  住户生病或不方便: t('worker:resident-ill-or-not-available'),
  其他: t('worker:other'),
});

export function SwapPopup({ item, pkg, online, onClose }: { item: PlanItem | null; pkg: OfflinePackage; online: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [pick, setPick] = useState<string | null>(null);
  const [reason, setReason] = useState<string | null>(null);
  const [detail, setDetail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const candidates = useMemo(() => {
    const onPlan = new Set(pkg.plan.items.filter((i) => i.status !== 'swapped_out').map((i) => i.household.id));
    const due = (d: string | null) => (d ? new Date(d).getTime() : 0);
    return pkg.households
      .filter((h) => !onPlan.has(h.id))
      .filter((h) => !q.trim() || h.address.includes(q.trim()) || (h.headName ?? '').includes(q.trim()))
      .sort((a, b) => Number(b.vulnerable) - Number(a.vulnerable) || due(a.dueAt) - due(b.dueAt))
      .slice(0, 50);
  }, [pkg, q]);

  const close = () => {
    setPick(null);
    setReason(null);
    setDetail('');
    setError(null);
    onClose();
  };

  const text = reason === '其他' ? detail.trim() : [reason, detail.trim()].filter(Boolean).join('：');
  const submit = async () => {
    if (!item || !pick) return setError(t('worker:first-choose-a-household-to-swap-in'));
    if (!reason || !text) return setError(reason === '其他' ? t('worker:write-down-why-you-swap') : t('worker:choose-why-you-swap'));
    setBusy(true);
    setError(null);
    try {
      await swap(item.id, pick, text);
      Toast.show({ icon: 'success', content: t('worker:swapped-the-plan-is-updated') });
      close();
    } catch (e) {
      setError(t('worker:errortext-errorhint', { errorText: errorText(e), errorHint: errorHint(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popup visible={!!item} onMaskClick={close} onClose={close} bodyClassName="w-popup" destroyOnClose>
      <div className="w-popup-head" data-testid="swap-popup">
        <strong>{t('worker:swap-address', { address: item?.household.address ?? '' })}</strong>
        <button type="button" className="w-link" onClick={close}>
          {t('worker:cancel')}
        </button>
      </div>
      {!online && <div className="w-notice is-warn">{t('worker:swapping-needs-a-network-and-there-is-none-now')}</div>}
      <SearchBar placeholder={t('worker:search-an-address-or-head-of-household')} value={q} onChange={setQ} data-testid="swap-search" />
      <div className="w-popup-list is-short">
        {candidates.map((h) => (
          <button key={h.id} type="button" className={`w-option${pick === h.id ? ' is-on' : ''}`} onClick={() => {
              setPick(h.id);
              setError(null);
            }} data-testid="swap-candidate" data-household-id={h.id}>
            <div>{h.address}</div>
            <div className="m-muted m-small">
              {h.typeName}
              {h.vulnerable ? t('worker:needs-care-2') : ''} · {lastVisitText(h)}
            </div>
          </button>
        ))}
        {!candidates.length && <p className="m-muted w-pad">{q ? t('worker:nothing-found-try-another-word') : t('worker:no-other-household-in-your-grids-to-swap-in')}</p>}
      </div>
      <div className="w-pad">
        <div className="w-field-label">{t('worker:reason-for-the-swap')}</div>
        <Chips options={REASONS.map((r) => ({ value: r, label: reasonLabels(t)[r] }))} isOn={(v) => reason === v}
          onPick={(r) => {
            setReason(r);
            setError(null);
          }}
          testId="swap-reason" />
        <Input className="w-input" value={detail} onChange={setDetail} placeholder={reason === '其他' ? t('worker:write-down-the-reason') : t('worker:more-detail-optional')} maxLength={200} clearable data-testid="swap-detail" />
        {error && <div className="m-field-error">{error}</div>}
        <Button block color="primary" loading={busy} disabled={!online} onClick={() => void submit()} data-testid="swap-submit">
          {online ? t('worker:swap-2') : t('worker:offline-cannot-swap')}
        </Button>
      </div>
    </Popup>
  );
}
