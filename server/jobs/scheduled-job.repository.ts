/**
 * The durable schedule of periodic jobs (scheduled_jobs, migrations/003): registering a job,
 * claiming a due one with a lease, and recording how its run ended.
 */
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export class ScheduledJobRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  /** Adds the job to the schedule, due at `now`; an existing schedule keeps its next run. */
  async register(name: string, intervalMs: number, now: Date): Promise<void> {
    await sql`
      INSERT INTO scheduled_jobs (name, interval_ms, next_run_at) VALUES (${name}, ${intervalMs}, ${now})
      ON CONFLICT (name) DO UPDATE SET interval_ms = EXCLUDED.interval_ms`.execute(this.db);
  }

  /** Leases the job to `owner` until `lease` if it is due and nobody holds it; whether it was claimed. */
  async claim(name: string, owner: string, now: Date, lease: Date): Promise<boolean> {
    const claimed = await sql<{ name: string }>`
      UPDATE scheduled_jobs SET locked_until = ${lease}, locked_by = ${owner}, last_started_at = ${now}
      WHERE name = ${name} AND next_run_at <= ${now} AND (locked_until IS NULL OR locked_until < ${now})
      RETURNING name`.execute(this.db);
    return claimed.rows.length > 0;
  }

  /** Releases the owner's lease, records the run's end (and error) and schedules the next run. */
  async finish(name: string, owner: string, finished: Date, error: string | null, nextRunAt: Date): Promise<void> {
    await sql`
      UPDATE scheduled_jobs SET locked_until = NULL, locked_by = NULL, last_finished_at = ${finished}, last_error = ${error},
        runs = runs + 1, next_run_at = ${nextRunAt}
      WHERE name = ${name} AND locked_by = ${owner}`.execute(this.db);
  }
}
