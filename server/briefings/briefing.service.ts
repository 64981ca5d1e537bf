/**
 * Briefings (通报): composing a notice's figures and lists into one snapshot, storing it, and the
 * hourly job that issues every due notice for every county and town centre (周一研判, 周五调度,
 * 月排查、季调度、年通报; core/analytics/briefing-schedule.ts says when). The figures are the
 * supervision figures (analytics.service.ts) — the same numbers the dashboards show for the same
 * scope and span — kept in the row as they were when the notice was generated, so a circulated
 * notice never changes. Authorisation is the routes'.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { JobDefinition } from '../jobs/job-scheduler.js';
import {
  BRIEFING_KIND_NAMES_ZH,
  briefingTitle,
  dueBriefings,
  periodLabel,
  type BriefingKind,
} from '../../core/analytics/briefing-schedule.js';
import { emptyCounters } from '../../core/analytics/kpi-counters.js';
import { KPI_BY_KEY, computeKpis, type KpiChange, type KpiValue } from '../../core/analytics/kpi-formulas.js';
import { addMonths, type Span } from '../../core/analytics/periods.js';
import {
  EVENT_TYPES,
  EVENT_TYPE_NAMES_ZH,
  RISK_LEVEL_NAMES_ZH,
  type EventType,
  type RiskLevel,
} from '../../core/events/event-catalog.js';
import { HISTORY_ACTION_NAMES_ZH, STATUS_DEFINITIONS, type EventStatus } from '../../core/events/event-workflow.js';
import { TIER_NAMES_ZH, type Tier } from '../../core/deadlines/tiers.js';
import { LIGHT_NAMES_ZH, type Light } from '../../core/deadlines/traffic-light.js';
import { VILLAGE_CLASSES, VILLAGE_CLASS_NAMES, type VillageClass } from '../../core/analytics/village-class.js';
import {
  DEFAULT_MIN_VOLUME,
  breakdown,
  kpiReport,
  presentSpan,
  ranking,
  type ComparedKpi,
  type RankingLevel,
  type Scope,
} from '../analytics/analytics.service.js';
import { BriefingRepository, type BriefingEventRow } from './briefing.repository.js';

/** The headline figures (主要指标) of every notice, in the order printed. */
export const HEADLINE_KPIS = [
  'entered',
  'completed',
  'completionRate',
  'onTimeCompletionRate',
  'resolved',
  'resolutionRate',
  'open',
  'openRed',
  'overdue',
  'overdueRate',
  'signedOnTimeRate',
  'villageOrBelowShare',
  'townOrBelowShare',
  'followUpRate',
  'satisfactionRate',
] as const;

/** The columns of the tables by place and by type. */
export const TABLE_KPIS = [
  'entered',
  'completed',
  'completionRate',
  'resolutionRate',
  'overdue',
  'overdueRate',
  'satisfactionRate',
] as const;

/** The KPIs places are ranked by (排名): completion, and overdue (lower is better). */
export const RANKING_KPIS = ['completionRate', 'overdueRate'] as const;

/** Printed under a table by place that has the centre's own row (本级), in the Excel file and on the page alike. */
export const OWN_BUCKET_NOTE =
  '注：「（本级）」一行为在本级中心直接办理、未落到下辖镇（街道）或村（社区）的事项，单列统计，不参与排名。';

/** At most this many events are quoted in one list; the total is always given. */
export const LIST_CAP = 200;

// ---------------------------------------------------------------------------------------------
// The snapshot (content) — everything the JSON, the Excel file and the HTML page show
// ---------------------------------------------------------------------------------------------

export interface BriefingFigure {
  key: string;
  zh: string;
  kind: 'count' | 'rate';
  /** A count, or a rate's exact ratio (0.915, not 91.5); null for a rate with nothing to divide by. */
  value: number | null;
  numerator: number;
  denominator: number | null;
  display: string;
}

export interface BriefingChange {
  previousValue: number | null;
  previousDisplay: string;
  /** Count: the difference; rate: percentage points. */
  delta: number | null;
  /** Counts only: the relative change (0.125 = +12.5%). */
  ratio: number | null;
  display: string;
}

