/**
 * A year (or any span) of events for the demo county, with their whole lives: intake from every
 * channel, auto-dispatch through the real dispatch plan, then acceptance, handling, returns to the
 * centre, reassignment to county departments, rework, verification and closing, merges of
 * duplicates and cancellations — every step decided by the real state machine with the real
 * relation rules, so the history is one the server itself could have written.
 *
 * A generator of batches: millions of events can be produced without holding them in memory.
 * Pure and deterministic for a given model, seed and `now`.
 */
import { NOTICE_AFTER_ACTION, noticePayload, type NoticeTopic } from '../../core/events/event-notices.js';
import { relationTo } from '../../core/events/event-access.js';
import {
  decideTransition,
  NO_RELATION,
  statusKind,
  type Actor,
  type EventAction,
  type EventStatus,
} from '../../core/events/event-workflow.js';
import { assignmentTier, supervisingCentreFor } from '../../core/events/holding.js';
import { initialTier, type Tier } from '../../core/deadlines/tiers.js';
import {
  planDispatch,
  DISPATCH_REASON_ZH,
  type Binding,
  type DispatchPlan,
  type PlannedAssignment,
} from '../../core/events/dispatch-plan.js';
import { DEFAULT_TAXONOMY } from '../../core/events/default-taxonomy.js';
import type { Channel, EventType, RiskLevel } from '../../core/events/event-catalog.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import type { Role } from '../../core/access/roles.js';
import { townOf, levelOfCode, placementOf, type Placement } from '../../core/organisation/division-code.js';
import type { Position } from '../../core/geo/geometry.js';
import { Random, anonymisedName, personName, phoneNumber, VILLAGE_SPOTS, COMMUNITY_SPOTS } from './random.js';
import {
  bindingsByJurisdiction,
  type CountyModel,
  type DemoGrid,
  type DemoPerson,
  type DemoTown,
  type DemoVillage,
} from './demo-county.js';
import {
  ASPECT_TEXT,
  CHANNEL_LEAD,
  CLOSE_NOTES,
  PETITION_TOPICS,
  RECORD_NOTES,
  RESOLVE_NOTES,
  VERIFY_NOTES,
  departmentCodeFor,
} from './demo-event-text.js';
import { CHINA_OFFSET_MS, DAY_MS } from '../../core/time/china-time.js';

// ---------------------------------------------------------------------------------------------
// Rows (shaped like the tables; the loader writes them as they are)
// ---------------------------------------------------------------------------------------------

export interface DemoEventRow extends Placement {
  id: number;
  serial_no: string;
  channel: Channel;
  event_type: EventType;
  category_code: string;
  risk_level: RiskLevel;
  high_risk: boolean;
  title: string;
  description: string;
  lng: number | null;
  lat: number | null;
  address: string | null;
  reporter_id: number | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  status: EventStatus;
  status_kind: 'open' | 'resolved' | 'closed';
  jurisdiction_code: string;
  dispatch_reason: string;
  /** The tier holding the event and its supervising centre (core/events/holding.ts). */
  tier: Tier;
  supervisor_code: string;
  merged_into_id: number | null;
  tracking_token: string;
  reported_at: Date;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  version: number;
}

export interface DemoAssignmentRow {
  event_id: number;
  person_id: number | null;
  department_id: number | null;
  centre_code: string | null;
  assignment_role: string;
  duty: string | null;
  tier: Tier;
  active: boolean;
  assigned_at: Date;
  ended_at: Date | null;
}

export interface DemoHistoryRow {
  event_id: number;
  action: string;
  from_status: EventStatus | null;
  to_status: EventStatus;
  actor_id: number | null;
  actor_role: string;
  note: string | null;
  data: unknown;
  at: Date;
}

export interface DemoOutboxRow {
  event_id: number;
  recipient_id: number;
  topic: string;
  payload: Record<string, unknown>;
  state: 'pending' | 'sent';
  attempts: number;
  next_attempt_at: Date;
  created_at: Date;
  sent_at: Date | null;
}

export interface EventBatch {
  events: DemoEventRow[];
  /** In insertion order: within an event, oldest first. */
  assignments: DemoAssignmentRow[];
  history: DemoHistoryRow[];
  outbox: DemoOutboxRow[];
}

export interface EventOptions {
  seed?: number;
  /** How many months back from `now` (default 12). */
  months?: number;
  /** Events a month across the county (default 1,000 × the model's scale). */
  perMonth?: number;
  /** The end of the span; nothing happens after it. */
  now: Date;
  /** Events per yielded batch (default 1,000). */
  batchSize?: number;
}

// ---------------------------------------------------------------------------------------------
// Mixes
// ---------------------------------------------------------------------------------------------

const CHANNEL_MIX: readonly (readonly [Channel, number])[] = [
  ['grid_patrol', 40],
  ['citizen', 20],
  ['hotline_12345', 15],
  ['cadre_survey', 10],
  ['police_110', 5],
  ['online_opinion', 4],
  ['court_push', 3],
  ['police_push', 3],
];

/** Event type by channel; overall ≈ disputes 35 %, hazards 30 %, appeals 20 %, petitions 8 %, uncivil 7 %. */
const TYPE_BY_CHANNEL: Record<Channel, readonly (readonly [EventType, number])[]> = {
  grid_patrol: [
    ['hazard', 44],
    ['dispute', 30],
    ['appeal', 10],
    ['uncivil', 11],
    ['petition', 5],
  ],
  cadre_survey: [
    ['hazard', 30],
    ['dispute', 40],
    ['petition', 15],
    ['appeal', 10],
    ['uncivil', 5],
  ],
  citizen: [
    ['dispute', 26],
    ['appeal', 38],
    ['hazard', 20],
    ['uncivil', 6],
    ['petition', 10],
  ],
  hotline_12345: [
    ['appeal', 44],
    ['dispute', 26],
    ['hazard', 13],
    ['petition', 12],
    ['uncivil', 5],
  ],
  police_110: [
    ['dispute', 75],
    ['hazard', 20],
    ['uncivil', 5],
  ],
  online_opinion: [
    ['appeal', 35],
    ['uncivil', 25],
    ['hazard', 15],
    ['dispute', 10],
    ['petition', 15],
  ],
  court_push: [['dispute', 100]],
  police_push: [
    ['dispute', 90],
    ['hazard', 10],
  ],
};

