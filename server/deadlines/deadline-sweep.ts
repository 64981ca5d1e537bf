/**
 * The clock sweep (超期扫描): moves lights forward — green → yellow at 80% of a limit, → red when
 * due — and in the same transaction queues the notices (yellow: the holders; red: the holders and
 * the supervising centre) and, for a tier's ladder time running out, escalates the event (五级九天).
 * A clock's light moves once per colour, and the move commits with its notices and escalation or
 * not at all: a sweep killed half-way and run again sends each notice exactly once.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { DeadlineRepository, type ClaimedClock } from './deadline.repository.js';
import type { ClockSettingsProvider } from './clock-settings.js';
import { EventRepository } from '../events/event.repository.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { OutboxRepository } from '../notify/outbox.repository.js';
import { notificationsFor, type AssignmentTarget } from '../events/event-notifications.js';
import { assignmentTarget, performAction, supervisingCentre } from '../events/event-action.service.js';
import { parentTier, isTier } from '../../core/deadlines/tiers.js';
import { TIER_NAMES_ZH } from '../../core/deadlines/tiers.js';

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

const STEP_ZH: Record<string, string> = { sign: '签收', respond: '首次响应', resolve: '办结', tier: '本级处置', supervise: '督办' };

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
        const events = new EventRepository(trx);
        const org = new OrganisationRepository(trx);
        const outbox = new OutboxRepository(trx);
        const byEvent = new Map<number, ClaimedClock[]>();
        for (const c of claimed) byEvent.set(c.event_id, [...(byEvent.get(c.event_id) ?? []), c]);
        for (const [eventId, list] of byEvent) {
          const event = await events.findForUpdate(eventId);
          if (!event) continue;
          const assignments = await events.assignments(eventId);
          const holders: AssignmentTarget[] = assignments.filter((a) => a.active).map(assignmentTarget);
          const targets = to === 'red' ? [...holders, { centreCode: supervisingCentre(event) }] : holders;
          const steps = list.map((c) => STEP_ZH[c.step] ?? c.step).join('、');
          await outbox.enqueue(
            await notificationsFor(org, event, to === 'red' ? 'event.overdue' : 'event.deadline_warning', targets, {
              steps: list.map((c) => c.step),
              dueAt: list.map((c) => c.due_at.toISOString()),
              detail: `${steps}时限${to === 'red' ? '已超期' : '即将到期'}`,
            }),
            now,
          );
          if (to === 'red') total.overdue += list.length;
          else total.warned += list.length;
          // 五级九天: a tier whose ladder time ran out hands the event up.
          const ladderRanOut = to === 'red' && list.some((c) => c.step === 'tier');
          const tier = isTier(event.tier) ? event.tier : null;
          if (ladderRanOut && tier && parentTier(tier) && event.status_kind === 'open' && !event.suspended_at && event.status !== 'reported') {
            await performAction(trx, settings, now, { actor: { kind: 'system' }, user: null }, event, assignments, { isAssignee: false, inScope: false, isReporter: false }, 'escalate', {
              note: `${TIER_NAMES_ZH[tier]}处置时限已到，自动提级（五级九天）`,
            });
            total.escalated++;
          }
        }
        await clocks.syncEventLight([...byEvent.keys()]);
        deps.afterBatch?.(claimed.length);
        return claimed.length;
      });
      if (done < batchSize) break;
    }
  }
  await new DeadlineRepository(deps.db).recordSweep(startedAt, deps.now(), total);
  return total;
}
