/**
 * 领域事件: the one seam between the event lifecycle and the areas that react to it. An area that
 * changes an event says what happened (`EventClosed`, `EventReopened`, `EventMerged`,
 * `EventCancelled`; the sweep's `TierTimeRanOut`) and the areas that care act on it — follow-ups
 * plan or cancel visits, mediation withdraws its tasks, the event area escalates — **inside the
 * same transaction**, in the order they were subscribed, so the change and its consequences commit
 * together or not at all. The emitter knows nothing of the subscribers; they are wired once at
 * start-up (server/domain-event-wiring.ts, called by buildApp). This module imports no area.
 *
 * Subscribers are code, not configuration: the same in every app of a process, they take all they
 * need from the transaction and the event, never from an app's deps — so one process-wide bus serves
 * every app (tests run several in one process).
 *
 * Live updates need no subscriber: the database announces every change to an event row on commit
 * (migrations/010_live.sql).
 */
import type { Kysely } from 'kysely';
import type { EventRow, Schema } from '../db/schema.js';
import type { ClockSettings } from '../../core/deadlines/clocks.js';
import type { Tier } from '../../core/deadlines/tiers.js';

/** What every lifecycle event carries: the event row after the change, who changed it, when. */
export interface LifecycleEvent {
  event: EventRow;
  /** The person who acted; null when the platform did. */
  actorId: number | null;
  at: Date;
}

/** 结案: the event was closed. */
export type EventClosed = LifecycleEvent;
/** 重新办理: a closed event came back to handling. */
export type EventReopened = LifecycleEvent;
/** 合并: the event was merged into another (`event.merged_into_id`). */
export type EventMerged = LifecycleEvent;
/** 撤销: the event was cancelled. */
export type EventCancelled = LifecycleEvent;

/** 五级九天: the ladder time of the tier holding an open event ran out (the sweep, its batch's transaction). */
export interface TierTimeRanOut {
  /** The event row, locked by the sweep. */
  event: EventRow;
  tier: Tier;
  at: Date;
  /** The clock settings the sweep counts with: whatever the event does next is counted by the same. */
  settings: ClockSettings;
}

/** Every domain event by name. */
export interface DomainEvents {
  EventClosed: EventClosed;
  EventReopened: EventReopened;
  EventMerged: EventMerged;
  EventCancelled: EventCancelled;
  TierTimeRanOut: TierTimeRanOut;
}

export type DomainEventName = keyof DomainEvents;

/** A subscriber: runs inside the emitter's transaction (`db` is that transaction). */
export type DomainEventHandler<K extends DomainEventName> = (
  db: Kysely<Schema>,
  event: DomainEvents[K],
) => Promise<void>;

/** What one area does on which domain events (server/<area>/<area>.subscribers.ts). */
export type Subscriptions = { [K in DomainEventName]?: DomainEventHandler<K> };

export class DomainEventBus {
  private readonly handlers: { [K in DomainEventName]?: DomainEventHandler<K>[] } = {};

  on<K extends DomainEventName>(name: K, handler: DomainEventHandler<K>): void {
    const list = (this.handlers[name] ??= []) as DomainEventHandler<K>[];
    list.push(handler);
  }

  /** Subscribes an area's handlers, each to its event. */
  subscribe(subscriptions: Subscriptions): void {
    for (const name of Object.keys(subscriptions) as DomainEventName[]) {
      this.on(name, subscriptions[name] as DomainEventHandler<typeof name>);
    }
  }

  /** How many subscribers `name` has (the wiring is checked by it). */
  subscriberCount(name: DomainEventName): number {
    return this.handlers[name]?.length ?? 0;
  }

  /**
   * Runs every subscriber of `name`, one after the other, inside the caller's transaction; a
   * subscriber's failure fails the emitter's change. Answers how many subscribers ran.
   */
  async emit<K extends DomainEventName>(db: Kysely<Schema>, name: K, event: DomainEvents[K]): Promise<number> {
    const list = (this.handlers[name] ?? []) as DomainEventHandler<K>[];
    for (const handler of list) await handler(db, event);
    return list.length;
  }
}

/** The process's bus: emitters and the wiring use this one. */
export const domainEvents = new DomainEventBus();