/** Relative weight of each domain within its type. */
const DOMAIN_WEIGHT: Record<string, number> = {
  'hazard.fire': 3,
  'hazard.gas': 2,
  'hazard.road': 2,
  'hazard.flood': 1.5,
  'hazard.amusement': 0.4,
  'hazard.workshop': 1.2,
  'hazard.building': 1.5,
  'dispute.neighbour': 3.5,
  'dispute.family': 2.5,
  'dispute.lending': 1.2,
  'dispute.land': 2.5,
  'dispute.wages': 1.2,
  'dispute.property': 1,
  'dispute.consumer': 0.8,
  'petition.general': 1,
  'appeal.livelihood': 1,
  'uncivil.public': 1,
};

/** Disputes that courts and police push (诉讼、警情推送). */
const COURT_ASPECTS = new Set([
  'dispute.lending.debt',
  'dispute.family.marriage',
  'dispute.family.inheritance',
  'dispute.land.contract',
  'dispute.wages.arrears',
  'dispute.wages.injury',
  'dispute.property.fees',
  'dispute.consumer.goods',
]);
const POLICE_ASPECTS = new Set([
  'dispute.neighbour.boundary',
  'dispute.neighbour.noise',
  'dispute.neighbour.drainage',
  'dispute.family.marriage',
  'dispute.lending.debt',
  'dispute.family.support',
]);

/** Seasonal multipliers by month (1–12) for aspects that have a season. */
function seasonal(code: string, month: number): number {
  const summer = month >= 6 && month <= 9;
  const winter = month >= 11 || month <= 3;
  if (code.startsWith('hazard.flood')) return summer ? 3 : 0.3;
  if (code === 'appeal.livelihood.heating') return winter ? 3 : 0.05;
  if (code === 'uncivil.public.burning') return month === 3 || month === 4 || month === 10 || month === 11 ? 3 : 0.4;
  if (code === 'dispute.wages.arrears') return month === 12 || month === 1 ? 2.5 : 1;
  if (code.startsWith('hazard.gas') || code.startsWith('hazard.fire')) return winter ? 1.5 : 0.9;
  if (code.startsWith('hazard.amusement')) return summer || month === 2 ? 2 : 0.6;
  return 1;
}

/** Hours of the day (China time) a channel reports in, as weights. */
function hourWeights(channel: Channel): number[] {
  const w = new Array<number>(24).fill(0);
  const span = (from: number, to: number, weight: number) => {
    for (let h = from; h < to; h++) w[h] = weight;
  };
  switch (channel) {
    case 'grid_patrol':
      span(8, 12, 3);
      span(12, 14, 1);
      span(14, 19, 3);
      break;
    case 'cadre_survey':
    case 'court_push':
    case 'police_push':
      span(9, 12, 3);
      span(14, 18, 3);
      break;
    case 'citizen':
      span(7, 23, 2);
      span(19, 22, 3);
      break;
    case 'hotline_12345':
    case 'police_110':
      span(0, 24, 0.3);
      span(7, 23, 2);
      break;
    case 'online_opinion':
      span(8, 24, 2);
      break;
  }
  return w;
}

const HOUR_WEIGHTS = Object.fromEntries(
  CHANNEL_MIX.map(([channel]) => [channel, hourWeights(channel).map((w, h) => [h, w] as const)]),
) as Record<Channel, (readonly [number, number])[]>;

const HOUR_MS = 3600_000;
const CST_MS = CHINA_OFFSET_MS;

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

interface RecentEvent {
  id: number;
  serial: string;
  villageCode: string | null;
  categoryCode: string;
  type: EventType;
  reportedAt: number;
  /** When it became closed, merged or cancelled (Infinity if never within the span). */
  finalAt: number;
  grid: DemoGrid | null;
  title: string;
  risk: RiskLevel;
  point: Position | null;
  merged: boolean;
}

interface Context {
  model: CountyModel;
  rng: Random;
  nowMs: number;
  people: Map<number, DemoPerson>;
  users: Map<number, CurrentUser>;
  bindingsOf: (code: string) => readonly Binding[];
  grids: DemoGrid[];
  gridCumulative: Float64Array;
  villages: Map<string, DemoVillage>;
  towns: Map<string, DemoTown>;
  jurisdictionName: Map<string, string>;
  townOperators: Map<string, DemoPerson[]>;
  townLeaders: Map<string, DemoPerson[]>;
  countyOperators: DemoPerson[];
  countyLeaders: DemoPerson[];
  centreOperators: (code: string) => DemoPerson[];
  departmentByCode: Map<string, { id: number; name: string }>;
  staffOf: Map<number, DemoPerson[]>;
  citizensByTown: Map<string, DemoPerson[]>;
  citizens: DemoPerson[];
  aspectsByType: Map<EventType, { code: string; weight: number }[]>;
  countyBox: [number, number, number, number];
}

export function* generateEvents(model: CountyModel, options: EventOptions): Generator<EventBatch> {
  const seed = (options.seed ?? model.seed) >>> 0;
  const months = options.months ?? 12;
  const perMonth = options.perMonth ?? Math.round(1000 * model.scale);
  const batchSize = options.batchSize ?? 1000;
  const nowMs = options.now.getTime();
  if (!Number.isFinite(nowMs)) throw new Error('generateEvents needs a valid `now`');
  const ctx = buildContext(model, Random.derive(seed, 'events'), nowMs);
  const { rng } = ctx;

  const startMs = nowMs - months * 30.4375 * DAY_MS;
  const perDay = perMonth / 30.4375;
  const recent: RecentEvent[] = [];
  let batch: EventBatch = { events: [], assignments: [], history: [], outbox: [] };
  let nextId = 1;

  // Whole China-time days from the one holding `startMs` to the one holding `now`.
  const firstDay = Math.floor((startMs + CST_MS) / DAY_MS);
  const lastDay = Math.floor((nowMs + CST_MS) / DAY_MS);
  for (let day = firstDay; day <= lastDay; day++) {
    const dayStart = day * DAY_MS - CST_MS;
    const date = new Date(day * DAY_MS);
    const month = date.getUTCMonth() + 1;
    const weekday = date.getUTCDay();
    const volume =
      perDay *
      (weekday === 0 || weekday === 6 ? 0.75 : 1.1) *
      (month >= 6 && month <= 8 ? 1.1 : month === 2 ? 0.85 : 1);
    const count = Math.max(0, Math.round(rng.normal(volume, Math.sqrt(volume))));
    const drafts: { at: number; channel: Channel }[] = [];
    for (let k = 0; k < count; k++) {
      const channel = rng.weighted(CHANNEL_MIX);
      const hour = rng.weighted(HOUR_WEIGHTS[channel]);
      const at = dayStart + hour * HOUR_MS + Math.floor((rng.next() * HOUR_MS) / 1000) * 1000;
      if (at < startMs || at > nowMs - 60_000) continue;
      drafts.push({ at, channel });
    }
    drafts.sort((a, b) => a.at - b.at);
    const stamp = date.toISOString().slice(0, 10).replace(/-/g, '');
    drafts.forEach((draft, k) => {
      const serial = `YW${stamp}${String(k + 1).padStart(6, '0')}`;
      const made = makeEvent(ctx, nextId++, serial, draft.at, draft.channel, month, recent);
      batch.events.push(made.event);
      batch.assignments.push(...made.assignments);
      batch.history.push(...made.history);
      batch.outbox.push(...made.outbox);
      recent.push(made.recent);
    });
    // Keep a few days of recent events as merge targets.
    let stale = 0;
    while (stale < recent.length && recent[stale].reportedAt < dayStart - 3 * DAY_MS) stale++;
    if (stale) recent.splice(0, stale);
    if (batch.events.length >= batchSize) {
      yield batch;
      batch = { events: [], assignments: [], history: [], outbox: [] };
    }
  }
  if (batch.events.length) yield batch;
}

