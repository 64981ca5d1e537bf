/** The domain-event bus: subscribers run in order inside the emitter's transaction, and the wiring subscribes each area once. */
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { EventRow, Schema } from '../db/schema.js';
import { DomainEventBus } from './domain-events.js';
import { wireDomainEvents } from '../domain-event-wiring.js';

const trx = {} as Kysely<Schema>;
const closed = { event: { id: 7, status: 'closed' } as EventRow, actorId: 21, at: new Date('2026-03-02T01:00:00Z') };

describe('the domain-event bus', () => {
  it('runs every subscriber of an event, in the order subscribed, with the emitter’s transaction; answers how many ran', async () => {
    const bus = new DomainEventBus();
    const seen: string[] = [];
    bus.on('EventClosed', async (db, e) => {
      expect(db).toBe(trx);
      seen.push(`first ${e.event.id}`);
    });
    bus.subscribe({
      EventClosed: async () => void seen.push('second'),
      EventReopened: async () => void seen.push('not this one'),
    });
    expect(await bus.emit(trx, 'EventClosed', closed)).toBe(2);
    expect(seen).toEqual(['first 7', 'second']);
    expect(await bus.emit(trx, 'EventMerged', closed)).toBe(0);
  });

  it('fails the emitter’s change when a subscriber fails, and runs none after it', async () => {
    const bus = new DomainEventBus();
    const seen: string[] = [];
    bus.on('EventCancelled', async () => {
      throw new Error('refused');
    });
    bus.on('EventCancelled', async () => void seen.push('after'));
    await expect(bus.emit(trx, 'EventCancelled', closed)).rejects.toThrow('refused');
    expect(seen).toEqual([]);
  });
});

describe('the wiring', () => {
  it('subscribes follow-ups, mediation and the events area to what they answer, once however often it is called', () => {
    const bus = new DomainEventBus();
    wireDomainEvents(bus);
    wireDomainEvents(bus);
    expect({
      EventClosed: bus.subscriberCount('EventClosed'),
      EventReopened: bus.subscriberCount('EventReopened'),
      EventMerged: bus.subscriberCount('EventMerged'),
      EventCancelled: bus.subscriberCount('EventCancelled'),
      TierTimeRanOut: bus.subscriberCount('TierTimeRanOut'),
    }).toEqual({ EventClosed: 2, EventReopened: 1, EventMerged: 1, EventCancelled: 1, TierTimeRanOut: 1 });
  });
});
