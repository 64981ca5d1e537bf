/**
 * The phone's offline queue of reports. A report is stored on the device first (IndexedDB, the
 * photo as a Blob) and sent from there: a failed send (no network) keeps it for the next try (the
 * `online` event, a timer, the retry button); a success removes it. Every attempt carries the
 * same idempotency key, made once when the report is queued, so the server creates the event
 * once however often it is sent. One flush at a time: a second call while one runs waits for it.
 *
 * The storage is behind `QueueStore` so tests use `memoryStore()`; the app `indexedDbStore(name)`.
 *
 * The queue is generic over the body it sends and the answer it gets back: the grid worker's
 * reports go to POST /api/events (`ReportBody`, store `reports`), the citizen's 随手拍 to POST
 * /api/public/events (store `public-reports`, answered with the tracking code). `onSent` hears of
 * every report delivered, whichever flush (timer, `online`, button) delivered it.
 */
import { ApiError } from '../../api/client';

export type QueueState = 'waiting' | 'sending' | 'failed';

export interface QueuedReport<B = ReportBody> {
  /** The idempotency key: made once per report, sent on every attempt. */
  key: string;
  createdAt: string;
  /** The body to send (POST /api/events or /api/public/events), without attachmentIds and idempotencyKey (added when sent). */
  body: B;
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
  /** The place named instead of a position (no GPS): a grid, village, town or county code. */
  jurisdictionCode?: string;
}

export interface QueueStore<B = ReportBody> {
  all(): Promise<QueuedReport<B>[]>;
  put(item: QueuedReport<B>): Promise<void>;
  delete(key: string): Promise<void>;
}

/** How a report is sent: upload the photo (returns its id) and create the event with the key. */
export interface ReportSender<B = ReportBody, R = unknown> {
  upload(photo: Blob, name: string | null): Promise<string>;
  create(body: B & { attachmentIds?: string[]; idempotencyKey: string }, key: string): Promise<R>;
}

export function memoryStore<B = ReportBody>(): QueueStore<B> {
  const items = new Map<string, QueuedReport<B>>();
  return {
    all: async () => [...items.values()].map((i) => ({ ...i })).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    put: async (item) => void items.set(item.key, { ...item }),
    delete: async (key) => void items.delete(key),
  };
}

const DB_NAME = 'yiwang-offline';
/** The object stores of the device's database, one per queue; a new queue adds its name and bumps the version. */
export const QUEUE_STORES = ['reports', 'public-reports'] as const;
export type QueueStoreName = (typeof QUEUE_STORES)[number];
const DB_VERSION = 2;

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** The device's store: one IndexedDB object store (of `QUEUE_STORES`) keyed by the idempotency key. */
export function indexedDbStore<B = ReportBody>(STORE: QueueStoreName = 'reports'): QueueStore<B> {
  let opened: Promise<IDBDatabase> | null = null;
  const db = () => {
    opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        for (const name of QUEUE_STORES) {
          if (!request.result.objectStoreNames.contains(name))
            request.result.createObjectStore(name, { keyPath: 'key' });
        }
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
    all: async () =>
      ((await run('readonly', (s) => s.getAll())) as QueuedReport<B>[]).sort((a, b) =>
        a.createdAt.localeCompare(b.createdAt),
      ),
    put: async (item) => void (await run('readwrite', (s) => s.put(item))),
    delete: async (key) => void (await run('readwrite', (s) => s.delete(key))),
  };
}

/** The queue's store on this device: IndexedDB where the browser has it, else memory (until the page closes). */
export function deviceStore<B = ReportBody>(name: QueueStoreName): QueueStore<B> {
  return typeof indexedDB === 'undefined' ? memoryStore<B>() : indexedDbStore<B>(name);
}

/**
 * A network failure (retry later) as opposed to the server refusing the report. A body the
 * connection cut short (BODY_INCOMPLETE: a photo half-sent on a weak signal) is the network's too.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ApiError)
    return (
      error.status === 0 ||
      error.status >= 500 ||
      error.status === 408 ||
      error.status === 429 ||
      error.code === 'BODY_INCOMPLETE'
    );
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

export class OfflineQueue<B = ReportBody, R = unknown> {
  private running: Promise<FlushResult> | null = null;
  private readonly listeners = new Set<(items: QueuedReport<B>[]) => void>();
  private readonly sentListeners = new Set<(item: QueuedReport<B>, result: R) => void>();

  constructor(
    private readonly store: QueueStore<B>,
    private readonly sender: ReportSender<B, R>,
  ) {}

  /** Called with the items after every change. Returns the undo. */
  subscribe(listener: (items: QueuedReport<B>[]) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Called once per delivered report with the server's answer (e.g. the citizen's tracking code). Returns the undo. */
  onSent(listener: (item: QueuedReport<B>, result: R) => void): () => void {
    this.sentListeners.add(listener);
    return () => void this.sentListeners.delete(listener);
  }

  items(): Promise<QueuedReport<B>[]> {
    return this.store.all();
  }

  private async changed(): Promise<void> {
    if (this.listeners.size === 0) return;
    const items = await this.store.all();
    for (const listener of this.listeners) listener(items);
  }

  /** Stores a report (with a fresh key unless given) and returns the stored item. */
  async enqueue(
    body: B,
    photo?: Blob | null,
    photoName?: string | null,
    key: string = newKey(),
  ): Promise<QueuedReport<B>> {
    const item: QueuedReport<B> = {
      key,
      createdAt: new Date().toISOString(),
      body,
      photo: photo ?? null,
      photoName: photoName ?? null,
      attachmentId: null,
      state: 'waiting',
      attempts: 0,
      error: null,
    };
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
      let item: QueuedReport<B> = { ...stored, state: 'sending', attempts: stored.attempts + 1 };
      await this.store.put(item);
      await this.changed();
      try {
        if (item.photo && !item.attachmentId) {
          const attachmentId = await this.sender.upload(item.photo, item.photoName ?? null);
          item = { ...item, attachmentId };
          await this.store.put(item);
        }
        const answer = await this.sender.create(
          {
            ...item.body,
            ...(item.attachmentId ? { attachmentIds: [item.attachmentId] } : {}),
            idempotencyKey: item.key,
          },
          item.key,
        );
        await this.store.delete(item.key);
        result.sent.push(item.key);
        for (const listener of this.sentListeners) {
          try {
            listener(item, answer);
          } catch {
            // a listener's failure does not un-send the report
          }
        }
      } catch (error) {
        // the server deletes an upload no report names within a day (PUBLIC_ORPHAN_HOURS): a report
        // queued longer than that uploads its photo again on the next try
        if (item.attachmentId && item.photo && error instanceof ApiError && error.code === 'ATTACHMENT_NOT_FOUND') {
          await this.store.put({ ...item, attachmentId: null, state: 'waiting', error: error.message });
          result.kept.push(item.key);
          await this.changed();
          continue;
        }
        const retryable = isRetryable(error);
        await this.store.put({
          ...item,
          state: retryable ? 'waiting' : 'failed',
          error: error instanceof Error ? error.message : String(error),
        });
        result.kept.push(item.key);
      }
      await this.changed();
    }
    return result;
  }
}
