/**
 * The phone's offline queue of reports. A report is stored on the device first (IndexedDB, the
 * photo as a Blob) and sent from there: a failed send (no network) keeps it for the next try (the
 * `online` event, a timer, the retry button); a success removes it. Every attempt carries the
 * same idempotency key, made once when the report is queued, so the server creates the event
 * once however often it is sent. One flush at a time: a second call while one runs waits for it.
 *
 * The storage is behind `QueueStore` so tests use `memoryStore()`; the app `indexedDbStore()`.
 */
import { ApiError } from '../../api/client';

export type QueueState = 'waiting' | 'sending' | 'failed';

export interface QueuedReport {
  /** The idempotency key: made once per report, sent on every attempt. */
  key: string;
  createdAt: string;
  /** The POST /api/events body, without attachmentIds and idempotencyKey (added when sent). */
  body: ReportBody;
  photo?: Blob | null;
  photoName?: string | null;
  /** Set once the photo is uploaded, so a retry does not upload it again. */
  attachmentId?: string | null;
  state: QueueState;
  attempts: number;
  /** The last error's text (a refusal by the server: 'failed' — it is not retried by itself). */
  error?: string | null;
}

export interface ReportBody {
  categoryCode: string;
  riskLevel?: string;
  description: string;
  title?: string;
  address?: string;
  location?: { lng: number; lat: number; crs?: 'wgs84' | 'gcj02' };
}

export interface QueueStore {
  all(): Promise<QueuedReport[]>;
  put(item: QueuedReport): Promise<void>;
  delete(key: string): Promise<void>;
}

/** How a report is sent: upload the photo (returns its id) and create the event with the key. */
export interface ReportSender {
  upload(photo: Blob, name: string | null): Promise<string>;
  create(body: ReportBody & { attachmentIds?: string[]; idempotencyKey: string }, key: string): Promise<unknown>;
}

export function memoryStore(): QueueStore {
  const items = new Map<string, QueuedReport>();
  return {
    all: async () => [...items.values()].map((i) => ({ ...i })).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    put: async (item) => void items.set(item.key, { ...item }),
    delete: async (key) => void items.delete(key),
  };
}

const DB_NAME = 'yiwang-offline';
const STORE = 'reports';

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** The device's store: one IndexedDB object store keyed by the idempotency key. */
export function indexedDbStore(): QueueStore {
  let opened: Promise<IDBDatabase> | null = null;
  const db = () => {
    opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE, { keyPath: 'key' });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => {
        opened = null;
        reject(request.error);
      };
    });
    return opened;
  };
  const run = async <T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const database = await db();
    const tx = database.transaction(STORE, mode);
    const result = await promised(work(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    return result;
  };
  return {
    all: async () => ((await run('readonly', (s) => s.getAll())) as QueuedReport[]).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    put: async (item) => void (await run('readwrite', (s) => s.put(item))),
    delete: async (key) => void (await run('readwrite', (s) => s.delete(key))),
  };
}

/** A network failure (retry later) as opposed to the server refusing the report. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ApiError) return error.status === 0 || error.status >= 500 || error.status === 408 || error.status === 429;
  return true;
}

export function newKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

export interface FlushResult {
  sent: string[];
  kept: string[];
}

export class OfflineQueue {
  private running: Promise<FlushResult> | null = null;
  private readonly listeners = new Set<(items: QueuedReport[]) => void>();

  constructor(
    private readonly store: QueueStore,
    private readonly sender: ReportSender,
  ) {}

  /** Called with the items after every change. Returns the undo. */
  subscribe(listener: (items: QueuedReport[]) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  items(): Promise<QueuedReport[]> {
    return this.store.all();
  }

  private async changed(): Promise<void> {
    if (this.listeners.size === 0) return;
    const items = await this.store.all();
    for (const listener of this.listeners) listener(items);
  }

  /** Stores a report (with a fresh key unless given) and returns the stored item. */
  async enqueue(body: ReportBody, photo?: Blob | null, photoName?: string | null, key: string = newKey()): Promise<QueuedReport> {
    const item: QueuedReport = { key, createdAt: new Date().toISOString(), body, photo: photo ?? null, photoName: photoName ?? null, attachmentId: null, state: 'waiting', attempts: 0, error: null };
    await this.store.put(item);
    await this.changed();
    return item;
  }

  async remove(key: string): Promise<void> {
    await this.store.delete(key);
    await this.changed();
  }

  /**
   * Sends what is waiting (and, with `includeFailed`, what the server refused before). Runs one
   * at a time: a call during a flush returns that flush's result.
   */
  flush(includeFailed = false): Promise<FlushResult> {
    if (this.running) return this.running;
    this.running = this.doFlush(includeFailed).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async doFlush(includeFailed: boolean): Promise<FlushResult> {
    const result: FlushResult = { sent: [], kept: [] };
    for (const stored of await this.store.all()) {
      if (stored.state === 'failed' && !includeFailed) {
        result.kept.push(stored.key);
        continue;
      }
      let item: QueuedReport = { ...stored, state: 'sending', attempts: stored.attempts + 1 };
      await this.store.put(item);
      await this.changed();
      try {
        if (item.photo && !item.attachmentId) {
          const attachmentId = await this.sender.upload(item.photo, item.photoName ?? null);
          item = { ...item, attachmentId };
          await this.store.put(item);
        }
        await this.sender.create(
          { ...item.body, ...(item.attachmentId ? { attachmentIds: [item.attachmentId] } : {}), idempotencyKey: item.key },
          item.key,
        );
        await this.store.delete(item.key);
        result.sent.push(item.key);
      } catch (error) {
        const retryable = isRetryable(error);
        await this.store.put({ ...item, state: retryable ? 'waiting' : 'failed', error: error instanceof Error ? error.message : String(error) });
        result.kept.push(item.key);
      }
      await this.changed();
    }
    return result;
  }
}
