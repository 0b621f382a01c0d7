/** A file change that met someone else's change: what I wrote vs what the file says now; the worker chooses. */
import { useState } from 'react';
import { Button, CenterPopup, Toast } from 'antd-mobile';
import type { QueuedVisit } from './db';
import { errorHint, errorText } from './api';
import type { Catalog } from './catalog';
import { fileFieldText } from './labels';
import { useI18n, type Translate } from '../../shared/i18n';
import { resolveConflict } from './sync';

function valueText(field: string, v: unknown, catalog: Catalog, t: Translate): string {
  if (v === null || v === undefined || v === '') return t('worker:empty');
  if (field === 'type' && typeof v === 'string') return catalog.typeName(v);
  if (field === 'riskLevel' && typeof v === 'string') return catalog.riskName(v);
  if (field === 'tags' && Array.isArray(v)) return v.length ? v.map((tag) => catalog.tagName(String(tag))).join('、') : t('worker:no-tags');
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function ConflictDialog({ item, catalog, online, onClose }: { item: QueuedVisit | null; catalog: Catalog; online: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<'apply' | 'discard' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const conflict = item?.visit?.conflict;

  const choose = async (action: 'apply' | 'discard') => {
    if (!item) return;
    setBusy(action);
    setError(null);
    try {
      await resolveConflict(item.clientId, action);
      Toast.show({ icon: 'success', content: action === 'apply' ? t('worker:the-file-now-has-your-change') : t('worker:your-change-was-dropped') });
      onClose();
    } catch (e) {
      setError(t('worker:errortext-errorhint', { errorText: errorText(e), errorHint: errorHint(e) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <CenterPopup visible={!!item} onMaskClick={onClose} onClose={onClose} destroyOnClose>
      <div className="w-dialog" data-testid="conflict-dialog">
        <h3>{t('worker:household-file-conflict')}</h3>
        <p className="m-small">{item?.householdAddress}</p>
        <p>{conflict?.message ?? t('worker:while-you-were-changing-it-someone-else-changed')}</p>
        <p className="m-small">{t('worker:compare-and-choose')}</p>
        <table className="w-conflict">
          <thead>
            <tr>
              <th>{t('worker:field')}</th>
              <th>{t('worker:my-change')}</th>
              <th>{t('worker:file-now')}</th>
            </tr>
          </thead>
          <tbody>
            {conflict?.fields.map((f) => (
              <tr key={f.field} data-testid="conflict-field">
                <td>{fileFieldText(t)[f.field] ?? f.field}</td>
                <td>{valueText(f.field, f.mine, catalog, t)}</td>
                <td>{valueText(f.field, f.current, catalog, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="m-muted m-small">{t('worker:the-visit-record-itself-is-saved-this-only')}</p>
        {!online && <div className="m-field-error">{t('worker:no-network-now-this-can-be-resolved-once-online')}</div>}
        {error && <div className="m-field-error">{error}</div>}
        <div className="w-dialog-actions">
          <Button color="primary" disabled={!online || !!busy} loading={busy === 'apply'} onClick={() => void choose('apply')} data-testid="conflict-apply">
            {t('worker:apply-my-change')}
          </Button>
          <Button disabled={!online || !!busy} loading={busy === 'discard'} onClick={() => void choose('discard')} data-testid="conflict-discard">
            {t('worker:drop-my-change')}
          </Button>
          <Button fill="none" onClick={onClose}>
            {t('worker:later')}
          </Button>
        </div>
      </div>
    </CenterPopup>
  );
}
