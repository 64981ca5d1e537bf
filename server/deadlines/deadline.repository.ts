/** All SQL about clocks: rules and ladder, opening, finishing, pausing, extending (the requests too), and the sweep's claims and the events and holders they concern. */
import { sql, type Kysely } from 'kysely';
import type { EventRow, Schema } from '../db/schema.js';
import type { PlannedClock, ClockStep } from '../../core/deadlines/clocks.js';
import type { LadderRung, TimeLimitRule } from '../../core/deadlines/time-limits.js';
import type { Tier } from '../../core/deadlines/tiers.js';
import { lightAt, WARN_FRACTION } from '../../core/deadlines/traffic-light.js';

export interface ClaimedClock {
  id: number;
  event_id: number;
  step: ClockStep;
  tier: Tier;
  due_at: Date;
  light: 'yellow' | 'red';
}

/** core/deadlines/traffic-light.ts `lightAt` in SQL, over a clock row's warn_at and due_at: red from the due instant, yellow from the warn instant. */
export function lightSql(now: Date) {
  return sql<string>`CASE WHEN due_at <= ${now} THEN 'red' WHEN warn_at <= ${now} THEN 'yellow' ELSE 'green' END`;
}

/** core `finishedOnTime` in SQL: on time only before the due instant, the instant the light turns red. */
export function outcomeSql(now: Date) {
  return sql<string>`CASE WHEN due_at > ${now} THEN 'on_time' ELSE 'late' END`;
}

/** The row of a planned clock opened at `now`, its light as of `now` (the clock backfill passes when it finished). */
export function plannedClockRow(eventId: number, c: PlannedClock, now: Date, lightAsOf: Date = now) {
  return {
    event_id: eventId,
    step: c.step,
    tier: c.tier,
    started_at: c.startedAt,
    warn_at: c.warnAt,
    due_at: c.dueAt,
    amount: c.amount,
    unit: c.unit,
    rule_id: c.ruleId,
    fallback: c.fallback ? JSON.stringify(c.fallback) : null,
    light: lightAt(lightAsOf, c.warnAt, c.dueAt),
    created_at: now,
  };
}

