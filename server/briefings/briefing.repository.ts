/**
 * All SQL of briefings (通报): the stored notices (insert once, replace on demand, list what a
 * user receives), the centres that issue them, and the event lists a notice quotes — last week's
 * petitions and disputes (周一研判), the items decided this week and those still open under
 * supervision (周五调度) — and the village classes of the period (滞后村) when that table exists.
 * Dates travel as 'YYYY-MM-DD' text (to_char): node-postgres would turn a `date` into local midnight.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { BriefingKind } from '../../core/analytics/briefing-schedule.js';
import { placementColumn, type JurisdictionLevel } from '../../core/organisation/division-code.js';
import { chinaDayStartOf } from '../../core/time/china-time.js';

export interface BriefingRow {
  id: number;
  kind: BriefingKind;
  scope_code: string;
  scope_name: string;
  scope_level: JurisdictionLevel;
  period_from: string;
  period_to: string;
  title: string;
  generated_at: Date;
  generated_by: number | null;
  generated_by_name: string | null;
}

export interface BriefingWrite {
  kind: BriefingKind;
  scopeCode: string;
  periodFrom: string;
  periodTo: string;
  title: string;
  content: unknown;
  generatedAt: Date;
  generatedBy: number | null;
}

/** Who may see which notices, as the repository needs it: the centres above, and the subtree below. */
export interface BriefingAudience {
  /** Codes of the centres above the user (and their own, when they are a centre's). */
  above: readonly string[];
  /** Leading digits of the user's subtree, or null when they receive only the notices above them. */
  subtreePrefix: string | null;
}

/** One event quoted in a notice. */
export interface BriefingEventRow {
  id: number;
  serial_no: string;
  title: string;
  event_type: string;
  risk_level: string;
  status: string;
  tier: string;
  light: string;
  overdue: boolean;
  address: string | null;
  jurisdiction_code: string;
  jurisdiction_name: string | null;
  town_name: string | null;
  reported_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  supervised_at: Date | null;
  urge_count: number;
  last_action: string | null;
  last_action_at: Date | null;
  last_note: string | null;
}

export interface VillageClassBriefingRow {
  month: string;
  village_code: string;
  village_name: string;
  town_name: string | null;
  score: number | null;
  class: string | null;
  pairings: string[] | null;
}

const SELECT_BRIEFING = sql`
  SELECT b.id, b.kind, b.scope_code, j.name AS scope_name, j.level AS scope_level,
         to_char(b.period_from, 'YYYY-MM-DD') AS period_from, to_char(b.period_to, 'YYYY-MM-DD') AS period_to,
         b.title, b.generated_at, b.generated_by, p.name AS generated_by_name
  FROM briefings b
  JOIN jurisdictions j ON j.code = b.scope_code
  LEFT JOIN people p ON p.id = b.generated_by`;

function audienceCondition(audience: BriefingAudience): RawBuilder<unknown> {
  const above = audience.above.length ? sql`b.scope_code IN (${sql.join([...audience.above])})` : sql`false`;
  return audience.subtreePrefix === null ? above : sql`(${above} OR b.scope_code LIKE ${`${audience.subtreePrefix}%`})`;
}

/** Valid events (not merged, not cancelled) under a scope: the notices' lists count matters, as the figures do. */
function scopedValid(scope: { code: string; level: JurisdictionLevel }): RawBuilder<unknown> {
  return sql`${sql.ref(`e.${placementColumn(scope.level)}`)} = ${scope.code} AND e.status NOT IN ('merged', 'cancelled')`;
}

const EVENT_COLUMNS = sql`
  e.id, e.serial_no, e.title, e.event_type, e.risk_level, e.status, e.tier, e.light, e.overdue, e.address,
  e.jurisdiction_code, j.name AS jurisdiction_name, t.name AS town_name,
  e.reported_at, e.resolved_at, e.closed_at, e.supervised_at, e.urge_count,
  h.action AS last_action, h.at AS last_action_at, h.note AS last_note`;

const EVENT_JOINS = sql`
  LEFT JOIN jurisdictions j ON j.code = e.jurisdiction_code
  LEFT JOIN jurisdictions t ON t.code = e.town_code
  LEFT JOIN LATERAL (SELECT action, at, note FROM event_history WHERE event_id = e.id ORDER BY at DESC, id DESC LIMIT 1) h ON true`;

