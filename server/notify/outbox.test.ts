import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/test-context.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxDispatcher } from './outbox-dispatcher.js';
import { MemoryNotifier, WebhookNotifier, type Notifier } from './notifier.js';

let database: TestDatabase;
let outbox: OutboxRepository;
const clock = { now: new Date('2026-11-24T00:00:00Z') };

beforeAll(async () => {
  database = await openTestDatabase();
  outbox = new OutboxRepository(database.db);
});
afterAll(async () => {
  await database?.close();
});

async function states() {
  return database.db.selectFrom('outbox').select(['id', 'state', 'attempts']).orderBy('id').execute();
}

describe('outbox delivery', () => {
  it('delivers each message once, and again only after a lease expires (a crash mid-send)', async () => {
    await database.db.deleteFrom('outbox').execute();
    await outbox.enqueue(
      [1, 2, 3].map((n) => ({ event_id: null, recipient_id: null, topic: 'event.assigned', payload: { n } })),
      clock.now,
    );
    // a dispatcher that claims and then "dies" before sending
    const claimed = await outbox.claim(10, clock.now, 60_000);
    expect(claimed).toHaveLength(3);
    const notifier = new MemoryNotifier();
    const dispatcher = new OutboxDispatcher(outbox, notifier, { now: () => new Date(clock.now) });
    expect(await dispatcher.drain()).toBe(0); // still leased
    clock.now = new Date(clock.now.getTime() + 61_000);
    expect(await dispatcher.drain()).toBe(3);
    expect(notifier.sent.map((n) => (n.payload as { n: number }).n).sort()).toEqual([1, 2, 3]);
    expect(await dispatcher.drain()).toBe(0);
    expect((await states()).every((s) => s.state === 'sent')).toBe(true);
  });

  it('retries failures with back-off and gives up after the last attempt', async () => {
    await database.db.deleteFrom('outbox').execute();
    await outbox.enqueue([{ event_id: null, recipient_id: null, topic: 'event.assigned', payload: {} }], clock.now);
    const failing: Notifier = {
      name: 'failing',
      send: async () => {
        throw new Error('gateway down');
      },
    };
    const dispatcher = new OutboxDispatcher(outbox, failing, { now: () => new Date(clock.now), maxAttempts: 3 });
    for (let i = 0; i < 3; i++) {
      await dispatcher.deliverDue();
      clock.now = new Date(clock.now.getTime() + 3600_000);
    }
    const [row] = await database.db.selectFrom('outbox').selectAll().execute();
    expect(row.state).toBe('failed');
    expect(row.attempts).toBe(3);
    expect(row.last_error).toBe('gateway down');
  });

  it('posts JSON to a webhook, treating a non-2xx answer as a failure', async () => {
    const received: unknown[] = [];
    let answer = 500;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ body: JSON.parse(body), key: req.headers['idempotency-key'] });
        res.statusCode = answer;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      await database.db.deleteFrom('outbox').execute();
      await outbox.enqueue(
        [{ event_id: null, recipient_id: null, topic: 'event.assigned', payload: { text: '您有新的事件待签收' } }],
        clock.now,
      );
      const dispatcher = new OutboxDispatcher(outbox, new WebhookNotifier(url), { now: () => new Date(clock.now) });
      expect(await dispatcher.deliverDue()).toBe(0);
      answer = 204;
      clock.now = new Date(clock.now.getTime() + 3600_000);
      expect(await dispatcher.deliverDue()).toBe(1);
      expect(received).toHaveLength(2);
      expect(received[1]).toMatchObject({ body: { topic: 'event.assigned', payload: { text: '您有新的事件待签收' } } });
      expect((received[1] as { key: string }).key).toMatch(/^yiwang-outbox-\d+$/);
    } finally {
      server.close();
    }
  });
});
