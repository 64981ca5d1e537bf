/**
 * The clock sweep (超期扫描): moves lights forward — green → yellow at 80% of a limit, → red when
 * due — and in the same transaction queues the notices (yellow: the holders; red: the holders and
 * the supervising centre) and, for a tier's ladder time running out, has the event escalated
 * (五级九天: the `TierTimeRanOut` domain event, which the events area answers with 提级).
 * A clock's light moves once per colour, and the move commits with its notices and escalation or
 * not at all: a sweep killed half-way and run again sends each notice exactly once.
 *
 * A batch is handled set-wise — its events, their holders, the centres' operators and the
 * departments' staff are each read in one query and its notices written in one insert — because a
 * morning can bring thousands of clocks across a line at once.
 */
import { RecipientDirectory, type AssignmentTarget, type Recipient } from '../notify/recipients.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { DeadlineRepository, type ClaimedClock } from './deadline.repository.js';
import type { ClockSettingsProvider } from './clock-settings.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { OutboxRepository, type NewOutboxMessage } from '../notify/outbox.repository.js';
import { domainEvents } from '../domain-events/domain-events.js';
import { parentTier, isTier } from '../../core/deadlines/tiers.js';
import { noticePayload } from '../../core/events/event-notices.js';

export interface SweepDeps {
  db: Kysely<Schema>;
  now: () => Date;
  clocks: ClockSettingsProvider;
  /** Fault injection for tests: called inside each batch's transaction after its notices are queued. */
  afterBatch?: (claimed: number) => void;
}

export interface SweepResult {
  warned: number;
  overdue: number;
  escalated: number;
}

const STEP_ZH: Record<string, string> = {
  sign: '签收',
  respond: '首次响应',
  resolve: '办结',
  tier: '本级处置',
  supervise: '督办',
};

/** One sweep over everything due now, in batches of `batchSize` clocks per transaction. */
export async function sweepDeadlines(deps: SweepDeps, batchSize = 500): Promise<SweepResult> {
  const startedAt = deps.now();
  const total: SweepResult = { warned: 0, overdue: 0, escalated: 0 };
  const settings = await deps.clocks.get();
  for (const to of ['red', 'yellow'] as const) {
    for (;;) {
      const now = deps.now();
      const done = await deps.db.transaction().execute(async (trx) => {
        const clocks = new DeadlineRepository(trx);
        const claimed = await clocks.claimTransitions(to, now, batchSize);
        if (!claimed.length) return 0;
        const org = new OrganisationRepository(trx);
        const byEvent = new Map<number, ClaimedClock[]>();
        for (const c of claimed) byEvent.set(c.event_id, [...(byEvent.get(c.event_id) ?? []), c]);
        const ids = [...byEvent.keys()];
        const events = await clocks.eventsForUpdate(ids);
        const holders = await clocks.holdersOf(ids);

        // who hears: people held directly, centres' operators, departments' staff — and, once overdue,
        // the supervising centre; one directory for the whole batch (server/notify/recipients.ts)
        const targetsOf = new Map<number, AssignmentTarget[]>();
        const known = new Map<number, Recipient>();
        for (const h of holders) {
          const target: AssignmentTarget = {
            ...(h.person_id ? { personId: h.person_id } : {}),
            ...(h.centre_code ? { centreCode: h.centre_code } : {}),
            ...(h.department_id ? { departmentId: h.department_id } : {}),
          };
          targetsOf.set(h.event_id, [...(targetsOf.get(h.event_id) ?? []), target]);
          if (h.person_id && h.person_active)
            known.set(h.person_id, { id: h.person_id, name: h.person_name ?? '', phone: h.person_phone });
        }
        if (to === 'red')
          for (const e of events)
            targetsOf.set(e.id, [...(targetsOf.get(e.id) ?? []), { centreCode: e.supervisor_code }]);
        const directory = await RecipientDirectory.load(org, [...targetsOf.values()].flat(), known);

        const messages: NewOutboxMessage[] = [];
        for (const event of events) {
          const list = byEvent.get(event.id)!;
          const recipients = directory.recipientsOf(targetsOf.get(event.id) ?? []);
          const topic = to === 'red' ? 'event.overdue' : 'event.deadline_warning';
          const detail = `${list.map((c) => STEP_ZH[c.step] ?? c.step).join('、')}时限${to === 'red' ? '已超期' : '即将到期'}`;
          for (const person of recipients) {
            messages.push({
              event_id: event.id,
              recipient_id: person.id,
              topic,
              payload: noticePayload(topic, event, person, {
                steps: list.map((c) => c.step),
                dueAt: list.map((c) => c.due_at.toISOString()),
                detail,
              }),
            });
          }
          if (to === 'red') total.overdue += list.length;
          else total.warned += list.length;
        }
        await new OutboxRepository(trx).enqueue(messages, now);

        // 五级九天: a tier whose ladder time ran out hands the event up (the events area escalates it,
        // in this transaction: server/events/event.subscribers.ts).
        for (const event of events) {
          const list = byEvent.get(event.id)!;
          const tier = isTier(event.tier) ? event.tier : null;
          const ladderRanOut = to === 'red' && list.some((c) => c.step === 'tier');
          if (
            ladderRanOut &&
            tier &&
            parentTier(tier) &&
            event.status_kind === 'open' &&
            !event.suspended_at &&
            event.status !== 'reported'
          ) {
            if (await domainEvents.emit(trx, 'TierTimeRanOut', { event, tier, at: now, settings })) total.escalated++;
          }
        }
        await clocks.syncEventLight(ids);
        deps.afterBatch?.(claimed.length);
        return claimed.length;
      });
      if (done < batchSize) break;
    }
  }
  await new DeadlineRepository(deps.db).recordSweep(startedAt, deps.now(), total);
  return total;
}
