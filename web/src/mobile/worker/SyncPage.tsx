/** 同步: what waits to upload, what the server refused (重试/删除), file-change conflicts, appeals not registered, the last sync. */
import { useMemo, useState } from 'react';
import { Button, Dialog } from 'antd-mobile';
import type { QueuedVisit } from './db';
import { catalog as makeCatalog } from './catalog';
import { ConflictDialog } from './ConflictDialog';
import { agoText, chinaTime, FINDING_LABELS, OUTCOME_LABELS } from './labels';
import { ownQueue, useWorker } from './state';
import { removeQueued, retry, syncNow } from './sync';
import { useI18n, type Translate } from '../../shared/i18n';

const stateText = (t: Translate): Record<QueuedVisit['state'], string> => ({
  pending: t('worker:waiting-to-upload'),
  failed: t('worker:upload-failed'),
  conflict: t('worker:file-conflict'),
  notice: t('worker:appeal-not-registered'),
});

function QueueRow({ item, onConflict }: { item: QueuedVisit; onConflict: (q: QueuedVisit) => void }) {
  const { t, tl } = useI18n();
  const b = item.body;
  const remove = async () => {
    const ok = await Dialog.confirm({
      title: t('worker:delete-this-visit-record'),
      content: t('worker:householdaddress-once-deleted-it-is-not-uploaded', { householdAddress: item.householdAddress }),
      confirmText: t('worker:delete'),
      cancelText: t('worker:keep'),
    });
    if (ok) await removeQueued(item.clientId);
  };
  return (
    <article className={`w-queue is-${item.state}`} data-testid="queue-item" data-state={item.state} data-client-id={item.clientId}>
      <div className="w-item-head">
        <span className="w-item-address">{item.householdAddress}</span>
        <span className={`w-status is-q-${item.state}`}>{stateText(t)[item.state]}</span>
      </div>
      <div className="m-muted m-small">
        {chinaTime(b.checkInAt)} · {tl(OUTCOME_LABELS[b.outcome], b.outcome)}
        {b.outcome === 'met' ? ` · ${tl(FINDING_LABELS[b.finding], b.finding)}` : ''}
        {b.photos?.length ? t('worker:photoscount-photos', { photosCount: b.photos.length }) : ''}
      </div>
      {item.error && (
        <div className={item.state === 'failed' || item.state === 'notice' ? 'm-field-error' : 'm-muted m-small'} data-testid="queue-error">
          {item.state === 'failed'
            ? t('worker:the-server-did-not-accept-it-error', { error: item.error })
            : item.state === 'notice'
              ? t('worker:the-visit-is-uploaded-but-the-appeal-it-raised', { error: item.error })
              : t('worker:last-try-did-not-upload-error', { error: item.error })}
        </div>
      )}
      {item.state === 'notice' && (
        <div className="w-item-actions">
          <button type="button" className="w-btn is-primary" onClick={() => void removeQueued(item.clientId)} data-testid="queue-ack">
            {t('worker:got-it')}
          </button>
        </div>
      )}
      {item.state === 'failed' && (
        <div className="w-item-actions">
          <button type="button" className="w-btn is-primary" onClick={() => void retry(item.clientId)} data-testid="queue-retry">
            {t('mobile:retry')}
          </button>
          <button type="button" className="w-btn is-danger" onClick={() => void remove()} data-testid="queue-delete">
            {t('worker:delete')}
          </button>
        </div>
      )}
      {item.state === 'conflict' && (
        <div className="w-item-actions">
          <button type="button" className="w-btn is-primary" onClick={() => onConflict(item)} data-testid="queue-conflict">
            {t('worker:review-and-resolve')}
          </button>
        </div>
      )}
    </article>
  );
}

export default function SyncPage() {
  const s = useWorker();
  const { t, language } = useI18n();
  const [conflict, setConflict] = useState<QueuedVisit | null>(null);
  const catalog = useMemo(() => makeCatalog(s.pkg, s.tags, s.vocabulary, language), [s.pkg, s.tags, s.vocabulary, language]);
  const mine = ownQueue(s);
  const others = s.queue.filter((q) => q.userId !== s.user?.id);
  const pending = mine.filter((q) => q.state === 'pending');
  const failed = mine.filter((q) => q.state === 'failed');
  const conflicts = mine.filter((q) => q.state === 'conflict');
  const notices = mine.filter((q) => q.state === 'notice');
  // The dialog follows the queue: once resolved, the item is gone.
  const open = conflict ? (mine.find((q) => q.clientId === conflict.clientId) ?? null) : null;

  return (
    <div data-testid="sync-page">
      <section className="m-card">
        <div className="w-counts is-three">
          <div data-testid="sync-pending-count" data-count={pending.length}>
            <b>{pending.length}</b>
            <span>{t('worker:waiting-to-upload')}</span>
          </div>
          <div data-testid="sync-failed-count" data-count={failed.length}>
            <b className={failed.length ? 'is-bad' : ''}>{failed.length}</b>
            <span>{t('worker:upload-failed')}</span>
          </div>
          <div data-testid="sync-conflict-count" data-count={conflicts.length}>
            <b className={conflicts.length ? 'is-bad' : ''}>{conflicts.length}</b>
            <span>{t('worker:file-conflict')}</span>
          </div>
        </div>
        <p className="m-small" data-testid="sync-status">
          {!s.online
            ? t('worker:no-network-now-visit-records-are-kept-on-the')
            : s.syncing
              ? t('worker:uploading')
              : (s.syncProblem ??
                (pending.length
                  ? t('worker:waiting-to-upload-it-will-start-by-itself')
                  : failed.length + conflicts.length + notices.length
                    ? t('worker:the-rest-are-uploaded-the-value-below-need-you', { value: failed.length + conflicts.length + notices.length })
                    : t('worker:all-uploaded')))}
        </p>
        <p className="m-muted m-small" data-testid="sync-last">
          {t('worker:last-sync')}
          {s.lastSyncAt ? agoText(new Date(s.lastSyncAt).toISOString()) : t('worker:never')}
        </p>
        <Button block color="primary" disabled={!s.online || s.syncing} loading={s.syncing} loadingText={t('worker:syncing')} onClick={() => void syncNow()} data-testid="sync-now">
          {s.online ? t('worker:sync-now') : t('worker:offline-syncs-once-online')}
        </Button>
      </section>

      {conflicts.map((q) => (
        <QueueRow key={q.clientId} item={q} onConflict={setConflict} />
      ))}
      {notices.map((q) => (
        <QueueRow key={q.clientId} item={q} onConflict={setConflict} />
      ))}
      {failed.map((q) => (
        <QueueRow key={q.clientId} item={q} onConflict={setConflict} />
      ))}
      {pending.map((q) => (
        <QueueRow key={q.clientId} item={q} onConflict={setConflict} />
      ))}
      {!mine.length && (
        <div className="m-card m-muted" data-testid="sync-empty">
          {t('worker:no-visit-records-wait-to-upload-newly-logged')}
        </div>
      )}
      {others.length > 0 && (
        <div className="w-notice" data-testid="sync-others">
          {t('worker:this-phone-also-holds-otherscount-visits-logged', { othersCount: others.length, value: [...new Set(others.map((q) => q.userName))].join('、'), value2: [...new Set(others.map((q) => q.userName))].join(', ') })}
        </div>
      )}
      <ConflictDialog item={open} catalog={catalog} online={s.online} onClose={() => setConflict(null)} />
    </div>
  );
}
