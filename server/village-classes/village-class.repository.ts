/** All SQL about village classes: the county's settings, the monthly classes, and department pairings (挂钩). */
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { VillageClassSettings } from '../../core/analytics/village-class.js';
import type { JurisdictionLevel } from '../../core/organisation/division-code.js';

export interface VillageClassRow {
  month: string;
  village_code: string;
  town_code: string;
  county_code: string;
  score: number | null;
  class: string | null;
  unclassed: string | null;
  entered: number;
  parts: unknown;
  settings: unknown;
  final: boolean;
  computed_at: Date;
}

const settingsKey = (countyCode: string) => `village_class:${countyCode}`;

function scopeColumn(level: JurisdictionLevel): string {
  return level === 'county' ? 'c.county_code' : level === 'town' ? 'c.town_code' : 'c.village_code';
}

export class VillageClassRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  async settings(countyCode: string): Promise<VillageClassSettings | null> {
    const row = await sql<{
      value: VillageClassSettings;
    }>`SELECT value FROM analytics_settings WHERE key = ${settingsKey(countyCode)}`.execute(this.db);
    return row.rows[0]?.value ?? null;
  }

  async saveSettings(countyCode: string, settings: VillageClassSettings, personId: number, now: Date): Promise<void> {
    await sql`
      INSERT INTO analytics_settings (key, value, updated_by, updated_at) VALUES (${settingsKey(countyCode)}, ${JSON.stringify(settings)}::jsonb, ${personId}, ${now})
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`.execute(
      this.db,
    );
  }

  /** Replaces a month's rows for these villages (one statement per row inside the caller's transaction). */
  async saveMonth(rows: readonly VillageClassRow[]): Promise<void> {
    for (const r of rows) {
      await sql`
        INSERT INTO village_class_months (month, village_code, town_code, county_code, score, class, unclassed, entered, parts, settings, final, computed_at)
        VALUES (${r.month}, ${r.village_code}, ${r.town_code}, ${r.county_code}, ${r.score}, ${r.class}, ${r.unclassed}, ${r.entered},
                ${JSON.stringify(r.parts)}::jsonb, ${JSON.stringify(r.settings)}::jsonb, ${r.final}, ${r.computed_at})
        ON CONFLICT (month, village_code) DO UPDATE SET
          town_code = EXCLUDED.town_code, county_code = EXCLUDED.county_code, score = EXCLUDED.score, class = EXCLUDED.class,
          unclassed = EXCLUDED.unclassed, entered = EXCLUDED.entered, parts = EXCLUDED.parts, settings = EXCLUDED.settings,
          final = EXCLUDED.final, computed_at = EXCLUDED.computed_at`.execute(this.db);
    }
  }

  /** Whether a county's month is already kept for good. */
  async isFinal(countyCode: string, month: string): Promise<boolean> {
    const r = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM village_class_months WHERE county_code = ${countyCode} AND month = ${month} AND final`.execute(
      this.db,
    );
    return r.rows[0].n > 0;
  }

  /** A month's classes within a scope, with names and paired departments. */
  async month(scope: { code: string; level: JurisdictionLevel }, month: string, villageClass?: string) {
    const result = await sql<
      VillageClassRow & {
        village_name: string;
        town_name: string | null;
        pairings: { departmentId: number; name: string; note: string | null }[] | null;
      }
    >`
      SELECT c.*, v.name AS village_name, t.name AS town_name,
        (SELECT json_agg(json_build_object('departmentId', p.department_id, 'name', d.name, 'note', p.note) ORDER BY d.name)
           FROM village_pairings p JOIN departments d ON d.id = p.department_id WHERE p.village_code = c.village_code) AS pairings
      FROM village_class_months c
      JOIN jurisdictions v ON v.code = c.village_code
      LEFT JOIN jurisdictions t ON t.code = c.town_code
      WHERE ${sql.raw(scopeColumn(scope.level))} = ${scope.code} AND c.month = ${month}
        ${villageClass ? sql`AND c.class = ${villageClass}` : sql``}
      ORDER BY c.score ASC NULLS LAST, c.village_code`.execute(this.db);
    return result.rows;
  }

  /** One village's classes over the months. */
  async history(villageCode: string, limit: number) {
    return (
      await sql<VillageClassRow>`
        SELECT * FROM village_class_months WHERE village_code = ${villageCode} ORDER BY month DESC LIMIT ${limit}`.execute(
        this.db,
      )
    ).rows;
  }

  async pairings(scope: { code: string; level: JurisdictionLevel }) {
    const where =
      scope.level === 'county'
        ? sql`p.village_code LIKE ${scope.code.slice(0, 6) + '%'}`
        : scope.level === 'town'
          ? sql`v.parent_code = ${scope.code}`
          : sql`p.village_code = ${scope.code}`;
    return (
      await sql<{
        village_code: string;
        village_name: string;
        department_id: number;
        department_name: string;
        note: string | null;
        created_at: Date;
      }>`
        SELECT p.village_code, v.name AS village_name, p.department_id, d.name AS department_name, p.note, p.created_at
        FROM village_pairings p JOIN jurisdictions v ON v.code = p.village_code JOIN departments d ON d.id = p.department_id
        WHERE ${where}
        ORDER BY p.village_code, d.name`.execute(this.db)
    ).rows;
  }

  /** Sets the departments paired with a village (replacing the previous set). */
  async replacePairings(
    villageCode: string,
    departmentIds: readonly number[],
    note: string | null,
    personId: number,
    now: Date,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await sql`DELETE FROM village_pairings WHERE village_code = ${villageCode}`.execute(trx);
      for (const id of departmentIds) {
        await sql`INSERT INTO village_pairings (village_code, department_id, note, created_by, created_at) VALUES (${villageCode}, ${id}, ${note}, ${personId}, ${now})`.execute(
          trx,
        );
      }
    });
  }

  async counties(): Promise<string[]> {
    return (
      await this.db.selectFrom('jurisdictions').select('code').where('level', '=', 'county').orderBy('code').execute()
    ).map((r) => r.code);
  }
}
