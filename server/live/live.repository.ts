/** The SQL the live feed needs: which schema it serves, and who an event was ever assigned to. */
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { EventAssignee } from './live-audience.js';

export class LiveRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  async currentSchema(): Promise<string> {
    const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(this.db);
    return rows[0].schema;
  }

  async assigneesOf(eventId: number): Promise<EventAssignee[]> {
    const rows = await this.db
      .selectFrom('event_assignments')
      .select(['person_id', 'department_id'])
      .distinct()
      .where('event_id', '=', eventId)
      .execute();
    return rows.map((r) => ({ personId: r.person_id, departmentId: r.department_id }));
  }
}
