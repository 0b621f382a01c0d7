/**
 * The phone's own store (IndexedDB): today's offline package, the visits waiting to upload, and a few
 * facts (the last account, the last sync). Everything the worker needs at a door without signal.
 */
import type { Visit, VisitSubmission } from '../../app/contract';
import { translate as t } from '../../shared/i18n';

const DB_NAME = 'tingsu-worker';
const DB_VERSION = 1;
const KV = 'kv';
const QUEUE = 'queue';

/** A visit saved on the phone. It stays here until the server has it (and any conflict is settled). */
export interface QueuedVisit {
  /** The submission's idempotency key, made once when the visit was saved. */
  clientId: string;
  /** Upload order: when it was saved (ms). */
  savedAt: number;
  /** The account that logged it: only that account uploads it. */
  userId: string;
  userName: string;
  householdAddress: string;
  body: VisitSubmission;
  /**
   * pending: waits to upload; failed: the server refused it; conflict: saved, the file change needs a
   * choice; notice: saved, but the appeal it raised could not be registered (the worker is told why).
   */
  state: 'pending' | 'failed' | 'conflict' | 'notice';
  /** Why the last upload did not go through (failed: the server's message). */
  error: string | null;
  attempts: number;
  lastTriedAt: number | null;
  /** The server's visit, once it has one (conflict, notice). */
  visit: Visit | null;
}

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(KV)) db.createObjectStore(KV);
      if (!db.objectStoreNames.contains(QUEUE)) db.createObjectStore(QUEUE, { keyPath: 'clientId' });
    };
    req.onsuccess = () => {
      const db = req.result;
      // Another tab upgrading the database: let it, and open again next time.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    req.onerror = () => {
      opening = null;
      reject(new Error(t('worker:the-phones-storage-cannot-be-opened-message-make', { message: req.error?.message ?? '?' })));
    };
    req.onblocked = () => reject(new Error(t('worker:another-page-is-using-the-phones-storage-close')));
  });
  return opening;
}

async function run<T>(store: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const req = fn(tx.objectStore(store));
    tx.oncomplete = () => resolve(req ? req.result : (undefined as T));
    tx.onerror = () => reject(tx.error ?? new Error(t('worker:reading-or-writing-the-phones-storage-failed')));
    tx.onabort = () => reject(tx.error ?? new Error(t('worker:the-phone-is-out-of-storage-or-reading-or')));
  });
}

export const kv = {
  get: <T>(key: string) => run<T | undefined>(KV, 'readonly', (s) => s.get(key) as IDBRequest<T | undefined>),
  set: (key: string, value: unknown) => run<void>(KV, 'readwrite', (s) => void s.put(value, key)),
  delete: (key: string) => run<void>(KV, 'readwrite', (s) => void s.delete(key)),
};

export const queueStore = {
  /** Every queued visit, oldest first. */
  all: async () => (await run<QueuedVisit[]>(QUEUE, 'readonly', (s) => s.getAll() as IDBRequest<QueuedVisit[]>)).sort((a, b) => a.savedAt - b.savedAt),
  put: (item: QueuedVisit) => run<void>(QUEUE, 'readwrite', (s) => void s.put(item)),
  delete: (clientId: string) => run<void>(QUEUE, 'readwrite', (s) => void s.delete(clientId)),
};
