import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { isRetryable, memoryStore, OfflineQueue, type ReportSender } from './offline-queue';

const body = { categoryCode: 'hazard.fire', riskLevel: 'red', description: 'smoke by the barn' };

function sender(failures: number) {
  let left = failures;
  const created: { key: string; body: unknown }[] = [];
  const s: ReportSender & { uploads: number; created: typeof created; attempts: string[] } = {
    uploads: 0,
    created,
    attempts: [],
    upload: vi.fn(async () => {
      s.uploads += 1;
      return `att-${s.uploads}`;
    }),
    create: vi.fn(async (b, key) => {
      s.attempts.push(key);
      if (left > 0) {
        left -= 1;
        throw new ApiError(0, 'NETWORK', 'offline');
      }
      created.push({ key, body: b });
      return {};
    }),
  };
  return s;
}

describe('OfflineQueue', () => {
  it('keeps a report whose send failed, sends it once later with the same key, and not again', async () => {
    const store = memoryStore();
    const s = sender(2);
    const queue = new OfflineQueue(store, s);
    const item = await queue.enqueue(body, new Blob(['jpeg']), 'a.jpg', 'key-1');

    expect(await queue.flush()).toEqual({ sent: [], kept: ['key-1'] });
    const stored = await store.all();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ key: 'key-1', state: 'waiting', attempts: 1, attachmentId: 'att-1' });

    await queue.flush();
    expect((await store.all())[0]).toMatchObject({ state: 'waiting', attempts: 2 });

    expect(await queue.flush()).toEqual({ sent: ['key-1'], kept: [] });
    expect(await store.all()).toEqual([]);
    // the same key every time, in the header argument and in the body
    expect(s.attempts).toEqual(['key-1', 'key-1', 'key-1']);
    expect(s.created).toEqual([
      { key: 'key-1', body: { ...body, attachmentIds: ['att-1'], idempotencyKey: item.key } },
    ]);
    // the photo was uploaded once: its id is kept with the report
    expect(s.uploads).toBe(1);

    // nothing left to send twice
    await queue.flush();
    await queue.flush(true);
    expect(s.created).toHaveLength(1);
    expect(s.attempts).toHaveLength(3);
  });

  it('uploads the photo again when the server has deleted the unused upload (a report queued over a day)', async () => {
    const store = memoryStore();
    const s = sender(1); // uploaded, then the report could not be sent
    const queue = new OfflineQueue(store, s);
    await queue.enqueue(body, new Blob(['jpeg']), 'a.jpg', 'key-9');
    await queue.flush();
    expect((await store.all())[0]).toMatchObject({ attachmentId: 'att-1', state: 'waiting' });
    const create = s.create;
    s.create = vi.fn(async (b, key) => {
      if ((b as { attachmentIds?: string[] }).attachmentIds?.[0] === 'att-1')
        throw new ApiError(400, 'ATTACHMENT_NOT_FOUND', 'gone');
      return create(b, key);
    });
    expect(await queue.flush()).toEqual({ sent: [], kept: ['key-9'] });
    expect((await store.all())[0]).toMatchObject({ attachmentId: null, state: 'waiting' });
    expect(await queue.flush()).toEqual({ sent: ['key-9'], kept: [] });
    expect(s.uploads).toBe(2);
    expect(s.created).toEqual([{ key: 'key-9', body: { ...body, attachmentIds: ['att-2'], idempotencyKey: 'key-9' } }]);
  });

  it('does not send the same report twice when flushes overlap', async () => {
    const s = sender(0);
    const queue = new OfflineQueue(memoryStore(), s);
    await queue.enqueue(body, null, null, 'key-2');
    await Promise.all([queue.flush(), queue.flush(), queue.flush()]);
    expect(s.created.map((c) => c.key)).toEqual(['key-2']);
  });

  it('marks a report the server refuses as failed and leaves it until sent again by hand', async () => {
    const s = sender(0);
    s.create = vi.fn(async () => {
      throw new ApiError(400, 'VALIDATION_FAILED', 'bad category');
    });
    const queue = new OfflineQueue(memoryStore(), s);
    await queue.enqueue(body, null, null, 'key-3');
    await queue.flush();
    const [item] = await queue.items();
    expect(item).toMatchObject({ state: 'failed', error: 'bad category' });
    await queue.flush();
    expect(s.create).toHaveBeenCalledTimes(1);
    await queue.flush(true);
    expect(s.create).toHaveBeenCalledTimes(2);
  });

  it("tells onSent of each delivered report once, with the server's answer, whichever flush delivered it", async () => {
    let online = false;
    const queue = new OfflineQueue<{ description: string }, { trackingToken: string }>(memoryStore(), {
      upload: async () => 'att',
      create: async (_b, key) => {
        if (!online) throw new ApiError(0, 'NETWORK', 'offline');
        return { trackingToken: `token-${key}` };
      },
    });
    const heard: [string, string][] = [];
    queue.onSent((item, result) => heard.push([item.key, result.trackingToken]));
    await queue.enqueue({ description: 'a' }, null, null, 'key-a');
    await queue.flush();
    expect(heard).toEqual([]);
    online = true;
    await Promise.all([queue.flush(), queue.flush()]);
    await queue.flush(true);
    expect(heard).toEqual([['key-a', 'token-key-a']]);
  });

  it('makes a fresh key per report and tells subscribers about changes', async () => {
    const queue = new OfflineQueue(memoryStore(), sender(0));
    const seen: number[] = [];
    queue.subscribe((items) => seen.push(items.length));
    const a = await queue.enqueue(body);
    const b = await queue.enqueue(body);
    expect(a.key).not.toBe(b.key);
    await queue.flush();
    expect(seen[0]).toBe(1);
    expect(seen.at(-1)).toBe(0);
  });
});

describe('isRetryable', () => {
  it('retries what the network did — no answer, a server error, a timeout, a body cut short — and not a refusal', () => {
    expect(isRetryable(new ApiError(0, 'NETWORK', 'offline'))).toBe(true);
    expect(isRetryable(new ApiError(503, 'DATABASE_BUSY', 'busy'))).toBe(true);
    expect(isRetryable(new ApiError(408, 'REQUEST_TIMEOUT', 'slow'))).toBe(true);
    expect(isRetryable(new ApiError(400, 'BODY_INCOMPLETE', 'cut'))).toBe(true);
    expect(isRetryable(new ApiError(400, 'VALIDATION_FAILED', 'bad'))).toBe(false);
    expect(isRetryable(new ApiError(422, 'LOCATION_OUTSIDE_AREA', 'where?'))).toBe(false);
  });
});
