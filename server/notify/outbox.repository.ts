/**
 * The transactional outbox (SQL side). Messages are written with the change they announce, then
 * claimed by the dispatcher with a lease: a claimed message is invisible for the lease, so a
 * crash mid-send means it is sent again after the lease (at least once), never lost.
 */
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export interface OutboxMessage {
  id: number;
  event_id: number | null;
  recipient_id: number | null;
  topic: string;
  payload: unknown;
  attempts: number;
}

export interface NewOutboxMessage {
  event_id: number | null;
  recipient_id: number | null;
  topic: string;
  payload: unknown;
}

export class OutboxRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  async enqueue(messages: NewOutboxMessage[], at: Date): Promise<void> {
    if (!messages.length) return;
    await this.db
      .insertInto('outbox')
      .values(messages.map((m) => ({ ...m, payload: JSON.stringify(m.payload), next_attempt_at: at, created_at: at })))
      .execute();
  }

  /** Takes up to `limit` due messages and hides them for `leaseMs`. */
  async claim(limit: number, now: Date, leaseMs: number): Promise<OutboxMessage[]> {
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const result = await sql<OutboxMessage>`
      UPDATE outbox SET next_attempt_at = ${leaseUntil}, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM outbox
        WHERE state = 'pending' AND next_attempt_at <= ${now}
        ORDER BY next_attempt_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, event_id, recipient_id, topic, payload, attempts`.execute(this.db);
    return result.rows;
  }

  async markSent(id: number, at: Date): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ state: 'sent', sent_at: at, last_error: null })
      .where('id', '=', id)
      .execute();
  }

  async markFailed(id: number, error: string, retryAt: Date | null): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set(
        retryAt
          ? { last_error: error.slice(0, 1000), next_attempt_at: retryAt }
          : { state: 'failed', last_error: error.slice(0, 1000) },
      )
      .where('id', '=', id)
      .execute();
  }

  forEvent(eventId: number) {
    return this.db
      .selectFrom('outbox as o')
      .leftJoin('people as p', 'p.id', 'o.recipient_id')
      .select([
        'o.id',
        'o.recipient_id',
        'p.name as recipient_name',
        'o.topic',
        'o.state',
        'o.attempts',
        'o.created_at',
        'o.sent_at',
        'o.payload',
      ])
      .where('o.event_id', '=', eventId)
      .orderBy('o.id')
      .execute();
  }
}
