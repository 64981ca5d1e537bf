/**
 * The clock sweep (超期扫描): moves lights forward — green → yellow at 80% of a limit, → red when
 * due — and in the same transaction queues the notices (yellow: the holders; red: the holders and
 * the supervising centre) and, for a tier's ladder time running out, escalates the event (五级九天).
 * A clock's light moves once per colour, and the move commits with its notices and escalation or
 * not at all: a sweep killed half-way and run again sends each notice exactly once.
 *
 * A batch is handled set-wise — its events, their holders, the centres' operators and the
 * departments' staff are each read in one query and its notices written in one insert — because a
 * morning can bring thousands of clocks across a line at once.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { DeadlineRepository, type ClaimedClock } from './deadline.repository.js';
import type { ClockSettingsProvider } from './clock-settings.js';
import { EventRepository } from '../events/event.repository.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { OutboxRepository, type NewOutboxMessage } from '../notify/outbox.repository.js';
import { performAction } from '../events/event-action.service.js';
import { parentTier, isTier, TIER_NAMES_ZH } from '../../core/deadlines/tiers.js';
import { noticePayload } from '../../core/events/event-notices.js';
import { NO_RELATION } from '../../core/events/event-workflow.js';

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

interface Recipient {
  id: number;
  name: string;
  phone: string | null;
}

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
        const eventsRepo = new EventRepository(trx);
        const org = new OrganisationRepository(trx);
        const byEvent = new Map<number, ClaimedClock[]>();
        for (const c of claimed) byEvent.set(c.event_id, [...(byEvent.get(c.event_id) ?? []), c]);
        const ids = [...byEvent.keys()];
        const events = await eventsRepo.findManyForUpdate(ids);
        const holders = await eventsRepo.activeAssignmentsOf(ids);

        // who hears: people held directly, centres' operators, departments' staff
        const centreCodes = new Set<string>();
        const departmentIds = new Set<number>();
        for (const h of holders) {
          if (h.centre_code) centreCodes.add(h.centre_code);
          if (h.department_id) departmentIds.add(h.department_id);
        }
        if (to === 'red') for (const e of events) centreCodes.add(e.supervisor_code);
        const operators = await org.centresOperators([...centreCodes]);
        const staff = await org.departmentStaff([...departmentIds]);

        const messages: NewOutboxMessage[] = [];
        for (const event of events) {
          const list = byEvent.get(event.id)!;
          const recipients = new Map<number, Recipient>();
          for (const h of holders.filter((a) => a.event_id === event.id)) {
            if (h.person_id && h.person_active)
              recipients.set(h.person_id, { id: h.person_id, name: h.person_name ?? '', phone: h.person_phone });
            if (h.centre_code)
              for (const o of operators.filter((p) => p.jurisdiction_code === h.centre_code)) recipients.set(o.id, o);
            if (h.department_id)
              for (const s of staff.filter((p) => p.department_id === h.department_id)) recipients.set(s.id, s);
          }
          if (to === 'red')
            for (const o of operators.filter((p) => p.jurisdiction_code === event.supervisor_code))
              recipients.set(o.id, o);
          const topic = to === 'red' ? 'event.overdue' : 'event.deadline_warning';
          const detail = `${list.map((c) => STEP_ZH[c.step] ?? c.step).join('、')}时限${to === 'red' ? '已超期' : '即将到期'}`;
          for (const person of recipients.values()) {
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

        // 五级九天: a tier whose ladder time ran out hands the event up.
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
            const assignments = await eventsRepo.assignments(event.id);
            await performAction(
              trx,
              settings,
              now,
              { actor: { kind: 'system' }, user: null },
              event,
              assignments,
              NO_RELATION,
              'escalate',
              {
                note: `${TIER_NAMES_ZH[tier]}处置时限已到，自动提级（五级九天）`,
              },
            );
            total.escalated++;
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