function buildContext(model: CountyModel, rng: Random, nowMs: number): Context {
  const people = new Map(model.people.map((p) => [p.id, p]));
  const byJurisdiction = bindingsByJurisdiction(model);
  const jurisdictionName = new Map<string, string>();
  for (const j of [model.county, ...model.towns, ...model.villages, ...model.grids])
    jurisdictionName.set(j.code, j.name);
  const group = (role: Role) => {
    const out = new Map<string, DemoPerson[]>();
    for (const p of model.people) {
      if (p.role !== role) continue;
      const list = out.get(p.jurisdictionCode) ?? [];
      list.push(p);
      out.set(p.jurisdictionCode, list);
    }
    return out;
  };
  const townOperators = group('town_operator');
  const leaders = group('leader');
  const countyOperators = model.people.filter(
    (p) => p.role === 'county_operator' && p.jurisdictionCode === model.county.code,
  );
  const staffOf = new Map<number, DemoPerson[]>();
  for (const p of model.people) {
    if (p.departmentId === null) continue;
    const list = staffOf.get(p.departmentId) ?? [];
    list.push(p);
    staffOf.set(p.departmentId, list);
  }
  const citizens = model.people.filter((p) => p.role === 'citizen');
  const citizensByTown = new Map<string, DemoPerson[]>();
  for (const c of citizens) {
    const town = townOf(c.jurisdictionCode);
    const list = citizensByTown.get(town) ?? [];
    list.push(c);
    citizensByTown.set(town, list);
  }
  const gridCumulative = new Float64Array(model.grids.length);
  let total = 0;
  model.grids.forEach((g, k) => {
    // Events happen where people live, and more in communities and dedicated grids than fields.
    total += g.households * (g.kind === 'dedicated' ? 4 : 1) + 20;
    gridCumulative[k] = total;
  });
  const aspectsByType = new Map<EventType, { code: string; weight: number }[]>();
  for (const c of DEFAULT_TAXONOMY) {
    if (!c.parent) continue;
    const siblings = DEFAULT_TAXONOMY.filter((s) => s.parent === c.parent).length;
    const list = aspectsByType.get(c.type) ?? [];
    list.push({ code: c.code, weight: (DOMAIN_WEIGHT[c.parent] ?? 1) / siblings });
    aspectsByType.set(c.type, list);
  }
  const box = model.county.boundary.coordinates[0].reduce(
    (b, [x, y]) =>
      [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] as [number, number, number, number],
    [Infinity, Infinity, -Infinity, -Infinity] as [number, number, number, number],
  );
  const users = new Map<number, CurrentUser>();
  const ctx: Context = {
    model,
    rng,
    nowMs,
    people,
    users,
    bindingsOf: (code) => byJurisdiction.get(code) ?? [],
    grids: model.grids,
    gridCumulative,
    villages: new Map(model.villages.map((v) => [v.code, v])),
    towns: new Map(model.towns.map((t) => [t.code, t])),
    jurisdictionName,
    townOperators,
    townLeaders: leaders,
    countyOperators,
    countyLeaders: leaders.get(model.county.code) ?? [],
    centreOperators: (code) => (code === model.county.code ? countyOperators : (townOperators.get(code) ?? [])),
    departmentByCode: new Map(model.departments.map((d) => [d.code, { id: d.id, name: d.name }])),
    staffOf,
    citizensByTown,
    citizens,
    aspectsByType,
    countyBox: box,
  };
  return ctx;
}

function userOf(ctx: Context, id: number): CurrentUser {
  let user = ctx.users.get(id);
  if (!user) {
    const p = ctx.people.get(id)!;
    user = {
      id: p.id,
      name: p.name,
      role: p.role,
      jurisdictionCode: p.jurisdictionCode,
      jurisdictionLevel: levelOfCode(p.jurisdictionCode)!,
      jurisdictionName: ctx.jurisdictionName.get(p.jurisdictionCode) ?? '',
      departmentId: p.departmentId,
    };
    ctx.users.set(id, user);
  }
  return user;
}

function pickGrid(ctx: Context): DemoGrid {
  const r = ctx.rng.next() * ctx.gridCumulative[ctx.gridCumulative.length - 1];
  let lo = 0;
  let hi = ctx.gridCumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ctx.gridCumulative[mid] > r) hi = mid;
    else lo = mid + 1;
  }
  return ctx.grids[lo];
}