export interface HeadlineFigure extends BriefingFigure {
  /** 环比 */
  mom: BriefingChange;
  /** 同比 */
  yoy: BriefingChange;
}

export interface BriefingTable {
  title: string;
  columns: { key: string; zh: string; kind: 'count' | 'rate' }[];
  /**
   * `own`: the centre's own bucket (本级, 「…（本级）」) — events held at the centre itself, after the
   * places, printed as such and never ranked. Absent in notices stored before it was kept.
   */
  rows: { key: string | null; name: string; own?: boolean; figures: Record<string, BriefingFigure> }[];
}

export interface BriefingRankingRow {
  rank: number | null;
  name: string;
  value: number | null;
  numerator: number;
  denominator: number | null;
  display: string;
  volume: number;
  unranked: 'below_minimum_volume' | 'no_value' | null;
  /** Why the row is not ranked, as printed. */
  note: string | null;
}

export interface BriefingRanking {
  title: string;
  level: RankingLevel;
  kpi: { key: string; zh: string; kind: 'count' | 'rate'; higherIsBetter: boolean };
  minVolume: number;
  rows: BriefingRankingRow[];
}

export interface BriefingEvent {
  serialNo: string;
  title: string;
  eventType: string;
  typeName: string;
  riskName: string;
  place: string;
  address: string | null;
  reportedAt: string;
  status: string;
  statusName: string;
  tier: string;
  tierName: string;
  light: string;
  lightName: string;
  overdue: boolean;
  supervised: boolean;
  urgeCount: number;
  resolvedAt: string | null;
  closedAt: string | null;
  lastAction: string | null;
  lastActionName: string | null;
  lastActionAt: string | null;
  lastNote: string | null;
}

export interface BriefingEventList {
  key: 'reported_petitions_disputes' | 'decided' | 'open_supervised';
  title: string;
  total: number;
  cap: number;
  items: BriefingEvent[];
}

export interface BriefingVillageClasses {
  months: string[];
  /** The latest month of the period that has classes, and how many villages fell in each class. */
  latestMonth: string;
  summary: { class: VillageClass | 'unclassed'; name: string; villages: number }[];
  /** Villages lagging (滞后) in any month of the period, with the months and the paired departments (挂钩). */
  lagging: {
    villageCode: string;
    villageName: string;
    townName: string | null;
    months: string[];
    latestScore: number | null;
    pairedDepartments: string[];
  }[];
}

export interface BriefingContent {
  version: 1;
  kind: BriefingKind;
  kindName: string;
  title: string;
  scope: { code: string; level: string; name: string };
  period: ReturnType<typeof presentSpan> & { label: string };
  previous: ReturnType<typeof presentSpan> & { label: string };
  lastYear: ReturnType<typeof presentSpan> & { label: string };
  generatedAt: string;
  headline: HeadlineFigure[];
  /** By town (a county's notice) or village (a town's). */
  byPlace: BriefingTable;
  byType: BriefingTable;
  rankings: BriefingRanking[];
  /** The weekly notices' event lists; empty for the others. */
  lists: BriefingEventList[];
  /** Monthly, quarterly and yearly notices, when village classes exist for the period; else null. */
  villageClasses: BriefingVillageClasses | null;
}

// ---------------------------------------------------------------------------------------------
// Composing
// ---------------------------------------------------------------------------------------------

function figure(value: KpiValue): BriefingFigure {
  const def = KPI_BY_KEY.get(value.key)!;
  return {
    key: value.key,
    zh: def.zh,
    kind: value.kind,
    value: value.value,
    numerator: value.numerator,
    denominator: value.denominator,
    display: value.display,
  };
}

function change(c: KpiChange): BriefingChange {
  return {
    previousValue: c.previous.value,
    previousDisplay: c.previous.display,
    delta: c.delta,
    ratio: c.ratio,
    display: c.display,
  };
}