export class DeadlineRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  async rules(): Promise<TimeLimitRule[]> {
    const rows = await this.db.selectFrom('time_limit_rules').selectAll().orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      step: r.step as TimeLimitRule['step'],
      eventType: r.event_type,
      riskLevel: r.risk_level,
      tier: r.tier as Tier | null,
      amount: r.amount,
      unit: r.unit as TimeLimitRule['unit'],
    }));
  }

  async ladder(): Promise<LadderRung[]> {
    const rows = await this.db.selectFrom('tier_ladder').selectAll().execute();
    return rows.map((r) => ({
      eventType: r.event_type,
      tier: r.tier as Tier,
      amount: r.amount,
      unit: r.unit as LadderRung['unit'],
    }));
  }

  /** Adds a rule, or replaces the one with the same step, type, risk level and tier. Returns its id. */
  async upsertRule(rule: {
    step: string;
    eventType: string | null;
    riskLevel: string | null;
    tier: string | null;
    amount: number;
    unit: string;
    note?: string;
  }): Promise<number> {
    const existing = await this.db
      .selectFrom('time_limit_rules')
      .select('id')
      .where('step', '=', rule.step)
      .where((eb) => (rule.eventType === null ? eb('event_type', 'is', null) : eb('event_type', '=', rule.eventType)))
      .where((eb) => (rule.riskLevel === null ? eb('risk_level', 'is', null) : eb('risk_level', '=', rule.riskLevel)))
      .where((eb) => (rule.tier === null ? eb('tier', 'is', null) : eb('tier', '=', rule.tier)))
      .executeTakeFirst();
    if (existing) {
      await this.updateRule(existing.id, rule);
      return existing.id;
    }
    const { id } = await this.db
      .insertInto('time_limit_rules')
      .values({
        step: rule.step,
        event_type: rule.eventType,
        risk_level: rule.riskLevel,
        tier: rule.tier,
        amount: rule.amount,
        unit: rule.unit,
        note: rule.note ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  async updateRule(
    id: number,
    rule: {
      step: string;
      eventType: string | null;
      riskLevel: string | null;
      tier: string | null;
      amount: number;
      unit: string;
      note?: string;
    },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('time_limit_rules')
      .set({
        step: rule.step,
        event_type: rule.eventType,
        risk_level: rule.riskLevel,
        tier: rule.tier,
        amount: rule.amount,
        unit: rule.unit,
        note: rule.note ?? null,
      })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async deleteRule(id: number): Promise<boolean> {
    return (
      Number((await this.db.deleteFrom('time_limit_rules').where('id', '=', id).executeTakeFirst()).numDeletedRows) > 0
    );
  }

  async upsertRung(rung: { eventType: string; tier: string; amount: number; unit: string }): Promise<void> {
    await this.db
      .insertInto('tier_ladder')
      .values({ event_type: rung.eventType, tier: rung.tier, amount: rung.amount, unit: rung.unit })
      .onConflict((oc) => oc.columns(['event_type', 'tier']).doUpdateSet({ amount: rung.amount, unit: rung.unit }))
      .execute();
  }

  async deleteRung(eventType: string, tier: string): Promise<boolean> {
    return (
      Number(
        (
          await this.db
            .deleteFrom('tier_ladder')
            .where('event_type', '=', eventType)
            .where('tier', '=', tier)
            .executeTakeFirst()
        ).numDeletedRows,
      ) > 0
    );
  }

  async open(eventId: number, clocks: readonly PlannedClock[], now: Date): Promise<void> {
    if (!clocks.length) return;
    await this.db
      .insertInto('event_deadlines')
      .values(clocks.map((c) => plannedClockRow(eventId, c, now)))
      .execute();
  }

  /** Finishes the open clocks of these steps: on time or late by their due date, or with the given outcome. */
  async finish(
    eventId: number,
    steps: readonly ClockStep[],
    now: Date,
    outcome?: 'superseded' | 'cancelled',
  ): Promise<void> {
    if (!steps.length) return;
    await this.db
      .updateTable('event_deadlines')
      .set({
        completed_at: now,
        paused_at: null,
        outcome: outcome ?? outcomeSql(now),
      })
      .where('event_id', '=', eventId)
      .where('step', 'in', steps)
      .where('completed_at', 'is', null)
      .execute();
  }

  openClocks(eventId: number) {
    return this.db
      .selectFrom('event_deadlines')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('completed_at', 'is', null)
      .orderBy('id')
      .execute();
  }

  allClocks(eventId: number) {
    return this.db.selectFrom('event_deadlines').selectAll().where('event_id', '=', eventId).orderBy('id').execute();
  }

  async pause(eventId: number, now: Date): Promise<void> {
    await this.db
      .updateTable('event_deadlines')
      .set({ paused_at: now })
      .where('event_id', '=', eventId)
      .where('completed_at', 'is', null)
      .where('paused_at', 'is', null)
      .execute();
  }

  /** Restarts paused clocks, moving their warn and due instants on by the time they stood still. */
  async resume(eventId: number, now: Date): Promise<void> {
    await sql`
      UPDATE event_deadlines
      SET warn_at = warn_at + (${now}::timestamptz - paused_at),
          due_at = due_at + (${now}::timestamptz - paused_at),
          paused_at = NULL
      WHERE event_id = ${eventId} AND completed_at IS NULL AND paused_at IS NOT NULL`.execute(this.db);
    await this.relight(eventId, now);
  }

  /** Moves an open clock's due date (an approved extension); the yellow point keeps its 80%. */
  async moveDue(eventId: number, step: ClockStep, dueAt: Date, now: Date): Promise<void> {
    await sql`
      UPDATE event_deadlines
      SET due_at = ${dueAt}, warn_at = started_at + (${dueAt}::timestamptz - started_at) * ${WARN_FRACTION}
      WHERE event_id = ${eventId} AND step = ${step} AND completed_at IS NULL`.execute(this.db);
    await this.relight(eventId, now);
  }

  /** Recomputes each open clock's light from the time (lights can go back after an extension or a resume). */
  async relight(eventId: number, now: Date): Promise<void> {
    await sql`
      UPDATE event_deadlines
      SET light = ${lightSql(now)}
      WHERE event_id = ${eventId} AND completed_at IS NULL AND paused_at IS NULL`.execute(this.db);
  }

  /** The event's light: the worst of its open clocks (green when none). */
  async syncEventLight(eventIds: readonly number[]): Promise<void> {
    if (!eventIds.length) return;
    await sql`
      UPDATE events e SET light = COALESCE((
        SELECT CASE MAX(CASE d.light WHEN 'red' THEN 2 WHEN 'yellow' THEN 1 ELSE 0 END) WHEN 2 THEN 'red' WHEN 1 THEN 'yellow' ELSE 'green' END
        FROM event_deadlines d WHERE d.event_id = e.id AND d.completed_at IS NULL), 'green')
      WHERE e.id IN (${sql.join(eventIds.map((id) => sql`${id}`))})`.execute(this.db);
  }

  /**
   * Claims clocks whose light must move forward now, and moves it, in one statement: a clock is
   * claimed once per colour. Within the caller's transaction, with the notices it sends.
   */
  async claimTransitions(to: 'yellow' | 'red', now: Date, limit: number): Promise<ClaimedClock[]> {
    const result =
      to === 'yellow'
        ? await sql<ClaimedClock>`
          UPDATE event_deadlines d SET light = 'yellow'
          WHERE d.id IN (
            SELECT id FROM event_deadlines
            WHERE completed_at IS NULL AND paused_at IS NULL AND light = 'green' AND warn_at <= ${now} AND due_at > ${now}
            ORDER BY warn_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
          RETURNING d.id, d.event_id, d.step, d.tier, d.due_at, d.light`.execute(this.db)
        : await sql<ClaimedClock>`
          UPDATE event_deadlines d SET light = 'red'
          WHERE d.id IN (
            SELECT id FROM event_deadlines
            WHERE completed_at IS NULL AND paused_at IS NULL AND light <> 'red' AND due_at <= ${now}
            ORDER BY due_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
          RETURNING d.id, d.event_id, d.step, d.tier, d.due_at, d.light`.execute(this.db);
    return result.rows;
  }

  extensionRequests(eventId: number) {
    return this.db
      .selectFrom('extension_requests as x')
      .leftJoin('people as r', 'r.id', 'x.requested_by')
      .leftJoin('people as d', 'd.id', 'x.decided_by')
      .select([
        'x.id',
        'x.requested_by',
        'r.name as requester_name',
        'x.reason',
        'x.current_due_at',
        'x.requested_due_at',
        'x.status',
        'x.decided_by',
        'd.name as decider_name',
        'x.decided_at',
        'x.decision_note',
      ])
      .where('x.event_id', '=', eventId)
      .orderBy('x.id')
      .execute();
  }

  /** The extension request awaiting a decision, if any (延期: one at a time). */
  pendingExtension(eventId: number) {
    return this.db
      .selectFrom('extension_requests')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
  }

  async insertExtensionRequest(request: {
    event_id: number;
    requested_by: number;
    reason: string;
    current_due_at: Date;
    requested_due_at: Date;
    created_at: Date;
  }): Promise<void> {
    await this.db.insertInto('extension_requests').values(request).execute();
  }

  /** 批准 / 驳回: the pending request decided. */
  async decideExtension(
    id: number,
    decision: {
      status: 'approved' | 'rejected';
      decided_by: number | null;
      decided_at: Date;
      decision_note: string | null;
    },
  ): Promise<void> {
    await this.db.updateTable('extension_requests').set(decision).where('id', '=', id).execute();
  }

  /** The events of a sweep's claimed clocks, locked for the batch's transaction, in id order (a fixed order avoids deadlocks). */
  eventsForUpdate(ids: readonly number[]): Promise<EventRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db
      .selectFrom('events')
      .selectAll()
      .where('id', 'in', [...ids])
      .orderBy('id')
      .forUpdate()
      .execute();
  }

  /** Who holds each of these events now: their active assignments, with the people's names and phones. */
  holdersOf(eventIds: readonly number[]) {
    if (!eventIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('event_assignments as a')
      .leftJoin('people as p', 'p.id', 'a.person_id')
      .select([
        'a.event_id',
        'a.person_id',
        'a.department_id',
        'a.centre_code',
        'p.name as person_name',
        'p.phone as person_phone',
        'p.active as person_active',
      ])
      .where('a.event_id', 'in', [...eventIds])
      .where('a.active', '=', true)
      .orderBy('a.id')
      .execute();
  }

  async recordSweep(
    startedAt: Date,
    finishedAt: Date,
    counts: { warned: number; overdue: number; escalated: number },
  ): Promise<void> {
    await this.db
      .insertInto('deadline_sweeps')
      .values({ started_at: startedAt, finished_at: finishedAt, ...counts })
      .execute();
  }
}