/** A point strictly inside a grid cell (bilinear in the convex quadrilateral). */
function pointIn(rng: Random, grid: DemoGrid): Position {
  const [sw, se, ne, nw] = grid.boundary.coordinates[0];
  const u = rng.float(0.06, 0.94);
  const v = rng.float(0.06, 0.94);
  const lng = (1 - u) * (1 - v) * sw[0] + u * (1 - v) * se[0] + u * v * ne[0] + (1 - u) * v * nw[0];
  const lat = (1 - u) * (1 - v) * sw[1] + u * (1 - v) * se[1] + u * v * ne[1] + (1 - u) * v * nw[1];
  return [Math.round(lng * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}

function pickAspect(ctx: Context, type: EventType, channel: Channel, month: number): string {
  let aspects = ctx.aspectsByType.get(type)!;
  if (channel === 'court_push') aspects = aspects.filter((a) => COURT_ASPECTS.has(a.code));
  if (channel === 'police_push' && type === 'dispute') aspects = aspects.filter((a) => POLICE_ASPECTS.has(a.code));
  return ctx.rng.weighted(aspects.map((a) => [a.code, a.weight * seasonal(a.code, month)] as const));
}

function pickRisk(rng: Random, code: string, type: EventType): RiskLevel {
  let red: number;
  let yellow: number;
  if (code.startsWith('hazard.gas') || code.startsWith('hazard.flood')) [red, yellow] = [0.22, 0.4];
  else if (type === 'hazard') [red, yellow] = [0.08, 0.36];
  else if (type === 'dispute') [red, yellow] = [0.03, 0.27];
  else if (type === 'petition') [red, yellow] = [code.endsWith('backlog') ? 0.15 : 0.03, 0.35];
  else if (type === 'appeal') [red, yellow] = [0.01, 0.15];
  else [red, yellow] = [0, 0.08];
  const r = rng.next();
  return r < red ? 'red' : r < red + yellow ? 'yellow' : 'blue';
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

/** Moves a moment into working hours (08:00–20:00 China time) unless it is urgent. */
function workTime(rng: Random, at: number, urgent: boolean): number {
  if (urgent) return at;
  const local = at + CST_MS;
  const hour = Math.floor((local % DAY_MS) / HOUR_MS);
  if (hour >= 8 && hour < 20) return at;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS - CST_MS;
  const next = hour < 8 ? dayStart : dayStart + DAY_MS;
  return next + 8 * HOUR_MS + Math.floor(rng.float(0, 90) * 60_000);
}

// ---------------------------------------------------------------------------------------------
// One event, from intake to wherever it is at `now`
// ---------------------------------------------------------------------------------------------

interface Made {
  event: DemoEventRow;
  assignments: DemoAssignmentRow[];
  history: DemoHistoryRow[];
  outbox: DemoOutboxRow[];
  recent: RecentEvent;
}

type NotificationTopic = NoticeTopic;

/**
 * Mirrors the server's event-action service: what each action notifies, and whom. The demo
 * writes the assignment notices (the SMS "you have a new event" of auto-dispatch and of every
 * redispatch and reassignment) — the bulk of a real outbox; the status notices are left out to
 * keep the load fast.
 */
const WRITTEN_TOPICS = new Set<NotificationTopic>(['event.assigned']);
interface Target {
  personId?: number;
  departmentId?: number;
  centreCode?: string;
}

/** The life of one event: applies actions through the state machine until `now`. */
class Life {
  readonly assignments: DemoAssignmentRow[] = [];
  readonly history: DemoHistoryRow[] = [];
  readonly outbox: DemoOutboxRow[] = [];
  /** The time of the last action. */
  t: number;
  finalAt = Infinity;

  constructor(
    private readonly ctx: Context,
    readonly event: DemoEventRow,
  ) {
    this.t = event.reported_at.getTime();
  }

  get status(): EventStatus {
    return this.event.status;
  }

  /** Applies an action at `at` (never before the previous one); false once `at` is past `now`. */
  act(
    action: EventAction,
    actorId: number | null,
    at: number,
    options: {
      note?: string | null;
      data?: unknown;
      assign?: PlannedAssignmentLike[];
      tier?: Tier;
      sameInstant?: boolean;
    } = {},
  ): boolean {
    // Actions by people are at least a minute apart; auto-dispatch is part of the intake itself.
    const when = Math.ceil(Math.max(at, this.t + (options.sameInstant ? 0 : 60_000)) / 1000) * 1000;
    if (when > this.ctx.nowMs) return false;
    const e = this.event;
    let actor: Actor;
    let relation = NO_RELATION;
    if (actorId === null) {
      actor = { kind: 'system' };
    } else {
      const user = userOf(this.ctx, actorId);
      actor = { kind: 'person', id: user.id, role: user.role };
      relation = relationTo(user, {
        county_code: e.county_code,
        town_code: e.town_code,
        village_code: e.village_code,
        grid_code: e.grid_code,
        reporterId: e.reporter_id,
        tier: e.tier,
        supervisorCode: e.supervisor_code,
        assignments: this.assignments.map((a) => ({
          personId: a.person_id,
          departmentId: a.department_id,
          centreCode: a.centre_code,
          active: a.active,
          assignmentRole: a.assignment_role,
          tier: a.tier,
        })),
      });
    }
    const from = e.status;
    // Throws if the demo ever tries what the platform would refuse: a bug in this generator.
    const to = decideTransition(action, from, actor, relation, options.note);
    const date = new Date(when);
    const activeBefore = this.assignments.filter((a) => a.active);
    if (options.tier && options.tier !== e.tier) {
      e.tier = options.tier;
      e.supervisor_code = supervisingCentreFor(e.tier, e, e.supervisor_code);
    }
    if (options.assign) {
      for (const a of activeBefore) {
        a.active = false;
        a.ended_at = date;
      }
      for (const a of options.assign) this.assignments.push(assignmentRow(e.id, a, e.tier, date));
    }
    e.status = to;
    e.status_kind = statusKind(to);
    e.updated_at = date;
    if (action !== 'dispatch') e.version += 1;
    if (to === 'resolved') e.resolved_at = date;
    if (action === 'rework') e.resolved_at = null;
    if (statusKind(to) === 'closed') {
      e.closed_at = date;
      this.finalAt = when;
    }
    this.history.push({
      event_id: e.id,
      action,
      from_status: from,
      to_status: to,
      actor_id: actorId,
      actor_role: actorId === null ? 'system' : userOf(this.ctx, actorId).role,
      note: options.note?.trim() || null,
      data: options.data ?? null,
      at: date,
    });
    this.t = when;

    const notify = NOTICE_AFTER_ACTION[action];
    if (notify && WRITTEN_TOPICS.has(notify.topic)) {
      let targets: Target[] = [];
      if (notify.to === 'new_assignees') targets = options.assign ?? [];
      if (notify.to === 'assignees') {
        targets = activeBefore.map((a) => ({
          personId: a.person_id ?? undefined,
          centreCode: a.centre_code ?? undefined,
          departmentId: a.department_id ?? undefined,
        }));
      }
      if (notify.to === 'centre') targets = [{ centreCode: e.supervisor_code }];
      if (notify.to === 'reporter' && e.reporter_id !== null) targets = [{ personId: e.reporter_id }];
      this.notify(notify.topic, targets, when, actorId, action === 'dispatch' ? undefined : (options.note ?? null));
    }
    return true;
  }

  private notify(
    topic: NotificationTopic,
    targets: readonly Target[],
    at: number,
    actorId: number | null,
    note: string | null | undefined,
  ): void {
    const ids = new Set<number>();
    for (const t of targets) if (t.personId !== undefined) ids.add(t.personId);
    for (const t of targets) if (t.centreCode) for (const op of this.ctx.centreOperators(t.centreCode)) ids.add(op.id);
    for (const t of targets)
      if (t.departmentId !== undefined) for (const s of this.ctx.staffOf.get(t.departmentId) ?? []) ids.add(s.id);
    const created = new Date(at);
    const sent = at < this.ctx.nowMs - 120_000;
    const e = this.event;
    for (const id of ids) {
      if (id === actorId) continue;
      const p = this.ctx.people.get(id)!;
      const payload = noticePayload(topic, e, p);
      if (note !== undefined) payload.note = note;
      this.outbox.push({
        event_id: e.id,
        recipient_id: id,
        topic,
        payload,
        state: sent ? 'sent' : 'pending',
        attempts: sent ? 1 : 0,
        next_attempt_at: created,
        created_at: created,
        sent_at: sent ? new Date(at + 1000 + Math.floor(this.ctx.rng.next() * 20_000)) : null,
      });
    }
  }
}

type PlannedAssignmentLike =
  PlannedAssignment | { departmentId: number; assignmentRole: 'department_lead' | 'department_assist' };

function assignmentRow(eventId: number, a: PlannedAssignmentLike, eventTier: Tier, at: Date): DemoAssignmentRow {
  const p = a as {
    personId?: number;
    departmentId?: number;
    centreCode?: string;
    assignmentRole: string;
    duty?: string;
  };
  return {
    event_id: eventId,
    person_id: p.personId ?? null,
    department_id: p.departmentId ?? null,
    centre_code: p.centreCode ?? null,
    assignment_role: p.assignmentRole,
    duty: p.duty ?? null,
    tier: assignmentTier(p, eventTier),
    active: true,
    assigned_at: at,
    ended_at: null,
  };
}

/** One event: where and what, its text, its reporter, auto-dispatch by the real plan, then its life until `now`. */
function makeEvent(
  ctx: Context,
  id: number,
  serial: string,
  at: number,
  channel: Channel,
  month: number,
  recent: RecentEvent[],
): Made {
  const { rng, model } = ctx;
  const duplicateOf = pickDuplicate(ctx, at, channel, recent);
  const location = locateEvent(ctx, duplicateOf);
  const { grid, point, namedTown, outside, village, town } = location;
  const { categoryCode, type, risk, highRisk } = classifyEvent(ctx, channel, month, duplicateOf);
  const { place, address } = placeInWords(ctx, location);
  const { title, description } = describeEvent(ctx, place, channel, categoryCode, duplicateOf);
  const { reporter, reporterName, reporterPhone } = pickReporter(ctx, location, channel);

  // Dispatch, with the platform's own plan.
  const located = grid
    ? { code: grid.code, level: 'grid' as const }
    : namedTown
      ? { code: namedTown.code, level: 'town' as const }
      : null;
  const plan: DispatchPlan = planDispatch(located, model.county.code, ctx.bindingsOf, namedTown !== null);
  const reportedAt = new Date(at);
  const dispatchTier = initialTier(
    levelOfCode(plan.jurisdictionCode)!,
    plan.assignments.every((a) => a.centreCode !== undefined),
  );
  const event: DemoEventRow = {
    id,
    serial_no: serial,
    channel,
    event_type: type,
    category_code: categoryCode,
    risk_level: risk,
    high_risk: highRisk,
    title,
    description,
    lng: point ? point[0] : null,
    lat: point ? point[1] : null,
    address,
    reporter_id: reporter?.id ?? null,
    reporter_name: reporterName,
    reporter_phone: reporterPhone,
    status: 'reported',
    status_kind: 'open',
    jurisdiction_code: plan.jurisdictionCode,
    ...placementOf(plan.jurisdictionCode),
    dispatch_reason: plan.reason,
    tier: dispatchTier,
    supervisor_code: supervisingCentreFor(
      dispatchTier,
      { ...placementOf(plan.jurisdictionCode), jurisdiction_code: plan.jurisdictionCode },
      null,
    ),
    merged_into_id: null,
    tracking_token: rng.hex(32),
    reported_at: reportedAt,
    created_at: reportedAt,
    updated_at: reportedAt,
    resolved_at: null,
    closed_at: null,
    version: 1,
  };
  const life = new Life(ctx, event);
  life.history.push({
    event_id: id,
    action: 'report',
    from_status: null,
    to_status: 'reported',
    actor_id: reporter?.id ?? null,
    actor_role: reporter?.role ?? 'citizen',
    note: null,
    data: { channel, location: point ? { lng: point[0], lat: point[1] } : null, crs: 'wgs84' },
    at: reportedAt,
  });
  const dispatched = life.act('dispatch', null, at, {
    note: DISPATCH_REASON_ZH[plan.reason],
    data: { reason: plan.reason, jurisdictionCode: plan.jurisdictionCode, assignments: plan.assignments },
    assign: plan.assignments,
    sameInstant: true,
  });
  if (dispatched) live(ctx, life, { grid, village, town, namedTown, outside, duplicateOf, reporter });

  return {
    event,
    assignments: life.assignments,
    history: life.history,
    outbox: life.outbox,
    recent: {
      id,
      serial,
      villageCode: village?.code ?? null,
      categoryCode,
      type,
      reportedAt: at,
      finalAt: life.finalAt,
      grid,
      title,
      risk,
      point,
      merged: duplicateOf !== null,
    },
  };
}

/** A duplicate: the same problem reported again through another channel (同一问题多渠道反映) — the recent event it repeats, or null. */
function pickDuplicate(ctx: Context, at: number, channel: Channel, recent: RecentEvent[]): RecentEvent | null {
  const { rng } = ctx;
  if (rng.chance(0.035) && channel !== 'court_push' && channel !== 'police_push') {
    for (let k = recent.length - 1; k >= 0 && k >= recent.length - 400; k--) {
      const r = recent[k];
      if (!r.merged && r.grid && r.reportedAt > at - 3 * DAY_MS && r.finalAt > at + 2 * DAY_MS && rng.chance(0.15))
        return r;
    }
  }
  return null;
}

/** Where an event happened. */
interface EventLocation {
  grid: DemoGrid | null;
  point: Position | null;
  /** A place named only by its town (no grid). */
  namedTown: DemoTown | null;
  /** Over the county line. */
  outside: boolean;
  village: DemoVillage | null;
  town: DemoTown | null;
}

/** Where: a grid (weighted by households); rarely a place named only by town, or over the county line. */
function locateEvent(ctx: Context, duplicateOf: RecentEvent | null): EventLocation {
  const { rng, model } = ctx;
  const where = rng.next();
  let grid: DemoGrid | null = null;
  let point: Position | null = null;
  let namedTown: DemoTown | null = null;
  let outside = false;
  if (duplicateOf) {
    grid = duplicateOf.grid!;
    point = pointIn(rng, grid);
  } else if (where < 0.008) {
    namedTown = rng.pick(model.towns);
  } else if (where < 0.01) {
    outside = true;
    const [minX, minY, , maxY] = ctx.countyBox;
    point = [Math.round((minX - rng.float(0.02, 0.08)) * 1e6) / 1e6, Math.round(rng.float(minY, maxY) * 1e6) / 1e6];
  } else {
    grid = pickGrid(ctx);
    point = pointIn(rng, grid);
  }
  const village = grid ? ctx.villages.get(grid.villageCode)! : null;
  const town = grid ? ctx.towns.get(grid.townCode)! : namedTown;
  return { grid, point, namedTown, outside, village, town };
}

/** Where, in words: a spot in the grid's compound (小区), community or village, the town alone, or the county line. */
function placeInWords(
  ctx: Context,
  { grid, village, town, namedTown }: EventLocation,
): { place: string; address: string | null } {
  const { rng, model } = ctx;
  let spot: string;
  if (grid?.kind === 'dedicated')
    spot = grid.name.replace(/专属网格$/, '') + rng.pick(['门口', '周边', '院内', '东侧']);
  else if (grid?.compound) spot = grid.compound + rng.pick([`${rng.int(1, 12)}号楼`, ...COMMUNITY_SPOTS]);
  else if (village?.kind === 'community') spot = rng.pick(COMMUNITY_SPOTS);
  else spot = rng.pick(VILLAGE_SPOTS);
  if (village && town) return { place: village.name + spot, address: town.name + village.name + spot };
  if (namedTown)
    return { place: namedTown.name + rng.pick(['境内', '集镇', '街道']), address: `${namedTown.name}（具体位置不详）` };
  return {
    place: '县界附近' + rng.pick(['国道旁', '省道旁', '邻县交界处']),
    address: `${model.county.name}与邻县交界处`,
  };
}

/** What: the type and category by channel and season, the risk level (风险等级), and whether it is high-risk; a duplicate repeats its original's. */
function classifyEvent(
  ctx: Context,
  channel: Channel,
  month: number,
  duplicateOf: RecentEvent | null,
): { categoryCode: string; type: EventType; risk: RiskLevel; highRisk: boolean } {
  const { rng } = ctx;
  let categoryCode: string;
  let type: EventType;
  if (duplicateOf) {
    categoryCode = duplicateOf.categoryCode;
    type = duplicateOf.type;
  } else {
    type = rng.weighted(TYPE_BY_CHANNEL[channel]);
    categoryCode = pickAspect(ctx, type, channel, month);
  }
  const risk = duplicateOf ? duplicateOf.risk : pickRisk(rng, categoryCode, type);
  const highRisk =
    risk === 'red' ? rng.chance(0.55) : risk === 'yellow' && type === 'petition' ? rng.chance(0.1) : false;
  return { categoryCode, type, risk, highRisk };
}

/** The title and description, from the category's templates filled with the place and made-up particulars. */
function describeEvent(
  ctx: Context,
  place: string,
  channel: Channel,
  categoryCode: string,
  duplicateOf: RecentEvent | null,
): { title: string; description: string } {
  const { rng } = ctx;
  const values: Record<string, string> = {
    place,
    a: anonymisedName(rng),
    b: anonymisedName(rng),
    n: String(rng.int(3, 9)),
    n2: String(rng.int(2, 8)),
    money: String(rng.int(2, 60) * 1000),
    age: String(rng.int(68, 91)),
    topic: rng.pick(PETITION_TOPICS),
  };
  const text = ASPECT_TEXT[categoryCode];
  const title = duplicateOf ? duplicateOf.title : fill(rng.pick(text.titles), values).slice(0, 100);
  const description =
    CHANNEL_LEAD[channel] + fill(rng.pick(text.details), values) + (duplicateOf ? '（疑似与此前反映的问题重复）' : '');
  return { title, description };
}

/** Who reported it: the grid worker on patrol, the village's cadres, the community police, a citizen, or an office by name. */
function pickReporter(
  ctx: Context,
  { grid, village, town }: EventLocation,
  channel: Channel,
): { reporter: DemoPerson | null; reporterName: string | null; reporterPhone: string | null } {
  const { rng } = ctx;
  let reporter: DemoPerson | null = null;
  let reporterName: string | null;
  let reporterPhone: string | null = null;
  const bound = (code: string | null, duty: string) =>
    code
      ? ctx
          .bindingsOf(code)
          .filter((b) => b.duty === duty)
          .map((b) => ctx.people.get(b.personId)!)
      : [];
  if (channel === 'grid_patrol' && grid) reporter = rng.pick(bound(grid.code, 'grid_worker'));
  else if (channel === 'cadre_survey' && village)
    reporter = rng.pick([
      ...bound(village.code, 'team_member'),
      ...bound(village.code, 'leader_in_charge'),
      ...bound(village.code, 'party_secretary'),
    ]);
  else if (channel === 'police_push' && village) reporter = rng.pick(bound(village.code, 'community_police'));
  else if (channel === 'citizen' && rng.chance(0.7)) {
    const local = town ? ctx.citizensByTown.get(town.code) : undefined;
    reporter = rng.pick(local?.length && rng.chance(0.8) ? local : ctx.citizens);
  }
  if (reporter) {
    reporterName = reporter.name;
    reporterPhone = reporter.phone;
  } else if (channel === 'online_opinion') {
    reporterName = '县委网信办舆情监测';
  } else if (channel === 'court_push') {
    reporterName = '县人民法院';
  } else if (channel === 'police_push' || channel === 'cadre_survey' || channel === 'grid_patrol') {
    reporterName = channel === 'police_push' ? '县公安局指挥中心' : '县综治中心';
  } else {
    reporterName = personName(rng);
    reporterPhone = phoneNumber(rng);
  }
  return { reporter, reporterName, reporterPhone };
}

interface Situation {
  grid: DemoGrid | null;
  village: DemoVillage | null;
  town: DemoTown | null;
  namedTown: DemoTown | null;
  outside: boolean;
  duplicateOf: RecentEvent | null;
  reporter: DemoPerson | null;
}

/** How long handling takes, by type (disputes and petitions are slow). */
function resolveDuration(rng: Random, type: EventType, risk: RiskLevel): number {
  const median = { hazard: 2.5, uncivil: 1, appeal: 3, dispute: 6, petition: 9 }[type] * DAY_MS;
  const d = rng.skewed(median, 1.9) * (risk === 'red' ? 0.6 : 1);
  return Math.min(45 * DAY_MS, Math.max(2 * HOUR_MS, d));
}

function acceptDelay(rng: Random, risk: RiskLevel): number {
  // well inside the sign-for limits (30 min / 1 h / 2 h) for most, with a late tail: ~85–90 % signed in time
  const median = risk === 'red' ? 10 * 60_000 : risk === 'yellow' ? 25 * 60_000 : 50 * 60_000;
  return Math.max(3 * 60_000, rng.skewed(median, 2.2));
}

/** What every path of an event's life draws on: the operators over it, working-time delays, and the department its category belongs to. */
interface Handling {
  /** An operator of the event's town centre (the county's when it has no town). */
  operator: () => number;
  /** An operator of the county centre. */
  county: () => number;
  /** A moment a skewed delay after `from`, moved into working hours unless the event is urgent. */
  soon: (from: number, median: number, spread?: number) => number;
  department: { id: number; name: string };
}

/** The event's life after dispatch until `now`: merged, handed over, handled at the town centre or in its grid. */
function live(ctx: Context, life: Life, s: Situation): void {
  const { rng } = ctx;
  const e = life.event;
  const urgent = e.risk_level === 'red';
  const townCode = e.town_code;
  const operators = townCode ? (ctx.townOperators.get(townCode) ?? ctx.countyOperators) : ctx.countyOperators;
  const h: Handling = {
    operator: () => rng.pick(operators).id,
    county: () => rng.pick(ctx.countyOperators).id,
    soon: (from, median, spread = 2) => workTime(rng, from + Math.max(5 * 60_000, rng.skewed(median, spread)), urgent),
    department: ctx.departmentByCode.get(departmentCodeFor(e.category_code))!,
  };
  if (s.duplicateOf && mergeIntoOriginal(life, s.duplicateOf, h)) return;
  if (s.outside) {
    handOverAcrossCountyLine(ctx, life, h);
    return;
  }
  if (s.namedTown) {
    handleAtTownCentre(ctx, life, h);
    return;
  }
  handleInGrid(ctx, life, s, h);
}

/** Merges a duplicate into the event it repeats (by the town centre, within the day or two); false if that one closes first. */
function mergeIntoOriginal(life: Life, target: RecentEvent, h: Handling): boolean {
  const at = h.soon(life.t, 8 * HOUR_MS);
  if (target.finalAt <= at + 60_000) return false;
  const merged = life.act('merge', h.operator(), at, {
    note: `与事件${target.serial}反映同一问题，予以合并。`,
    data: { mergedInto: { id: target.id, serialNo: target.serial } },
  });
  if (merged) life.event.merged_into_id = target.id;
  return true;
}

/** Beyond the county line: the county centre hands it over, or a department takes it. */
function handOverAcrossCountyLine(ctx: Context, life: Life, h: Handling): void {
  const { rng } = ctx;
  if (rng.chance(0.6)) {
    life.act('cancel', h.county(), h.soon(life.t, 2 * HOUR_MS), {
      note: '经核实，事发地点不在本县辖区，已转交邻县处理。',
    });
    return;
  }
  const op = h.county();
  if (!life.act('reassign', op, h.soon(life.t, 2 * HOUR_MS), departmentAssignment(h.department.id, 'reassign'))) return;
  departmentHandles(ctx, life, h.department.id, () => h.county());
}

/** Named only by town: the town centre takes it itself or calls in a department. */
function handleAtTownCentre(ctx: Context, life: Life, h: Handling): void {
  const { rng } = ctx;
  const e = life.event;
  const op = h.operator();
  if (!life.act('accept', op, h.soon(life.t, 1.5 * HOUR_MS))) return;
  if (rng.chance(0.5)) {
    if (
      !life.act(
        'reassign',
        op,
        h.soon(life.t, 3 * HOUR_MS),
        departmentAssignment(h.department.id, 'reassign', '经综治中心研判，需职能部门处置，改派'),
      )
    )
      return;
    departmentHandles(ctx, life, h.department.id, h.operator);
    return;
  }
  if (!life.act('start', op, h.soon(life.t, 30 * 60_000))) return;
  if (
    !life.act('resolve', op, life.t + resolveDuration(rng, e.event_type, e.risk_level), {
      note: rng.pick(RESOLVE_NOTES[e.event_type]),
    })
  )
    return;
  verifyAndClose(ctx, life, h.operator);
}

/** Who in the grid handles it: by type, the village's party secretary, grid head, team or leader, else the grid worker (the reporter, if one). */
function pickGridHandler(ctx: Context, life: Life, s: Situation): number {
  const { rng } = ctx;
  const type = life.event.event_type;
  const bound = (duty: string) =>
    life.assignments.filter((a) => a.active && a.duty === duty && a.person_id !== null).map((a) => a.person_id!);
  const workers = bound('grid_worker');
  const handlerPool =
    type === 'dispute'
      ? rng.weighted([
          [bound('party_secretary'), 5],
          [bound('grid_head'), 3],
          [bound('team_member'), 2],
        ] as const)
      : type === 'petition'
        ? rng.chance(0.7)
          ? bound('party_secretary')
          : bound('leader_in_charge')
        : type === 'appeal' && rng.chance(0.5)
          ? bound('party_secretary')
          : s.reporter && workers.includes(s.reporter.id)
            ? [s.reporter.id]
            : workers;
  return rng.pick(handlerPool.length ? handlerPool : workers);
}

/** In a grid: the grid's owners and the village's "3+N" team hold it; a few cancel, return, go to a department, stall or need rework. */
function handleInGrid(ctx: Context, life: Life, s: Situation, h: Handling): void {
  const { rng } = ctx;
  const e = life.event;
  const type = e.event_type;
  const { operator, county, soon, department } = h;
  const handler = pickGridHandler(ctx, life, s);

  const r = rng.next();
  // A citizen withdraws the report before anyone accepts it, or the centre finds it untrue.
  if (r < 0.015) {
    if (s.reporter?.role === 'citizen') {
      life.act('cancel', s.reporter.id, life.t + Math.max(10 * 60_000, rng.skewed(HOUR_MS, 2)), {
        note: '问题已自行解决，申请撤销。',
      });
    } else {
      if (rng.chance(0.5) && !life.act('accept', handler, soon(life.t, 2 * HOUR_MS))) return;
      life.act('cancel', operator(), soon(life.t, 10 * HOUR_MS), { note: '经核实，反映情况不属实，予以撤销。' });
    }
    return;
  }
  // Not the village's to handle: returned to the centre, which whistles up a department (吹哨报到).
  if (r < 0.065) {
    if (rng.chance(0.5) && !life.act('accept', handler, life.t + acceptDelay(rng, e.risk_level))) return;
    if (
      !life.act('return', handler, soon(life.t, 2 * HOUR_MS), {
        note: `该事项属于${department.name}职责范围，超出村级处置能力，申请退回重新分拨。`,
      })
    )
      return;
    const op = operator();
    if (!life.act('redispatch', op, soon(life.t, 3 * HOUR_MS), departmentAssignment(department.id, 'redispatch')))
      return;
    departmentHandles(ctx, life, department.id, rng.chance(0.5) ? operator : county);
    return;
  }

  if (!life.act('accept', handler, life.t + acceptDelay(rng, e.risk_level))) return;
  if (!life.act('start', handler, soon(life.t, 40 * 60_000, 3))) return;
  // Too hard for the village: the centre reassigns it to a department.
  if (r < 0.125) {
    const op = operator();
    if (
      !life.act(
        'reassign',
        op,
        soon(life.t, 1.5 * DAY_MS),
        departmentAssignment(department.id, 'reassign', '村级化解难度大，经会商研判提级，改派'),
      )
    )
      return;
    departmentHandles(ctx, life, department.id, rng.chance(0.5) ? operator : county);
    return;
  }
  // A few stall for weeks, some for good (积案): the overdue lists have something to show.
  const duration =
    r > 0.955
      ? rng.float(200, 600) * DAY_MS
      : r > 0.92
        ? rng.float(25, 150) * DAY_MS
        : resolveDuration(rng, type, e.risk_level);
  if (!handle(ctx, life, handler, duration)) return;
  if (r > 0.89 && r <= 0.92) {
    // 核查未通过: sent back once.
    if (
      !life.act('rework', operator(), soon(life.t, 12 * HOUR_MS), {
        note: rng.pick(['核查发现整改不彻底，请继续处置。', '回访群众不满意，请重新处置。']),
      })
    )
      return;
    if (!handle(ctx, life, handler, resolveDuration(rng, type, e.risk_level) * 0.5, true)) return;
  }
  verifyAndClose(ctx, life, operator);
}

function departmentAssignment(departmentId: number, action: 'reassign' | 'redispatch', lead = '') {
  const note = lead
    ? `${lead}至职能部门处置。`
    : action === 'redispatch'
      ? '按职责重新分拨至职能部门。'
      : '改派至职能部门处置。';
  return {
    note,
    data: { personIds: [], departmentIds: [departmentId] },
    assign: [{ departmentId, assignmentRole: 'department_lead' as const }],
    tier: 'department' as const,
  };
}

/** A department's staff accept, handle and resolve; a supervisor verifies and closes. */
function departmentHandles(ctx: Context, life: Life, departmentId: number, supervisor: () => number): void {
  const { rng } = ctx;
  const staff = rng.pick(ctx.staffOf.get(departmentId)!);
  const urgent = life.event.risk_level === 'red';
  if (!life.act('accept', staff.id, workTime(rng, life.t + Math.max(10 * 60_000, rng.skewed(5 * HOUR_MS, 2)), urgent)))
    return;
  if (!life.act('start', staff.id, workTime(rng, life.t + Math.max(10 * 60_000, rng.skewed(2 * HOUR_MS, 2)), urgent)))
    return;
  if (!handle(ctx, life, staff.id, resolveDuration(rng, life.event.event_type, life.event.risk_level) * 1.2)) return;
  verifyAndClose(ctx, life, supervisor);
}

/** Records along the way, then resolves. `again`: after a rework the event is already handling. */
function handle(ctx: Context, life: Life, handler: number, duration: number, again = false): boolean {
  const { rng } = ctx;
  const type = life.event.event_type;
  const start = life.t;
  const records = duration > DAY_MS ? rng.int(again ? 0 : 1, 2) : rng.chance(0.3) ? 1 : 0;
  for (let k = 1; k <= records; k++) {
    const at = workTime(rng, start + (duration * k) / (records + 1), false);
    if (!life.act('record', handler, at, { note: rng.pick(RECORD_NOTES[type]) })) return false;
  }
  return life.act('resolve', handler, workTime(rng, start + duration, life.event.risk_level === 'red'), {
    note: rng.pick(RESOLVE_NOTES[type]),
  });
}

function verifyAndClose(ctx: Context, life: Life, supervisor: () => number): void {
  const { rng } = ctx;
  const e = life.event;
  const id = supervisor;
  // Red events are often verified by the town's leader and closed by a county leader (领导包案).
  const townLeader = e.town_code ? ctx.townLeaders.get(e.town_code)?.[0] : undefined;
  const verifier = e.risk_level === 'red' && townLeader && rng.chance(0.4) ? townLeader.id : id();
  const verifyAt = workTime(rng, life.t + Math.max(30 * 60_000, rng.skewed(10 * HOUR_MS, 2.5)), false);
  if (!life.act('verify', verifier, verifyAt, { note: rng.pick(VERIFY_NOTES) })) return;
  const closer = e.high_risk && ctx.countyLeaders.length && rng.chance(0.5) ? rng.pick(ctx.countyLeaders).id : id();
  const closeAt = workTime(rng, life.t + Math.max(20 * 60_000, rng.skewed(8 * HOUR_MS, 3)), false);
  life.act('close', closer, closeAt, { note: rng.pick(CLOSE_NOTES) });
}
