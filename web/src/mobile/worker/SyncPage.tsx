/** 同步: what waits to upload, what the server refused (重试/删除), file-change conflicts, appeals not registered, the last sync. */
import { useMemo, useState } from 'react';
import { Button, Dialog } from 'antd-mobile';
import type { QueuedVisit } from './db';
import { catalog as makeCatalog } from './catalog';
import { ConflictDialog } from './ConflictDialog';
import { agoText, chinaTime, FINDING_TEXT, OUTCOME_TEXT } from './labels';
import { ownQueue, useWorker } from './state';
import { removeQueued, retry, syncNow } from './sync';

const STATE_TEXT: Record<QueuedVisit['state'], string> = { pending: '等待上传', failed: '上传失败', conflict: '档案冲突', notice: '诉求未登记' };

function QueueRow({ item, onConflict }: { item: QueuedVisit; onConflict: (q: QueuedVisit) => void }) {
  const b = item.body;
  const remove = async () => {
    const ok = await Dialog.confirm({
      title: '删除这条走访记录？',
      content: `${item.householdAddress}：删除后不会上传，也无法找回。如果信息有误，可以删除后重新登记。`,
      confirmText: '删除',
      cancelText: '保留',
    });
    if (ok) await removeQueued(item.clientId);
  };
  return (
    <article className={`w-queue is-${item.state}`} data-testid="queue-item" data-state={item.state} data-client-id={item.clientId}>
      <div className="w-item-head">
        <span className="w-item-address">{item.householdAddress}</span>
        <span className={`w-status is-q-${item.state}`}>{STATE_TEXT[item.state]}</span>
      </div>
      <div className="m-muted m-small">
        {chinaTime(b.checkInAt)} · {OUTCOME_TEXT[b.outcome]}
        {b.outcome === 'met' ? ` · ${FINDING_TEXT[b.finding]}` : ''}
        {b.photos?.length ? ` · ${b.photos.length} 张照片` : ''}
      </div>
      {item.error && (
        <div className={item.state === 'failed' || item.state === 'notice' ? 'm-field-error' : 'm-muted m-small'} data-testid="queue-error">
          {item.state === 'failed'
            ? `服务器没有接收：${item.error}`
            : item.state === 'notice'
              ? `走访已上传，但反映的诉求没有登记成功：${item.error}。请重新登记诉求（如换一个问题类别）或联系社区。`
              : `上次没传上：${item.error}`}
        </div>
      )}
      {item.state === 'notice' && (
        <div className="w-item-actions">
          <button type="button" className="w-btn is-primary" onClick={() => void removeQueued(item.clientId)} data-testid="queue-ack">
            知道了
          </button>
        </div>
      )}
      {item.state === 'failed' && (
        <div className="w-item-actions">
          <button type="button" className="w-btn is-primary" onClick={() => void retry(item.clientId)} data-testid="queue-retry">
            重试
          </button>
          <button type="button" className="w-btn is-danger" onClick={() => void remove()} data-testid="queue-delete">
            删除
          </button>
        </div>
      )}
      {item.state === 'conflict' && (
        <div className="w-item-actions">
          <button type="button" className="w-btn is-primary" onClick={() => onConflict(item)} data-testid="queue-conflict">
            查看并处理
          </button>
        </div>
      )}
    </article>
  );
}

export default function SyncPage() {
  const s = useWorker();
  const [conflict, setConflict] = useState<QueuedVisit | null>(null);
  const catalog = useMemo(() => makeCatalog(s.pkg, s.tags, s.vocabulary), [s.pkg, s.tags, s.vocabulary]);
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
            <span>等待上传</span>
          </div>
          <div data-testid="sync-failed-count" data-count={failed.length}>
            <b className={failed.length ? 'is-bad' : ''}>{failed.length}</b>
            <span>上传失败</span>
          </div>
          <div data-testid="sync-conflict-count" data-count={conflicts.length}>
            <b className={conflicts.length ? 'is-bad' : ''}>{conflicts.length}</b>
            <span>档案冲突</span>
          </div>
        </div>
        <p className="m-small" data-testid="sync-status">
          {!s.online
            ? '现在没有网络。走访记录都存在手机里，联网后会自动上传。'
            : s.syncing
              ? '正在上传…'
              : (s.syncProblem ??
                (pending.length
                  ? '等待上传，稍后自动进行。'
                  : failed.length + conflicts.length + notices.length
                    ? `其余都已上传；下面 ${failed.length + conflicts.length + notices.length} 条需要您处理。`
                    : '全部已上传。'))}
        </p>
        <p className="m-muted m-small" data-testid="sync-last">
          上次同步：{s.lastSyncAt ? agoText(new Date(s.lastSyncAt).toISOString()) : '还没有同步过'}
        </p>
        <Button block color="primary" disabled={!s.online || s.syncing} loading={s.syncing} loadingText="正在同步" onClick={() => void syncNow()} data-testid="sync-now">
          {s.online ? '立即同步' : '离线中，联网后自动同步'}
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
          手机里没有等待上传的走访记录。新登记的走访会先存在这里，联网后自动上传。
        </div>
      )}
      {others.length > 0 && (
        <div className="w-notice" data-testid="sync-others">
          这台手机上还有 {others.length} 条其他账号（{[...new Set(others.map((q) => q.userName))].join('、')}）登记的走访，需要用该账号登录后才能上传。
        </div>
      )}
      <ConflictDialog item={open} catalog={catalog} online={s.online} onClose={() => setConflict(null)} />
    </div>
  );
}
