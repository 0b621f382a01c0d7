/** 换一户: another household of the worker's grids instead of a planned one, with a reason (online only). */
import { useMemo, useState } from 'react';
import { Button, Input, Popup, SearchBar, Toast } from 'antd-mobile';
import type { OfflinePackage, PlanItem } from '../../app/contract';
import { errorHint, errorText } from './api';
import { Chips } from './Chips';
import { lastVisitText } from './HouseholdInfo';
import { swap } from './data';

const REASONS = ['约好改天再去', '已搬走或长期不在', '住户生病或不方便', '其他'] as const;

export function SwapPopup({ item, pkg, online, onClose }: { item: PlanItem | null; pkg: OfflinePackage; online: boolean; onClose: () => void }) {
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
    if (!item || !pick) return setError('请先选一户来换');
    if (!reason || !text) return setError(reason === '其他' ? '请写下换户的原因' : '请选一个换户的原因');
    setBusy(true);
    setError(null);
    try {
      await swap(item.id, pick, text);
      Toast.show({ icon: 'success', content: '已换好，计划已更新' });
      close();
    } catch (e) {
      setError(`${errorText(e)}。${errorHint(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popup visible={!!item} onMaskClick={close} onClose={close} bodyClassName="w-popup" destroyOnClose>
      <div className="w-popup-head" data-testid="swap-popup">
        <strong>换一户：{item?.household.address}</strong>
        <button type="button" className="w-link" onClick={close}>
          取消
        </button>
      </div>
      {!online && <div className="w-notice is-warn">换一户需要联网，现在没有网络。可以先去下一户，有信号时再换。</div>}
      <SearchBar placeholder="搜地址或户主姓名" value={q} onChange={setQ} data-testid="swap-search" />
      <div className="w-popup-list is-short">
        {candidates.map((h) => (
          <button key={h.id} type="button" className={`w-option${pick === h.id ? ' is-on' : ''}`} onClick={() => {
              setPick(h.id);
              setError(null);
            }} data-testid="swap-candidate" data-household-id={h.id}>
            <div>{h.address}</div>
            <div className="m-muted m-small">
              {h.typeName}
              {h.vulnerable ? ' · 重点关爱' : ''} · {lastVisitText(h)}
            </div>
          </button>
        ))}
        {!candidates.length && <p className="m-muted w-pad">{q ? '没有找到，换个词试试。' : '您的网格里没有别的住户可换了。'}</p>}
      </div>
      <div className="w-pad">
        <div className="w-field-label">换户原因</div>
        <Chips options={REASONS.map((r) => ({ value: r, label: r }))} isOn={(v) => reason === v}
          onPick={(r) => {
            setReason(r);
            setError(null);
          }}
          testId="swap-reason" />
        <Input className="w-input" value={detail} onChange={setDetail} placeholder={reason === '其他' ? '请写下原因' : '补充说明（可不填）'} maxLength={200} clearable data-testid="swap-detail" />
        {error && <div className="m-field-error">{error}</div>}
        <Button block color="primary" loading={busy} disabled={!online} onClick={() => void submit()} data-testid="swap-submit">
          {online ? '确认换户' : '离线，不能换户'}
        </Button>
      </div>
    </Popup>
  );
}
