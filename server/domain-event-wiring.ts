/**
 * Who hears which domain event (server/domain-events/): the one place the areas' subscribers are
 * put on the bus. The emitters (the events area's actions, the deadline sweep) know nothing of the
 * subscribers, and no area imports another to react to it — which keeps the areas' import graph
 * free of cycles (server/import-cycles.test.ts).
 *
 * The order is the order subscribers run in, within the emitter's transaction: on a closing,
 * follow-ups plan their visits, then mediation withdraws its tasks.
 */
import { domainEvents, type DomainEventBus } from './domain-events/domain-events.js';
import { followUpSubscribers } from './followups/follow-up.subscribers.js';
import { mediationSubscribers } from './mediation/mediation.subscribers.js';
import { eventSubscribers } from './events/event.subscribers.js';

const wired = new WeakSet<DomainEventBus>();

/** Subscribes every area's handlers to the bus, once (buildApp calls it; so may a script that sweeps without an app). */
export function wireDomainEvents(bus: DomainEventBus = domainEvents): void {
  if (wired.has(bus)) return;
  wired.add(bus);
  bus.subscribe(followUpSubscribers);
  bus.subscribe(mediationSubscribers);
  bus.subscribe(eventSubscribers);
}
