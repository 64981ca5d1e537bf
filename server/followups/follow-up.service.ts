/**
 * 回访与满意度: scheduling follow-up visits when an event closes, recording them, the citizen's
 * own rating through the tracking link, and — when either says 不满意 about a closed event —
 * reopening it for rework in the same transaction. Every change to an event's follow-ups
 * recomputes its row in event_satisfaction (what the dashboards count).
 */
import type { Kysely } from 'kysely';
import type { EventRow, FollowUpRow, Schema } from '../db/schema.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import { fail, isDomainError } from '../../core/errors.js';
import { NO_RELATION, type ActorRelation, type EventStatus } from '../../core/events/event-workflow.js';
import {
  DEFAULT_FOLLOW_UP_POLICY,
  SATISFACTION_NAMES_ZH,
  assertMayRecordFollowUp,
  decideReopen,
  maySkipFollowUps,
  planFollowUps,
  ratingWindow,
  reopensEvent,
  summariseFollowUps,
  type FollowUpMethod,
  type FollowUpPolicy,
  type Satisfaction,
} from '../../core/followups/follow-up-policy.js';
import type { ClockSettings } from '../../core/deadlines/clocks.js';
import type { ClockSettingsProvider } from '../deadlines/clock-settings.js';
import { EventRepository } from '../events/event.repository.js';
import { findVisibleEvent, runLockedEventAction } from '../events/event-action.service.js';
import { FollowUpRepository, type PlacementScope } from './follow-up.repository.js';

type Db = Kysely<Schema>;

export interface FollowUpDeps {
  db: Db;
  now: () => Date;
  clocks: ClockSettingsProvider;
}

/** How far back the self-healing sweep looks for closed events without visits. */
export const SCHEDULE_WINDOW_DAYS = 60;

function uniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === '23505';
}

/** Recomputes an event's row in event_satisfaction from all its follow-ups. */
export async function refreshSatisfaction(db: Db, eventId: number, now: Date): Promise<void> {
  const repo = new FollowUpRepository(db);
  await repo.saveSummary(eventId, summariseFollowUps(await repo.facts(eventId)), now);
}

/**
 * Plans the follow-up visits for an event's current closing (call it inside the transaction that
 * closes the event, with the closed row). Idempotent: a closing that already has its visits gets
 * them back unchanged; a concurrent second call inserts nothing (unique event_id, round, seq).
 * An event that is not closed gets nothing.
 */
export async function scheduleFollowUps(
  trx: Db,
  event: Pick<EventRow, 'id' | 'status' | 'closed_at'>,
  now: Date,
  policy: FollowUpPolicy = DEFAULT_FOLLOW_UP_POLICY,
): Promise<FollowUpRow[]> {
  if (event.status !== 'closed' || !event.closed_at) return [];
  const closedAt = new Date(event.closed_at);
  const repo = new FollowUpRepository(trx);
  const round = await repo.closingRound(event.id);
  const existing = await repo.visitsForRound(event.id, round);
  if (existing.length) return existing;
  await repo.insertPlanned(
    planFollowUps(closedAt, policy).map((p) => ({
      event_id: event.id,
      round,
      seq: p.seq,
      closure_at: closedAt,
      due_at: p.dueAt,
      created_at: now,
    })),
  );
  await refreshSatisfaction(trx, event.id, now);
  return repo.visitsForRound(event.id, round);
}

/** A closing undone (重新办理): its visits still scheduled are cancelled in the same transaction. */
export async function cancelStaleFollowUps(trx: Db, eventId: number, now: Date): Promise<void> {
  const touched = await new FollowUpRepository(trx).cancelStale(now, undefined, eventId);
  for (const id of touched) await refreshSatisfaction(trx, id, now);
}

export interface SweepOptions {
  policy?: FollowUpPolicy;
  /** Only events in this jurisdiction (the list endpoint passes the caller's). */
  scope?: PlacementScope;
  /** At most this many events are scheduled per call. */
  limit?: number;
}

/**
 * Self-healing without a hook in the closing transaction: cancels scheduled visits whose event was
 * reopened since, and schedules visits for events closed in the last 60 days whose current
 * closing has none. Cheap and bounded; safe to run from several places at once.
 */
export async function scheduleMissingFollowUps(
  db: Db,
  now: Date,
  options: SweepOptions = {},
): Promise<{ scheduled: number; cancelled: number }> {
  const repo = new FollowUpRepository(db);
  const cancelled = await db.transaction().execute(async (trx) => {
    const touched = await new FollowUpRepository(trx).cancelStale(now, options.scope);
    for (const eventId of touched) await refreshSatisfaction(trx, eventId, now);
    return touched.length;
  });
  const since = new Date(now.getTime() - SCHEDULE_WINDOW_DAYS * 24 * 3600_000);
  const candidates = await repo.closedWithoutVisits(since, options.limit ?? 200, options.scope);
  let scheduled = 0;
  for (const { id } of candidates) {
    const planned = await db.transaction().execute(async (trx) => {
      const event = await new EventRepository(trx).findForUpdate(id);
      return event ? scheduleFollowUps(trx, event, now, options.policy) : [];
    });
    if (planned.length) scheduled++;
  }
  return { scheduled, cancelled };
}

