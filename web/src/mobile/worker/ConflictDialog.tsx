/** A file change that met someone else's change: what I wrote vs what the file says now; the worker chooses. */
import { useState } from 'react';
import { Button, CenterPopup, Toast } from 'antd-mobile';
import type { QueuedVisit } from './db';
import { errorHint, errorText } from './api';
import type { Catalog } from './catalog';
import { FILE_FIELD_TEXT } from './labels';
import { resolveConflict } from './sync';

function valueText(field: string, v: unknown, catalog: Catalog): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (field === 'type' && typeof v === 'string') return catalog.typeName(v);
  if (field === 'riskLevel' && typeof v === 'string') return catalog.riskName(v);
  if (field === 'tags' && Array.isArray(v)) return v.length ? v.map((t) => catalog.tagName(String(t))).join('、') : '（无标签）';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function ConflictDialog({ item, catalog, online, onClose }: { item: QueuedVisit | null; catalog: Catalog; online: boolean; onClose: () => void }) {
  const [busy, setBusy] = useState<'apply' | 'discard' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const conflict = item?.visit?.conflict;

  const choose = async (action: 'apply' | 'discard') => {
    if (!item) return;
    setBusy(action);
    setError(null);
    try {
      await resolveConflict(item.clientId, action);
      Toast.show({ icon: 'success', content: action === 'apply' ? '已按您的修改更新档案' : '已放弃这次修改' });
      onClose();
    } catch (e) {
      setError(`${errorText(e)}。${errorHint(e)}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <CenterPopup visible={!!item} onMaskClick={onClose} onClose={onClose} destroyOnClose>
      <div className="w-dialog" data-testid="conflict-dialog">
        <h3>档案修改冲突</h3>
        <p className="m-small">{item?.householdAddress}</p>
        <p>{conflict?.message ?? '您修改时，这户的档案已被别人改过。'}</p>
        <p className="m-small">请对照后选择：</p>
        <table className="w-conflict">
          <thead>
            <tr>
              <th>项目</th>
              <th>我的修改</th>
              <th>档案现在</th>
            </tr>
          </thead>
          <tbody>
            {conflict?.fields.map((f) => (
              <tr key={f.field} data-testid="conflict-field">
                <td>{FILE_FIELD_TEXT[f.field] ?? f.field}</td>
                <td>{valueText(f.field, f.mine, catalog)}</td>
                <td>{valueText(f.field, f.current, catalog)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="m-muted m-small">走访记录本身已经保存，这里只决定档案改不改。</p>
        {!online && <div className="m-field-error">现在没有网络，联网后才能处理。</div>}
        {error && <div className="m-field-error">{error}</div>}
        <div className="w-dialog-actions">
          <Button color="primary" disabled={!online || !!busy} loading={busy === 'apply'} onClick={() => void choose('apply')} data-testid="conflict-apply">
            仍然修改
          </Button>
          <Button disabled={!online || !!busy} loading={busy === 'discard'} onClick={() => void choose('discard')} data-testid="conflict-discard">
            放弃修改
          </Button>
          <Button fill="none" onClick={onClose}>
            稍后再说
          </Button>
        </div>
      </div>
    </CenterPopup>
  );
}
