/**
 * All SQL about export jobs (导出任务): asking for one (at most a few unfinished per person),
 * claiming the next with a lease (`UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED)`), the
 * running attempt's progress, finishing, failing, a person's own list, and expiry.
 *
 * Every write of a running job names its attempt (`locked_by`): a worker whose lease ran out — and
 * whose job another worker has since claimed — changes nothing.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ExportJobsTable, Schema } from '../db/schema.js';
import type { ExportFormat } from './export-writer.js';

type Db = Kysely<Schema>;
export type ExportJobRow = Selectable<ExportJobsTable>;

/** Keys the two-key advisory lock of "one person's new exports" (the first key; the person is the second). */
const REQUEST_LOCK = 4_201_338;

export interface Requester {
  id: number;
  name: string;
  role: string;
  jurisdiction_code: string;
  jurisdiction_level: string;
  jurisdiction_name: string;
  department_id: number | null;
}

export class ExportRepository {
  constructor(private readonly db: Db) {}

  /**
   * Queues an export unless the person already has `maxActive` queued or running; returns null
   * then. Two requests of one person at once are serialised by an advisory lock, so the count
   * holds.
   */
  create(
    job: {
      requestedBy: number;
      jurisdictionCode: string;
      format: ExportFormat;
      filters: Record<string, unknown>;
      now: Date;
    },
    maxActive: number,
  ): Promise<ExportJobRow | null> {
    return this.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${REQUEST_LOCK}::integer, ${job.requestedBy}::integer)`.execute(trx);
      const { active } = await trx
        .selectFrom('export_jobs')
        .select((eb) => eb.fn.countAll<number>().as('active'))
        .where('requested_by', '=', job.requestedBy)
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirstOrThrow();
      if (Number(active) >= maxActive) return null;
      return trx
        .insertInto('export_jobs')
        .values({
          requested_by: job.requestedBy,
          jurisdiction_code: job.jurisdictionCode,
          format: job.format,
          filters: JSON.stringify(job.filters),
          created_at: job.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  }

  findMine(id: number, personId: number): Promise<ExportJobRow | undefined> {
    return this.db
      .selectFrom('export_jobs')
      .selectAll()
      .where('id', '=', id)
      .where('requested_by', '=', personId)
      .executeTakeFirst();
  }

  listMine(personId: number, limit: number): Promise<ExportJobRow[]> {
    return this.db
      .selectFrom('export_jobs')
      .selectAll()
      .where('requested_by', '=', personId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** Running jobs whose lease ran out after `maxAttempts` attempts: they keep killing their worker; give up. */
  async failExhausted(now: Date, maxAttempts: number): Promise<number[]> {
    const rows = await this.db
      .updateTable('export_jobs')
      .set({
        status: 'failed',
        error: `gave up after ${maxAttempts} attempts that did not finish`,
        finished_at: now,
        locked_until: null,
        locked_by: null,
      })
      .where('status', '=', 'running')
      .where('locked_until', '<', now)
      .where('attempts', '>=', maxAttempts)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Claims the oldest job that is queued, or running under a lease that ran out (its worker died):
   * it starts again from nothing under a new lease held by `owner`.
   */
  async claimNext(now: Date, leaseUntil: Date, owner: string): Promise<ExportJobRow | undefined> {
    const result = await sql<ExportJobRow>`
      UPDATE export_jobs
      SET status = 'running', locked_until = ${leaseUntil}, locked_by = ${owner}, attempts = attempts + 1,
          started_at = ${now}, rows_written = 0, total_rows = NULL, error = NULL
      WHERE id = (
        SELECT id FROM export_jobs
        WHERE status = 'queued' OR (status = 'running' AND locked_until < ${now})
        ORDER BY id
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
      RETURNING *`.execute(this.db);
    return result.rows[0];
  }

  /** Records progress and extends the lease; false when the attempt no longer holds the job. */
  async progress(
    id: number,
    owner: string,
    fields: { rowsWritten: number; totalRows?: number; leaseUntil: Date },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('export_jobs')
      .set({
        rows_written: fields.rowsWritten,
        locked_until: fields.leaseUntil,
        ...(fields.totalRows === undefined ? {} : { total_rows: fields.totalRows }),
      })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('locked_by', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async finish(
    id: number,
    owner: string,
    fields: { fileName: string; fileBytes: number; rows: number; now: Date; expiresAt: Date },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('export_jobs')
      .set({
        status: 'done',
        file_name: fields.fileName,
        file_bytes: fields.fileBytes,
        rows_written: fields.rows,
        total_rows: fields.rows,
        finished_at: fields.now,
        expires_at: fields.expiresAt,
        locked_until: null,
        locked_by: null,
      })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('locked_by', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async fail(id: number, owner: string, error: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('export_jobs')
      .set({ status: 'failed', error: error.slice(0, 1000), finished_at: now, locked_until: null, locked_by: null })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('locked_by', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Finished exports whose file is due for deletion, oldest first. */
  expiring(now: Date, limit: number): Promise<{ id: number; file_name: string | null }[]> {
    return this.db
      .selectFrom('export_jobs')
      .select(['id', 'file_name'])
      .where('status', '=', 'done')
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .limit(limit)
      .execute();
  }

  /** Marks a finished export expired (after its file was deleted); false if it was not done any more. */
  async markExpired(id: number): Promise<boolean> {
    const result = await this.db
      .updateTable('export_jobs')
      .set({ status: 'expired' })
      .where('id', '=', id)
      .where('status', '=', 'done')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The requester as they are now (role, jurisdiction, department), if still active. */
  requester(personId: number): Promise<Requester | undefined> {
    return this.db
      .selectFrom('people as p')
      .innerJoin('jurisdictions as j', 'j.code', 'p.jurisdiction_code')
      .select([
        'p.id',
        'p.name',
        'p.role',
        'p.jurisdiction_code',
        'j.level as jurisdiction_level',
        'j.name as jurisdiction_name',
        'p.department_id',
      ])
      .where('p.id', '=', personId)
      .where('p.active', '=', true)
      .executeTakeFirst();
  }
}
