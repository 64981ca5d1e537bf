/**
 * What the spatial index is built from: the boundaries of the jurisdictions, the county, and
 * `geo_version`, the counter every write to a boundary moves so other processes rebuild.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { JurisdictionLevel } from '../../core/organisation/division-code.js';

export class GeoRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  /** The boundaries' version (0 before any was written). */
  async version(): Promise<number> {
    const row = await this.db.selectFrom('geo_version').select('version').where('id', '=', 1).executeTakeFirst();
    return row?.version ?? 0;
  }

  /** Every jurisdiction that has a boundary, as stored. */
  async boundaries(): Promise<{ code: string; level: JurisdictionLevel; boundary: unknown }[]> {
    return this.db
      .selectFrom('jurisdictions')
      .select(['code', 'level', 'boundary'])
      .where('boundary', 'is not', null)
      .execute();
  }

  /** The county (the first, should a database hold several). */
  async rootCounty(): Promise<string | null> {
    const county = await this.db
      .selectFrom('jurisdictions')
      .select('code')
      .where('level', '=', 'county')
      .orderBy('code')
      .executeTakeFirst();
    return county?.code ?? null;
  }

  /** Marks boundaries as changed so every process rebuilds its index. Call inside the write's transaction. */
  async bumpVersion(): Promise<void> {
    await this.db
      .updateTable('geo_version')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', 1)
      .execute();
  }
}
