import { beforeAll, describe, expect, it } from 'vitest';
import { allJurisdictions, bindingsByJurisdiction, generateCounty, type CountyModel } from './demo-county.js';
import {
  generateEvents,
  type DemoAssignmentRow,
  type DemoEventRow,
  type DemoHistoryRow,
  type DemoOutboxRow,
} from './demo-events.js';
import { GridRouter } from '../../core/geo/grid-router.js';
import {
  decideTransition,
  NO_RELATION,
  isEventAction,
  STATUS_DEFINITIONS,
  type EventStatus,
} from '../../core/events/event-workflow.js';
import { relationTo } from '../../core/events/event-access.js';
import { supervisingCentreFor } from '../../core/events/holding.js';
import { initialTier } from '../../core/deadlines/tiers.js';
import { planDispatch } from '../../core/events/dispatch-plan.js';
import { CHANNELS } from '../../core/events/event-catalog.js';
import { DEFAULT_TAXONOMY } from '../../core/events/default-taxonomy.js';
import { levelOfCode, placementOf } from '../../core/organisation/division-code.js';
import type { CurrentUser } from '../../core/access/current-user.js';

const NOW = new Date('2025-06-15T02:00:00Z');
const DAY = 86_400_000;

interface Loaded {
  events: DemoEventRow[];
  assignments: Map<number, DemoAssignmentRow[]>;
  history: Map<number, DemoHistoryRow[]>;
  outbox: Map<number, DemoOutboxRow[]>;
  batches: number;
}

function collect(model: CountyModel, options: Parameters<typeof generateEvents>[1]): Loaded {
  const out: Loaded = { events: [], assignments: new Map(), history: new Map(), outbox: new Map(), batches: 0 };
  const push = <T extends { event_id: number }>(map: Map<number, T[]>, rows: T[]) => {
    for (const r of rows) {
      const list = map.get(r.event_id);
      if (list) list.push(r);
      else map.set(r.event_id, [r]);
    }
  };
  for (const batch of generateEvents(model, options)) {
    out.batches++;
    out.events.push(...batch.events);
    push(out.assignments, batch.assignments);
    push(out.history, batch.history);
    push(out.outbox, batch.outbox);
  }
  return out;
}

let model: CountyModel;
let year: Loaded;

beforeAll(() => {
  model = generateCounty({ seed: 42 });
  year = collect(model, { now: NOW });
});

function share(events: DemoEventRow[], pick: (e: DemoEventRow) => boolean): number {
  return events.filter(pick).length / events.length;
}

