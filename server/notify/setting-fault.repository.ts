/** All SQL of 设置故障 (setting_faults): which faults of stored settings each county centre has been told. */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export interface NewSettingFault {
  county_code: string;
  key: string;
  setting: string;
  detail: unknown;
  first_event_id: number | null;
  reported_at: Date;
}

export class SettingFaultRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  /**
   * Records the faults not recorded yet for their county and returns the keys of those it
   * recorded: the ones to tell. A concurrent transaction recording the same fault waits for the
   * first and then records nothing, so a fault is told once.
   */
  async recordNew(faults: readonly NewSettingFault[]): Promise<string[]> {
    if (!faults.length) return [];
    const rows = await this.db
      .insertInto('setting_faults')
      .values(faults.map((f) => ({ ...f, detail: JSON.stringify(f.detail) })))
      .onConflict((oc) => oc.columns(['county_code', 'key']).doNothing())
      .returning('key')
      .execute();
    return rows.map((r) => r.key);
  }

  list(countyCode: string) {
    return this.db
      .selectFrom('setting_faults')
      .selectAll()
      .where('county_code', '=', countyCode)
      .orderBy('reported_at')
      .orderBy('key')
      .execute();
  }
}
