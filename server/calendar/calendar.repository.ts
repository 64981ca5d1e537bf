/**
 * All SQL of the work calendar: the override table (calendar_overrides). Dates travel as
 * 'YYYY-MM-DD' text both ways — read with to_char, because node-postgres would turn a `date` into
 * a Date at local midnight, which depends on the server's time zone.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { CstDate, DayKind } from '../../core/deadlines/work-calendar.js';

export interface OverrideRow {
  date: CstDate;
  kind: DayKind;
  name: string | null;
  note: string | null;
  updatedBy: { id: number; name: string } | null;
  updatedAt: Date;
}

export interface OverrideWrite {
  date: CstDate;
  kind: DayKind;
  name: string | null;
  note: string | null;
}

type Db = Kysely<Schema> | Transaction<Schema>;

export class CalendarRepository {
  constructor(private readonly db: Db) {}

  private select() {
    return this.db
      .selectFrom('calendar_overrides as o')
      .leftJoin('people as p', 'p.id', 'o.updated_by')
      .select([
        sql<string>`to_char(o.date, 'YYYY-MM-DD')`.as('date'),
        'o.kind',
        'o.name',
        'o.note',
        'o.updated_by',
        'p.name as updated_by_name',
        'o.updated_at',
      ]);
  }

  /** Overrides in date order, optionally only those within [from, to]. */
  async list(range?: { from: CstDate; to: CstDate }): Promise<OverrideRow[]> {
    let query = this.select();
    if (range) query = query.where(sql<boolean>`o.date BETWEEN ${range.from}::date AND ${range.to}::date`);
    const rows = await query.orderBy('o.date').execute();
    return rows.map(present);
  }

  async find(date: CstDate): Promise<OverrideRow | null> {
    const row = await this.select()
      .where(sql<boolean>`o.date = ${date}::date`)
      .executeTakeFirst();
    return row ? present(row) : null;
  }

  /** Date and kind of every override: what the calendar needs, nothing more. */
  async days(): Promise<{ date: CstDate; kind: DayKind; name: string | null }[]> {
    return this.db
      .selectFrom('calendar_overrides')
      .select([sql<string>`to_char(date, 'YYYY-MM-DD')`.as('date'), 'kind', 'name'])
      .orderBy('date')
      .execute();
  }

  /** Inserts or replaces the override for its date. */
  async upsert(write: OverrideWrite, updatedBy: number, now: Date): Promise<void> {
    await this.db
      .insertInto('calendar_overrides')
      .values({
        date: write.date,
        kind: write.kind,
        name: write.name,
        note: write.note,
        updated_by: updatedBy,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.column('date').doUpdateSet({
          kind: write.kind,
          name: write.name,
          note: write.note,
          updated_by: updatedBy,
          updated_at: now,
        }),
      )
      .execute();
  }

  /** Inserts or replaces many overrides, a few hundred rows per statement. */
  async upsertMany(writes: readonly OverrideWrite[], updatedBy: number, now: Date): Promise<void> {
    for (let i = 0; i < writes.length; i += 500) {
      const chunk = writes.slice(i, i + 500);
      await this.db
        .insertInto('calendar_overrides')
        .values(
          chunk.map((w) => ({
            date: w.date,
            kind: w.kind,
            name: w.name,
            note: w.note,
            updated_by: updatedBy,
            updated_at: now,
          })),
        )
        .onConflict((oc) =>
          oc.column('date').doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'),
            name: eb.ref('excluded.name'),
            note: eb.ref('excluded.note'),
            updated_by: eb.ref('excluded.updated_by'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  }

  async delete(date: CstDate): Promise<boolean> {
    const result = await this.db
      .deleteFrom('calendar_overrides')
      .where(sql<boolean>`date = ${date}::date`)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function present(r: {
  date: string;
  kind: DayKind;
  name: string | null;
  note: string | null;
  updated_by: number | null;
  updated_by_name: string | null;
  updated_at: Date;
}): OverrideRow {
  return {
    date: r.date,
    kind: r.kind,
    name: r.name,
    note: r.note,
    updatedBy: r.updated_by === null ? null : { id: r.updated_by, name: r.updated_by_name ?? '' },
    updatedAt: r.updated_at,
  };
}