describe('generateEvents', () => {
  it('is deterministic and comes in batches of about a thousand', () => {
    const a = collect(model, { now: NOW, months: 2, perMonth: 300, batchSize: 200 });
    const b = collect(model, { now: NOW, months: 2, perMonth: 300, batchSize: 200 });
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
    expect(JSON.stringify([...a.history.values()])).toBe(JSON.stringify([...b.history.values()]));
    expect(a.batches).toBeGreaterThan(2);
    const c = collect(model, { now: NOW, months: 2, perMonth: 300, seed: 7 });
    expect(JSON.stringify(c.events)).not.toBe(JSON.stringify(a.events));
    expect(year.batches).toBeGreaterThan(10);
  });

  it('makes about 1,000 events a month over 12 months, all before now', () => {
    expect(year.events.length).toBeGreaterThan(11_000);
    expect(year.events.length).toBeLessThan(13_000);
    const first = year.events[0].reported_at.getTime();
    expect(first).toBeGreaterThanOrEqual(NOW.getTime() - 366 * DAY);
    for (const e of year.events) expect(e.reported_at.getTime()).toBeLessThanOrEqual(NOW.getTime());
    year.events.forEach((e, k) => {
      expect(e.id).toBe(k + 1);
      if (k) expect(e.reported_at.getTime()).toBeGreaterThanOrEqual(year.events[k - 1].reported_at.getTime());
    });
  });

  it('numbers events YW + China date + sequence, with unique random-looking tracking tokens', () => {
    const serials = new Set<string>();
    const tokens = new Set<string>();
    for (const e of year.events) {
      expect(e.serial_no).toMatch(/^YW\d{14}$/);
      const cst = new Date(e.reported_at.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
      expect(e.serial_no.slice(2, 10)).toBe(cst);
      expect(e.tracking_token).toMatch(/^[0-9a-f]{32}$/);
      serials.add(e.serial_no);
      tokens.add(e.tracking_token);
    }
    expect(serials.size).toBe(year.events.length);
    expect(tokens.size).toBe(year.events.length);
  });

  it('mixes channels, types and risk levels like the field does', () => {
    const ev = year.events;
    const near = (value: number, target: number, tolerance: number) =>
      expect(Math.abs(value - target)).toBeLessThan(tolerance);
    near(
      share(ev, (e) => e.channel === 'grid_patrol'),
      0.4,
      0.03,
    );
    near(
      share(ev, (e) => e.channel === 'citizen'),
      0.2,
      0.03,
    );
    near(
      share(ev, (e) => e.channel === 'hotline_12345'),
      0.15,
      0.03,
    );
    for (const e of ev) expect(CHANNELS).toContain(e.channel);
    near(
      share(ev, (e) => e.event_type === 'dispute'),
      0.35,
      0.04,
    );
    near(
      share(ev, (e) => e.event_type === 'hazard'),
      0.3,
      0.04,
    );
    near(
      share(ev, (e) => e.event_type === 'appeal'),
      0.2,
      0.04,
    );
    near(
      share(ev, (e) => e.event_type === 'petition'),
      0.08,
      0.03,
    );
    near(
      share(ev, (e) => e.event_type === 'uncivil'),
      0.07,
      0.03,
    );
    near(
      share(ev, (e) => e.risk_level === 'red'),
      0.05,
      0.02,
    );
    near(
      share(ev, (e) => e.risk_level === 'yellow'),
      0.25,
      0.04,
    );
    // Gas and flood hazards are red far more often.
    const gasFlood = ev.filter((e) => /^hazard\.(gas|flood)/.test(e.category_code));
    expect(share(gasFlood, (e) => e.risk_level === 'red')).toBeGreaterThan(0.12);
    expect(ev.some((e) => e.high_risk)).toBe(true);
    for (const e of ev.filter((x) => x.high_risk)) expect(['red', 'yellow']).toContain(e.risk_level);
    const categories = new Map(DEFAULT_TAXONOMY.map((c) => [c.code, c]));
    for (const e of ev) {
      expect(categories.get(e.category_code)?.type).toBe(e.event_type);
      expect(categories.get(e.category_code)?.parent).not.toBeNull();
      expect(e.title.length).toBeGreaterThan(4);
      expect(e.title).not.toMatch(/[{}]/);
      expect(e.description).not.toMatch(/[{}]/);
    }
  });

  it('places events in the grid that contains them, with the placement the server would write', () => {
    const router = GridRouter.build(
      allJurisdictions(model).map((j) => ({ code: j.code, level: j.level, geometry: j.boundary })),
    );
    const reasons = new Map<string, number>();
    for (const e of year.events) {
      reasons.set(e.dispatch_reason, (reasons.get(e.dispatch_reason) ?? 0) + 1);
      expect({
        county_code: e.county_code,
        town_code: e.town_code,
        village_code: e.village_code,
        grid_code: e.grid_code,
      }).toEqual(placementOf(e.jurisdiction_code));
      if (e.dispatch_reason === 'in_grid') {
        expect(router.locate(e.lng!, e.lat!)).toEqual({ code: e.jurisdiction_code, level: 'grid' });
      } else if (e.dispatch_reason === 'outside_county') {
        expect(router.locate(e.lng!, e.lat!)).toBeNull();
        expect(e.jurisdiction_code).toBe(model.county.code);
      } else {
        expect(e.dispatch_reason).toBe('named_jurisdiction');
        expect(e.lng).toBeNull();
        expect(levelOfCode(e.jurisdiction_code)).toBe('town');
      }
    }
    const elsewhere = year.events.length - (reasons.get('in_grid') ?? 0);
    expect(elsewhere / year.events.length).toBeGreaterThan(0.003);
    expect(elsewhere / year.events.length).toBeLessThan(0.02);
  });

  it('dispatches through the dispatch plan and notifies every assignee', () => {
    const bound = bindingsByJurisdiction(model);
    const people = new Map(model.people.map((p) => [p.id, p]));
    for (const e of year.events.slice(0, 3000)) {
      const located =
        e.dispatch_reason === 'in_grid'
          ? { code: e.jurisdiction_code, level: 'grid' as const }
          : e.dispatch_reason === 'named_jurisdiction'
            ? { code: e.jurisdiction_code, level: 'town' as const }
            : null;
      const plan = planDispatch(
        located,
        model.county.code,
        (c) => bound.get(c) ?? [],
        e.dispatch_reason === 'named_jurisdiction',
      );
      const first = year.assignments.get(e.id)!.filter((a) => a.assigned_at.getTime() === e.reported_at.getTime());
      expect(
        first.map((a) => ({
          personId: a.person_id ?? undefined,
          centreCode: a.centre_code ?? undefined,
          role: a.assignment_role,
          duty: a.duty ?? undefined,
        })),
      ).toEqual(
        plan.assignments.map((a) => ({
          personId: a.personId,
          centreCode: a.centreCode,
          role: a.assignmentRole,
          duty: a.duty,
        })),
      );
      const notified = (year.outbox.get(e.id) ?? []).filter((o) => o.created_at.getTime() === e.reported_at.getTime());
      const expected = new Set<number>();
      for (const a of plan.assignments) {
        if (a.personId) expected.add(a.personId);
        if (a.centreCode)
          for (const p of model.people)
            if (p.jurisdictionCode === a.centreCode && (p.role === 'town_operator' || p.role === 'county_operator'))
              expected.add(p.id);
      }
      expect(new Set(notified.map((o) => o.recipient_id))).toEqual(expected);
      for (const o of notified) {
        expect(o.topic).toBe('event.assigned');
        expect(o.payload).toMatchObject({
          eventId: e.id,
          serialNo: e.serial_no,
          recipient: { id: o.recipient_id, phone: people.get(o.recipient_id)!.phone },
        });
        if (o.created_at.getTime() < NOW.getTime() - 3600_000) {
          expect(o.state).toBe('sent');
          expect(o.sent_at!.getTime()).toBeGreaterThan(o.created_at.getTime());
        }
      }
    }
  });

  it('writes histories the state machine accepts, step by step, with the right actors', () => {
    const people = new Map(model.people.map((p) => [p.id, p]));
    const user = (id: number): CurrentUser => {
      const p = people.get(id)!;
      return {
        id,
        name: p.name,
        role: p.role,
        jurisdictionCode: p.jurisdictionCode,
        jurisdictionLevel: levelOfCode(p.jurisdictionCode)!,
        jurisdictionName: '',
        departmentId: p.departmentId,
      };
    };
    const actions = new Map<string, number>();
    // Plain checks in the loop (100,000 rows), one assertion at the end.
    const problems: string[] = [];
    const check = (ok: boolean, what: string, e: DemoEventRow) => {
      if (!ok && problems.length < 20) problems.push(`${e.serial_no}: ${what}`);
    };
    for (const e of year.events) {
      const history = year.history.get(e.id)!;
      const assignments = year.assignments.get(e.id)!;
      check(
        history[0].action === 'report' && history[0].from_status === null && history[0].to_status === 'reported',
        'starts with report',
        e,
      );
      check(
        history[1].action === 'dispatch' && history[1].actor_id === null && history[1].actor_role === 'system',
        'auto-dispatched by the system',
        e,
      );
      let status: EventStatus = 'reported';
      let last = e.reported_at.getTime();
      const dispatched = history[1].data as { jurisdictionCode: string; assignments: { centreCode?: string }[] };
      const dispatchTier = initialTier(
        levelOfCode(dispatched.jurisdictionCode)!,
        dispatched.assignments.every((a) => a.centreCode !== undefined),
      );
      for (const h of history.slice(1)) {
        actions.set(h.action, (actions.get(h.action) ?? 0) + 1);
        check(isEventAction(h.action), `unknown action ${h.action}`, e);
        check(h.from_status === status, `${h.action} from ${h.from_status}, was ${status}`, e);
        check(h.at.getTime() >= last, `${h.action} goes back in time`, e);
        last = h.at.getTime();
        const at = h.at.getTime();
        // Who held the event just before this action.
        const active = assignments.filter(
          (a) => a.assigned_at.getTime() < at && (a.ended_at === null || a.ended_at.getTime() >= at),
        );
        try {
          let to: EventStatus;
          if (h.actor_id === null) {
            to = decideTransition(h.action as never, status, { kind: 'system' }, NO_RELATION, h.note);
          } else {
            const u = user(h.actor_id);
            check(h.actor_role === u.role, `actor role ${h.actor_role} is not ${u.role}`, e);
            // the tier then: the dispatch's, until a department took the event over (the demo never escalates)
            const tierThen = active.some((a) => a.tier === 'department') ? 'department' : dispatchTier;
            const placement = { ...placementOf(e.jurisdiction_code), jurisdiction_code: e.jurisdiction_code };
            const relation = relationTo(u, {
              ...placementOf(e.jurisdiction_code),
              reporterId: e.reporter_id,
              tier: tierThen,
              supervisorCode: supervisingCentreFor(
                tierThen,
                placement,
                supervisingCentreFor(dispatchTier, placement, null),
              ),
              assignments: active.map((a) => ({
                personId: a.person_id,
                departmentId: a.department_id,
                centreCode: a.centre_code,
                active: true,
                assignmentRole: a.assignment_role,
                tier: a.tier,
              })),
            });
            to = decideTransition(
              h.action as never,
              status,
              { kind: 'person', id: u.id, role: u.role },
              relation,
              h.note,
            );
          }
          check(to === h.to_status, `${h.action} leads to ${to}, history says ${h.to_status}`, e);
          status = to;
        } catch (error) {
          check(false, `${h.action} by ${h.actor_role} refused: ${(error as Error).message}`, e);
          break;
        }
      }
      check(e.status === status, `status ${e.status}, history ends at ${status}`, e);
      check(e.status_kind === STATUS_DEFINITIONS[status].kind, 'status kind', e);
      check(e.updated_at.getTime() === last, 'updated_at is the last action', e);
      check(e.version === history.length - 1, 'version counts the actions', e);
      check((e.closed_at !== null) === (STATUS_DEFINITIONS[status].kind === 'closed'), 'closed_at iff closed', e);
      if (status === 'resolved' || status === 'verified' || status === 'closed')
        check(e.resolved_at !== null, 'resolved_at', e);
      check(
        status === 'merged' ? e.merged_into_id !== null && e.merged_into_id < e.id : e.merged_into_id === null,
        'merged_into_id',
        e,
      );
      // Assignments: the latest (re)dispatch holds the event; the ones before ended when it moved.
      const moves = history.filter(
        (h) => h.action === 'dispatch' || h.action === 'redispatch' || h.action === 'reassign',
      );
      const lastMove = moves[moves.length - 1].at.getTime();
      for (const a of assignments) {
        if (a.assigned_at.getTime() === lastMove)
          check(a.active && a.ended_at === null, 'current assignment active', e);
        else
          check(
            !a.active && a.ended_at !== null && a.ended_at.getTime() >= a.assigned_at.getTime(),
            'earlier assignment ended',
            e,
          );
      }
    }
    expect(problems).toEqual([]);
    for (const action of [
      'accept',
      'start',
      'record',
      'resolve',
      'verify',
      'close',
      'return',
      'redispatch',
      'reassign',
      'rework',
      'merge',
      'cancel',
    ]) {
      expect(actions.get(action) ?? 0).toBeGreaterThan(0);
    }
  });

  it('closes most events older than a month and leaves recent ones at every step', () => {
    const old = year.events.filter((e) => e.reported_at.getTime() < NOW.getTime() - 30 * DAY);
    const closed = share(old, (e) => e.status === 'closed');
    expect(closed).toBeGreaterThan(0.85);
    expect(closed).toBeLessThan(0.95);
    expect(share(old, (e) => e.status === 'merged')).toBeGreaterThan(0.01);
    expect(share(old, (e) => e.status === 'cancelled')).toBeGreaterThan(0.005);
    expect(share(old, (e) => e.status_kind === 'open')).toBeGreaterThan(0.01);
    const recent = year.events.filter((e) => e.reported_at.getTime() > NOW.getTime() - 3 * DAY);
    const statuses = new Set(recent.map((e) => e.status));
    for (const s of ['dispatched', 'accepted', 'handling', 'resolved'] as const) expect(statuses).toContain(s);
    // Disputes take longer than hazards.
    const median = (type: string) => {
      const d = year.events
        .filter((e) => e.event_type === type && e.resolved_at)
        .map((e) => e.resolved_at!.getTime() - e.reported_at.getTime())
        .sort((a, b) => a - b);
      return d[Math.floor(d.length / 2)];
    };
    expect(median('dispute')).toBeGreaterThan(median('hazard'));
    expect(median('hazard')).toBeLessThan(7 * DAY);
  });

  it('has citizens, grid workers and police among reporters, and hotline callers by name only', () => {
    const people = new Map(model.people.map((p) => [p.id, p]));
    for (const e of year.events) {
      if (e.channel === 'grid_patrol' && e.grid_code) expect(people.get(e.reporter_id!)?.role).toBe('grid_worker');
      if (e.channel === 'police_push' && e.village_code)
        expect(people.get(e.reporter_id!)?.role).toBe('community_police');
      if (e.channel === 'hotline_12345') {
        expect(e.reporter_id).toBeNull();
        expect(e.reporter_phone).toMatch(/^1[3-9]\d{9}$/);
      }
      if (e.reporter_id !== null) expect(e.reporter_name).toBe(people.get(e.reporter_id)!.name);
    }
    expect(year.events.some((e) => e.channel === 'citizen' && people.get(e.reporter_id ?? 0)?.role === 'citizen')).toBe(
      true,
    );
  });
});