function headline(kpis: Record<string, ComparedKpi>): HeadlineFigure[] {
  return HEADLINE_KPIS.map((key) => ({ ...figure(kpis[key]), mom: change(kpis[key].mom), yoy: change(kpis[key].yoy) }));
}

const tableColumns = () =>
  TABLE_KPIS.map((key) => {
    const def = KPI_BY_KEY.get(key)!;
    return { key, zh: def.zh, kind: def.kind };
  });

function figures(kpis: Record<string, KpiValue>): Record<string, BriefingFigure> {
  return Object.fromEntries(TABLE_KPIS.map((key) => [key, figure(kpis[key])]));
}

const withLabel = (span: ReturnType<typeof presentSpan>) => ({
  ...span,
  label: periodLabel({ from: span.from, to: span.toExclusive }),
});

const LEVEL_ZH: Record<RankingLevel, string> = { town: '镇(街道)', village: '村(社区)', department: '县直部门' };

function unrankedNote(row: { unranked?: string; volume: number }, minVolume: number): string | null {
  if (row.unranked === 'no_value') return '无数据，不参与排名';
  if (row.unranked === 'below_minimum_volume') return `基数${row.volume}件，不足${minVolume}件，不参与排名`;
  return null;
}

async function rankings(db: Kysely<Schema>, scope: Scope, span: Span): Promise<BriefingRanking[]> {
  const levels: RankingLevel[] = scope.level === 'county' ? ['town', 'department'] : ['village'];
  const out: BriefingRanking[] = [];
  for (const level of levels) {
    for (const kpi of RANKING_KPIS) {
      const r = await ranking(db, { scope, span, level, kpi, minVolume: DEFAULT_MIN_VOLUME[level] });
      out.push({
        title: `${LEVEL_ZH[level]}${r.kpi.zh}排名`,
        level,
        kpi: { key: r.kpi.key, zh: r.kpi.zh, kind: KPI_BY_KEY.get(kpi)!.kind, higherIsBetter: r.kpi.higherIsBetter },
        minVolume: r.minVolume,
        rows: r.rows.map((row) => ({
          rank: row.rank,
          name: row.name,
          value: row.value.value,
          numerator: row.value.numerator,
          denominator: row.value.denominator,
          display: row.value.display,
          volume: row.volume,
          unranked: row.unranked ?? null,
          note: unrankedNote(row, r.minVolume),
        })),
      });
    }
  }
  return out;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function presentEvent(e: BriefingEventRow): BriefingEvent {
  const placeParts = [e.town_name, e.jurisdiction_name].filter((p, i, all): p is string => !!p && all.indexOf(p) === i);
  return {
    serialNo: e.serial_no,
    title: e.title,
    eventType: e.event_type,
    typeName: EVENT_TYPE_NAMES_ZH[e.event_type as EventType] ?? e.event_type,
    riskName: RISK_LEVEL_NAMES_ZH[e.risk_level as RiskLevel] ?? e.risk_level,
    place: placeParts.join(' ') || e.jurisdiction_code,
    address: e.address,
    reportedAt: iso(e.reported_at)!,
    status: e.status,
    statusName: STATUS_DEFINITIONS[e.status as EventStatus]?.zh ?? e.status,
    tier: e.tier,
    tierName: TIER_NAMES_ZH[e.tier as Tier] ?? e.tier,
    light: e.light,
    lightName: LIGHT_NAMES_ZH[e.light as Light] ?? e.light,
    overdue: e.overdue,
    supervised: e.supervised_at !== null,
    urgeCount: Number(e.urge_count),
    resolvedAt: iso(e.resolved_at),
    closedAt: iso(e.closed_at),
    lastAction: e.last_action,
    lastActionName: e.last_action ? (HISTORY_ACTION_NAMES_ZH[e.last_action] ?? e.last_action) : null,
    lastActionAt: iso(e.last_action_at),
    lastNote: e.last_note ? e.last_note.slice(0, 200) : null,
  };
}

async function eventLists(
  repo: BriefingRepository,
  kind: BriefingKind,
  scope: Scope,
  span: Span,
): Promise<BriefingEventList[]> {
  const list = (
    key: BriefingEventList['key'],
    title: string,
    r: { total: number; items: BriefingEventRow[] },
  ): BriefingEventList => ({
    key,
    title,
    total: r.total,
    cap: LIST_CAP,
    items: r.items.map(presentEvent),
  });
  if (kind === 'weekly_review') {
    return [
      list(
        'reported_petitions_disputes',
        '本期新发信访和矛盾纠纷',
        await repo.reportedPetitionsAndDisputes(scope, span, LIST_CAP),
      ),
    ];
  }
  if (kind === 'weekly_progress') {
    return [
      list('decided', '本周办结、结案事项', await repo.decidedIn(scope, span, LIST_CAP)),
      list('open_supervised', '督办、红灯在办的信访和矛盾纠纷', await repo.openUnderSupervision(scope, LIST_CAP)),
    ];
  }
  return [];
}

/** The months ('YYYY-MM') a span touches. */
function monthsOf(span: Span): string[] {
  const months: string[] = [];
  for (let m = span.from.slice(0, 7) + '-01'; m < span.to; m = addMonths(m, 1)) months.push(m.slice(0, 7));
  return months;
}

/** The period's village classes, if another part of the platform keeps them (village_class_months) and has rows for it. */
async function villageClasses(
  repo: BriefingRepository,
  scope: Scope,
  span: Span,
): Promise<BriefingVillageClasses | null> {
  if (!(await repo.hasTable('village_class_months'))) return null;
  const rows = await repo.villageClasses(scope, monthsOf(span), await repo.hasTable('village_pairings'));
  if (!rows.length) return null;
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const latestMonth = months[months.length - 1];
  const counts = new Map<string, number>();
  for (const r of rows)
    if (r.month === latestMonth) counts.set(r.class ?? 'unclassed', (counts.get(r.class ?? 'unclassed') ?? 0) + 1);
  const lagging = new Map<string, BriefingVillageClasses['lagging'][number]>();
  for (const r of rows) {
    if (r.class !== 'lagging') continue;
    const v = lagging.get(r.village_code) ?? {
      villageCode: r.village_code,
      villageName: r.village_name,
      townName: r.town_name,
      months: [],
      latestScore: null,
      pairedDepartments: r.pairings ?? [],
    };
    v.months.push(r.month);
    v.latestScore = r.score === null ? null : Number(r.score);
    lagging.set(r.village_code, v);
  }
  return {
    months,
    latestMonth,
    summary: [...VILLAGE_CLASSES, 'unclassed' as const].map((c) => ({
      class: c,
      name: c === 'unclassed' ? '未分类' : VILLAGE_CLASS_NAMES[c].zh,
      villages: counts.get(c) ?? 0,
    })),
    lagging: [...lagging.values()].sort(
      (a, b) =>
        b.months.length - a.months.length ||
        (a.latestScore ?? 0) - (b.latestScore ?? 0) ||
        a.villageCode.localeCompare(b.villageCode),
    ),
  };
}

/** The full snapshot of one notice: headline figures with 环比/同比, by place, by type, rankings, lists. */
export async function composeBriefing(
  db: Kysely<Schema>,
  input: { kind: BriefingKind; scope: Scope; span: Span; now: Date },
): Promise<BriefingContent> {
  const { kind, scope, span } = input;
  const repo = new BriefingRepository(db);
  const report = await kpiReport(db, { scope, span, keys: HEADLINE_KPIS });
  const placeLevel = scope.level === 'county' ? 'town' : 'village';
  const places = await breakdown(db, { scope, span, groupBy: placeLevel, keys: TABLE_KPIS });
  const types = await breakdown(db, { scope, span, groupBy: 'event_type', keys: TABLE_KPIS });
  const byTypeKey = new Map(types.rows.map((g) => [g.key, g]));
  const zero = computeKpis(emptyCounters(), TABLE_KPIS);
  return {
    version: 1,
    kind,
    kindName: BRIEFING_KIND_NAMES_ZH[kind],
    title: briefingTitle(kind, scope.name, span),
    scope: { code: scope.code, level: scope.level, name: scope.name },
    period: withLabel(report.span),
    previous: withLabel(report.previous),
    lastYear: withLabel(report.lastYear),
    generatedAt: input.now.toISOString(),
    headline: headline(report.kpis),
    byPlace: {
      title: placeLevel === 'town' ? '各镇(街道)情况' : '各村(社区)情况',
      columns: tableColumns(),
      rows: places.rows.map((g) => ({
        key: g.key,
        name: g.name,
        own: g.own,
        figures: figures(g.kpis as Record<string, KpiValue>),
      })),
    },
    byType: {
      title: '分类情况',
      columns: tableColumns(),
      rows: EVENT_TYPES.map((t) => ({
        key: t,
        name: EVENT_TYPE_NAMES_ZH[t],
        figures: figures((byTypeKey.get(t)?.kpis as Record<string, KpiValue>) ?? zero),
      })),
    },
    rankings: await rankings(db, scope, span),
    lists: await eventLists(repo, kind, scope, span),
    villageClasses:
      kind === 'monthly' || kind === 'quarterly' || kind === 'yearly' ? await villageClasses(repo, scope, span) : null,
  };
}

/** Composes and stores a notice on demand, replacing one with the same kind, centre and period start. */
export async function generateBriefing(
  db: Kysely<Schema>,
  input: { kind: BriefingKind; scope: Scope; span: Span; now: Date; personId: number | null },
): Promise<{ id: number; replaced: boolean; content: BriefingContent }> {
  const content = await composeBriefing(db, input);
  const { id, replaced } = await new BriefingRepository(db).upsert({
    kind: input.kind,
    scopeCode: input.scope.code,
    periodFrom: input.span.from,
    periodTo: input.span.to,
    title: content.title,
    content,
    generatedAt: input.now,
    generatedBy: input.personId,
  });
  return { id, replaced, content };
}

/**
 * Issues every notice due at `now` (see dueBriefings) for every county and town centre that does
 * not have it yet — or has only a partial one, asked for on demand before its period was over.
 * Idempotent: a second run, here or in another process at the same time, inserts nothing (the
 * unique key with ON CONFLICT). A centre whose notice fails does not stop the others; the run
 * then fails naming them, and the next run tries again.
 */
export async function generateDueBriefings(
  db: Kysely<Schema>,
  now: Date,
): Promise<{ due: number; created: number; completed: number }> {
  const repo = new BriefingRepository(db);
  const centres = await repo.centres();
  const failures: string[] = [];
  let due = 0;
  let created = 0;
  let completed = 0;
  for (const { kind, span } of dueBriefings(now)) {
    const existing = await repo.existing(kind, span.from);
    for (const centre of centres) {
      due += 1;
      const have = existing.get(centre.code);
      if (have !== undefined && have >= span.to) continue;
      try {
        const content = await composeBriefing(db, { kind, scope: centre, span, now });
        const id = await repo.insertScheduled({
          kind,
          scopeCode: centre.code,
          periodFrom: span.from,
          periodTo: span.to,
          title: content.title,
          content,
          generatedAt: now,
          generatedBy: null,
        });
        if (id !== null) {
          if (have === undefined) created += 1;
          else completed += 1;
        }
      } catch (error) {
        failures.push(`${kind} ${centre.code} ${span.from}: ${(error as Error)?.message ?? error}`);
      }
    }
  }
  if (failures.length)
    throw new Error(`briefings failed for ${failures.length} centre(s): ${failures.slice(0, 5).join('; ')}`);
  return { due, created, completed };
}

/** The hourly job (通报): issues what is due; cheap when nothing is (one small query per kind). */
export function briefingJob(deps: { db: Kysely<Schema>; now: () => Date }): JobDefinition {
  return { name: 'briefings', intervalMs: 3_600_000, run: () => generateDueBriefings(deps.db, deps.now()) };
}