export class BriefingRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  /** The county and town centres: every jurisdiction that issues notices. */
  async centres(): Promise<{ code: string; level: JurisdictionLevel; name: string }[]> {
    const rows = await this.db
      .selectFrom('jurisdictions')
      .select(['code', 'level', 'name'])
      .where('level', 'in', ['county', 'town'])
      .orderBy('code')
      .execute();
    return rows.map((r) => ({ code: r.code, level: r.level as JurisdictionLevel, name: r.name }));
  }

  /** What is already stored for one kind and period: each centre's period end (a shorter one is a partial notice). */
  async existing(kind: BriefingKind, periodFrom: string): Promise<Map<string, string>> {
    const rows = await sql<{ scope_code: string; period_to: string }>`
      SELECT scope_code, to_char(period_to, 'YYYY-MM-DD') AS period_to FROM briefings WHERE kind = ${kind} AND period_from = ${periodFrom}::date`.execute(
      this.db,
    );
    return new Map(rows.rows.map((r) => [r.scope_code, r.period_to]));
  }

  /**
   * The schedule's insert: a new notice, or one completing a partial notice of the same key (asked
   * for on demand before its period was over). Anything else already there is kept: a run racing
   * another inserts nothing and fails nothing. Returns the id written, or null.
   */
  async insertScheduled(w: BriefingWrite): Promise<number | null> {
    const result = await sql<{ id: number }>`
      INSERT INTO briefings (kind, scope_code, period_from, period_to, title, content, generated_at, generated_by)
      VALUES (${w.kind}, ${w.scopeCode}, ${w.periodFrom}::date, ${w.periodTo}::date, ${w.title}, ${JSON.stringify(w.content)}::jsonb, ${w.generatedAt}, ${w.generatedBy})
      ON CONFLICT (kind, scope_code, period_from) DO UPDATE SET
        period_to = EXCLUDED.period_to, title = EXCLUDED.title, content = EXCLUDED.content,
        generated_at = EXCLUDED.generated_at, generated_by = EXCLUDED.generated_by
      WHERE briefings.period_to < EXCLUDED.period_to
      RETURNING id`.execute(this.db);
    return result.rows[0]?.id ?? null;
  }

  /** On demand: inserts, or replaces the notice with the same kind, centre and period start. */
  async upsert(w: BriefingWrite): Promise<{ id: number; replaced: boolean }> {
    const result = await sql<{ id: number; replaced: boolean }>`
      INSERT INTO briefings (kind, scope_code, period_from, period_to, title, content, generated_at, generated_by)
      VALUES (${w.kind}, ${w.scopeCode}, ${w.periodFrom}::date, ${w.periodTo}::date, ${w.title}, ${JSON.stringify(w.content)}::jsonb, ${w.generatedAt}, ${w.generatedBy})
      ON CONFLICT (kind, scope_code, period_from) DO UPDATE SET
        period_to = EXCLUDED.period_to, title = EXCLUDED.title, content = EXCLUDED.content,
        generated_at = EXCLUDED.generated_at, generated_by = EXCLUDED.generated_by
      RETURNING id, (xmax::text <> '0') AS replaced`.execute(this.db);
    return { id: Number(result.rows[0].id), replaced: Boolean(result.rows[0].replaced) };
  }

  /** The notices a user receives, newest period first, paged. */
  async list(
    audience: BriefingAudience,
    filters: { kind?: BriefingKind; scopeCode?: string },
    offset: number,
    limit: number,
  ): Promise<{ total: number; items: BriefingRow[] }> {
    const where = [audienceCondition(audience)];
    if (filters.kind) where.push(sql`b.kind = ${filters.kind}`);
    if (filters.scopeCode) where.push(sql`b.scope_code = ${filters.scopeCode}`);
    const condition = sql.join(where, sql` AND `);
    const [{ total }] = (
      await sql<{ total: number }>`SELECT count(*)::int AS total FROM briefings b WHERE ${condition}`.execute(this.db)
    ).rows;
    const items = await sql<BriefingRow>`
      ${SELECT_BRIEFING}
      WHERE ${condition}
      ORDER BY b.period_from DESC, b.kind, b.scope_code, b.id DESC
      OFFSET ${offset} LIMIT ${limit}`.execute(this.db);
    return { total: Number(total), items: items.rows };
  }

  /** One notice with its content, if the user receives it. */
  async find(id: number, audience: BriefingAudience): Promise<(BriefingRow & { content: unknown }) | null> {
    const result = await sql<BriefingRow & { content: unknown }>`
      SELECT x.*, b.content FROM (${SELECT_BRIEFING} WHERE b.id = ${id} AND ${audienceCondition(audience)}) x
      JOIN briefings b ON b.id = x.id`.execute(this.db);
    return result.rows[0] ?? null;
  }

  /** The petitions and disputes reported in a span (周一研判: 初信初访和矛盾纠纷), oldest first, capped, with the total. */
  async reportedPetitionsAndDisputes(
    scope: { code: string; level: JurisdictionLevel },
    span: { from: string; to: string },
    cap: number,
  ) {
    const where = sql`${scopedValid(scope)} AND e.event_type IN ('petition', 'dispute')
      AND e.reported_at >= ${chinaDayStartOf(span.from)} AND e.reported_at < ${chinaDayStartOf(span.to)}`;
    return this.eventList(where, sql`e.reported_at, e.id`, cap);
  }

  /** Events resolved (办结) or closed (结案) during a span, whenever they were reported (周五调度: 议定事项), capped. */
  async decidedIn(scope: { code: string; level: JurisdictionLevel }, span: { from: string; to: string }, cap: number) {
    const from = chinaDayStartOf(span.from);
    const to = chinaDayStartOf(span.to);
    const where = sql`${scopedValid(scope)}
      AND ((e.resolved_at >= ${from} AND e.resolved_at < ${to}) OR (e.closed_at >= ${from} AND e.closed_at < ${to}))`;
    return this.eventList(where, sql`COALESCE(e.closed_at, e.resolved_at), e.id`, cap);
  }

  /** Petitions and disputes still open under supervision (督办) or with a red light, most urgent first, capped. */
  async openUnderSupervision(scope: { code: string; level: JurisdictionLevel }, cap: number) {
    const where = sql`${scopedValid(scope)} AND e.status_kind = 'open' AND e.event_type IN ('petition', 'dispute')
      AND (e.supervised_at IS NOT NULL OR e.light = 'red')`;
    return this.eventList(where, sql`(e.light = 'red') DESC, e.overdue DESC, e.reported_at, e.id`, cap);
  }

  private async eventList(
    where: RawBuilder<unknown>,
    order: RawBuilder<unknown>,
    cap: number,
  ): Promise<{ total: number; items: BriefingEventRow[] }> {
    const [{ total }] = (
      await sql<{ total: number }>`SELECT count(*)::int AS total FROM events e WHERE ${where}`.execute(this.db)
    ).rows;
    const items = await sql<BriefingEventRow>`
      SELECT ${EVENT_COLUMNS} FROM events e ${EVENT_JOINS}
      WHERE ${where}
      ORDER BY ${order}
      LIMIT ${cap}`.execute(this.db);
    return { total: Number(total), items: items.rows };
  }

  /** Whether a table exists in the current schema (a part of the platform another migration adds). */
  async hasTable(name: string): Promise<boolean> {
    const result = await sql<{ oid: string | null }>`SELECT to_regclass(${name})::text AS oid`.execute(this.db);
    return result.rows[0]?.oid != null;
  }

  /** The village classes (村级分类) of some months under a scope, with the departments paired to each village (挂钩) when known. */
  async villageClasses(
    scope: { code: string; level: JurisdictionLevel },
    months: readonly string[],
    withPairings: boolean,
  ): Promise<VillageClassBriefingRow[]> {
    if (!months.length) return [];
    const column = scope.level === 'county' ? 'county_code' : scope.level === 'town' ? 'town_code' : 'village_code';
    const pairings = withPairings
      ? sql`(SELECT array_agg(d.name ORDER BY d.name) FROM village_pairings p JOIN departments d ON d.id = p.department_id WHERE p.village_code = c.village_code)`
      : sql`NULL::text[]`;
    const result = await sql<VillageClassBriefingRow>`
      SELECT c.month, c.village_code, v.name AS village_name, t.name AS town_name, c.score::float8 AS score, c.class, ${pairings} AS pairings
      FROM village_class_months c
      JOIN jurisdictions v ON v.code = c.village_code
      LEFT JOIN jurisdictions t ON t.code = c.town_code
      WHERE ${sql.ref(`c.${column}`)} = ${scope.code} AND c.month IN (${sql.join([...months])})
      ORDER BY c.month, c.score ASC NULLS LAST, c.village_code`.execute(this.db);
    return result.rows;
  }
}