/** Loads an event for follow-up work, answering 404 as FOLLOW_UP_NOT_FOUND when it is out of sight. */
async function visibleEventOf(trx: Db, user: CurrentUser, followUp: FollowUpRow) {
  try {
    return await findVisibleEvent(trx, user, followUp.event_id, true);
  } catch (error) {
    if (isDomainError(error) && error.code === 'EVENT_NOT_FOUND')
      fail('FOLLOW_UP_NOT_FOUND', `no follow-up ${followUp.id}`);
    throw error;
  }
}

async function isCurrentClosing(repo: FollowUpRepository, event: EventRow, followUp: FollowUpRow): Promise<boolean> {
  return event.status === 'closed' && followUp.round === (await repo.closingRound(event.id));
}

export interface ReopenInput {
  /** The visitor (a person) — or null for the citizen's own rating through the link. */
  user: CurrentUser | null;
  relation: ActorRelation;
  note: string;
  data: Record<string, unknown>;
}

/**
 * 重新办理 inside the caller's transaction (the event row locked): closed → handling, closed_at and
 * resolved_at cleared, a `reopen` history record by the visitor when the state machine lets them
 * (a centre operator in scope) or by the platform on their behalf, the round's remaining visits
 * cancelled, and an `event.reopened` notice to the active assignees (closing does not end
 * assignments, so the handlers get the event back).
 */
export async function reopenForFollowUp(
  trx: Db,
  event: EventRow,
  input: ReopenInput,
  now: Date,
  settings: ClockSettings,
): Promise<{ event: EventRow; historyId: number }> {
  // Who reopens: the visitor when they supervise the event, else the platform on their word.
  const { actor } = decideReopen(input.user, input.relation, event.status as EventStatus, input.note);
  const assignments = await new EventRepository(trx).assignments(event.id);
  // The same path as every other action: clocks restart, the rework is counted, holders are told
  // (the reopen's EventReopened cancels the undone closing's visits: follow-up.subscribers.ts).
  const result = await runLockedEventAction(trx, {
    action: 'reopen',
    event,
    assignments,
    actor,
    user: actor.kind === 'person' ? input.user : null,
    relation: input.relation,
    input: { note: input.note, historyData: input.data as Record<string, unknown> | undefined },
    now,
    settings,
    notifyExcept: input.user?.id,
  });
  await new FollowUpRepository(trx).cancelScheduled(event.id, '回访不满意，事件已重新办理', now);
  return result;
}

export interface RecordInput {
  method: FollowUpMethod;
  satisfaction: Satisfaction;
  note?: string;
}

/** Records a visit's outcome; a 不满意 reopens the closed event in the same transaction. */
export async function recordFollowUp(deps: FollowUpDeps, user: CurrentUser, followUpId: number, input: RecordInput) {
  const now = deps.now();
  const note = input.note?.trim() || null;
  if (input.method === 'online')
    fail('VALIDATION_FAILED', 'method online is the citizen’s own rating; a visit is by phone, visit or sms');
  if (input.satisfaction === 'dissatisfied' && !note)
    fail('VALIDATION_FAILED', 'a dissatisfied follow-up needs a note saying why');
  const settings = await deps.clocks.get();
  return deps.db.transaction().execute(async (trx) => {
    const repo = new FollowUpRepository(trx);
    const found = await repo.findById(followUpId);
    if (!found || found.kind !== 'visit') fail('FOLLOW_UP_NOT_FOUND', `no follow-up ${followUpId}`);
    const { event, relation } = await visibleEventOf(trx, user, found);
    const followUp = (await repo.findForUpdate(followUpId))!;
    assertMayRecordFollowUp(user, relation, await repo.resolverIds(event.id));
    // a visit of a closing since undone says so, whether or not the reopen has cancelled it yet
    if (!(await isCurrentClosing(repo, event, followUp)))
      fail('FOLLOW_UP_NOT_SCHEDULED', 'the event was reopened after this closing; this visit no longer applies');
    if (followUp.status !== 'scheduled')
      fail('FOLLOW_UP_ALREADY_RECORDED', `this follow-up is already ${followUp.status}`);

    await repo.recordOutcome(followUp.id, {
      status: 'done',
      method: input.method,
      satisfaction: input.satisfaction,
      note,
      visitor_id: user.id,
      at: now,
    });
    let reopened: { event: EventRow; historyId: number } | null = null;
    if (reopensEvent(input.satisfaction, event.status)) {
      reopened = await reopenForFollowUp(
        trx,
        event,
        {
          user,
          relation,
          note: `回访不满意：${note}`,
          data: {
            source: 'follow_up',
            followUpId: followUp.id,
            seq: followUp.seq,
            method: input.method,
            visitor: { id: user.id, name: user.name, role: user.role },
          },
        },
        now,
        settings,
      );
    }
    await refreshSatisfaction(trx, event.id, now);
    return {
      followUp: (await repo.findById(followUp.id))!,
      event: reopened?.event ?? event,
      reopened: reopened !== null,
      historyId: reopened?.historyId ?? null,
    };
  });
}

/** 跳过回访: a centre operator marks a scheduled visit missed (could not reach) or cancelled. */
export async function skipFollowUp(
  deps: FollowUpDeps,
  user: CurrentUser,
  followUpId: number,
  input: { note: string; status?: 'missed' | 'cancelled' },
) {
  const now = deps.now();
  const note = input.note.trim();
  if (!note) fail('VALIDATION_FAILED', 'say why the visit is skipped');
  return deps.db.transaction().execute(async (trx) => {
    const repo = new FollowUpRepository(trx);
    const found = await repo.findById(followUpId);
    if (!found || found.kind !== 'visit') fail('FOLLOW_UP_NOT_FOUND', `no follow-up ${followUpId}`);
    const { event, relation } = await visibleEventOf(trx, user, found);
    if (!maySkipFollowUps(user.role)) fail('FORBIDDEN', 'only a command centre may skip a follow-up visit');
    if (!relation.inScope) fail('OUT_OF_SCOPE', 'this event is outside your jurisdiction');
    const followUp = (await repo.findForUpdate(followUpId))!;
    if (followUp.status !== 'scheduled')
      fail('FOLLOW_UP_ALREADY_RECORDED', `this follow-up is already ${followUp.status}`);
    await repo.recordOutcome(followUp.id, { status: input.status ?? 'missed', note, visitor_id: user.id, at: now });
    await refreshSatisfaction(trx, event.id, now);
    return { followUp: (await repo.findById(followUp.id))! };
  });
}

/** An event's follow-ups: a read only (visits are planned when the event closes, and by the follow-up-schedule job). */
export async function followUpsOfEvent(deps: FollowUpDeps, user: CurrentUser, eventId: number) {
  const { event, relation } = await findVisibleEvent(deps.db, user, eventId);
  const repo = new FollowUpRepository(deps.db);
  const [rows, summary, resolvers] = await Promise.all([
    repo.forEvent(event.id),
    repo.summary(event.id),
    repo.resolverIds(event.id),
  ]);
  return { event, relation, rows, summary: summary ?? null, resolverIds: resolvers };
}

// ── the citizen's own rating (no login: the tracking token is the credential) ───────────────────

export async function ratingState(deps: FollowUpDeps, token: string) {
  const event = await new EventRepository(deps.db).findByTrackingToken(token);
  if (!event) fail('EVENT_NOT_FOUND', 'no report with this tracking code');
  const rating = await new FollowUpRepository(deps.db).citizenRating(event.id);
  return { event, rating: rating ?? null, window: ratingWindow(event.status, !!rating) };
}

export async function rateByToken(
  deps: FollowUpDeps,
  token: string,
  input: { satisfaction: Satisfaction; comment?: string },
) {
  const now = deps.now();
  const comment = input.comment?.trim() || null;
  const found = await new EventRepository(deps.db).findByTrackingToken(token);
  if (!found) fail('EVENT_NOT_FOUND', 'no report with this tracking code');
  const settings = await deps.clocks.get();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const repo = new FollowUpRepository(trx);
      const event = (await new EventRepository(trx).findForUpdate(found.id))!;
      const window = ratingWindow(event.status, !!(await repo.citizenRating(event.id)));
      if (!window.open && window.reason === 'already_rated')
        fail('RATING_ALREADY_GIVEN', 'this report has been rated already');
      if (!window.open) fail('RATING_NOT_OPEN', 'a report can be rated once it has been handled');
      const id = await repo.insertCitizenRating(event.id, input.satisfaction, comment, now);
      let reopened = false;
      if (reopensEvent(input.satisfaction, event.status)) {
        await reopenForFollowUp(
          trx,
          event,
          {
            user: null,
            relation: NO_RELATION,
            note: `群众评价${SATISFACTION_NAMES_ZH.dissatisfied}：${comment ?? '未说明原因'}`,
            data: { source: 'citizen_rating', followUpId: id },
          },
          now,
          settings,
        );
        reopened = true;
      }
      await refreshSatisfaction(trx, event.id, now);
      return { rating: (await repo.findById(id))!, reopened };
    });
  } catch (error) {
    if (uniqueViolation(error)) fail('RATING_ALREADY_GIVEN', 'this report has been rated already');
    throw error;
  }
}
