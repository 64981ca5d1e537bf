/**
 * Running exports of the event list (事件清单导出) in the background. `runNextExport` claims one
 * queued job (or one whose worker died: its lease ran out) and writes every event the requester
 * may see under the job's filters — read by keyset pagination (`id > last ORDER BY id LIMIT n`),
 * one page in memory at a time — into `<file>.part`, recording progress after each page, then
 * renames it: a file under its final name is always complete. A job taken over from a dead worker
 * starts again from nothing. `expireExports` deletes files a week old.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { Config } from '../config.js';
import type { JobDefinition } from '../jobs/job-scheduler.js';
import { isDomainError } from '../../core/errors.js';
import { eventScopeOf, type CurrentUser } from '../../core/access/current-user.js';
import { isRole } from '../../core/access/roles.js';
import type { JurisdictionLevel } from '../../core/organisation/division-code.js';
import { EventRepository } from '../events/event.repository.js';
import { filtersFrom } from '../events/event.routes.js';
import { ListQuery } from '../events/event.schemas.js';
import { storedValueCheck } from '../http/validator.js';
import { EXPORT_COLUMNS, exportCells } from './export-columns.js';
import { openExportWriter, removeFile, type ExportFormat } from './export-writer.js';
import { ExportRepository, type ExportJobRow } from './export.repository.js';

/** A job's stored filters are the list query it was asked with: checked, not assumed, when read back. */
const isStoredListQuery = storedValueCheck(ListQuery);

/** Rows read and written per page. */
export const EXPORT_PAGE_SIZE = 2000;
/** A running export's lease, renewed after every page; past it the worker is taken for dead. */
export const EXPORT_LEASE_MS = 2 * 60_000;
/** A job whose worker died this many times is given up (it may be what kills the worker). */
export const EXPORT_MAX_ATTEMPTS = 3;
/** A finished file is kept this long. */
export const EXPORT_KEEP_MS = 7 * 24 * 3600_000;
/** Queued or running exports one person may have at once. */
export const EXPORT_MAX_ACTIVE_PER_USER = 3;

export interface ExportDeps {
  db: Kysely<Schema>;
  now: () => Date;
  /** Where the files go (see exportsDirFor). */
  exportsDir: string;
  pageSize?: number;
  leaseMs?: number;
  /** Called after each page is written and recorded (tests, the benchmark). */
  afterPage?: (job: ExportJobRow, rowsWritten: number) => void | Promise<void>;
}

export type ExportOutcome =
  | { jobId: number; status: 'done'; rows: number; fileName: string; fileBytes: number }
  | { jobId: number; status: 'failed'; error: string; cause?: unknown }
  /** Another worker took the job over (this one's lease ran out); nothing of this attempt is kept. */
  | { jobId: number; status: 'lost' };

/** The folder for export files: `<DATA_DIR>/exports` (tests give each platform a temporary DATA_DIR). */
export function exportsDirFor(config: Pick<Config, 'dataDir'>): string {
  const dir = path.join(config.dataDir, 'exports');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The path of an export's file; a stored name is never trusted to be a bare name. */
export function exportFilePath(exportsDir: string, fileName: string): string {
  return path.join(exportsDir, path.basename(fileName));
}

/** The signed-in user the export runs as: the requester as they are now, not as they were. */
function userOf(r: NonNullable<Awaited<ReturnType<ExportRepository['requester']>>>): CurrentUser | null {
  if (!isRole(r.role) || r.role === 'citizen') return null;
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    jurisdictionCode: r.jurisdiction_code,
    jurisdictionLevel: r.jurisdiction_level as JurisdictionLevel,
    jurisdictionName: r.jurisdiction_name,
    departmentId: r.department_id,
  };
}

/** Claims one export and writes it; null when none is waiting. */
export async function runNextExport(deps: ExportDeps): Promise<ExportOutcome | null> {
  const exports = new ExportRepository(deps.db);
  const leaseMs = deps.leaseMs ?? EXPORT_LEASE_MS;
  await exports.failExhausted(deps.now(), EXPORT_MAX_ATTEMPTS);
  const owner = `${process.pid}-${randomUUID()}`;
  const now = deps.now();
  const job = await exports.claimNext(now, new Date(now.getTime() + leaseMs), owner);
  if (!job) return null;

  await removeLeftovers(deps.exportsDir, job.id);
  const fileName = `export-${job.id}-${randomBytes(6).toString('hex')}.${job.format}`;
  const file = exportFilePath(deps.exportsDir, fileName);
  const part = `${file}.part`;
  let writer: ReturnType<typeof openExportWriter> | null = null;
  try {
    const requester = await exports.requester(job.requested_by);
    const user = requester ? userOf(requester) : null;
    if (!user) return await failed(exports, job, owner, deps.now(), 'the requester may no longer export events');
    const scope = eventScopeOf(user);
    // The list's own conversion: a jurisdiction now outside the requester's rights fails the job.
    if (!isStoredListQuery(job.filters))
      return await failed(
        exports,
        job,
        owner,
        deps.now(),
        'the stored filters are not a list query this version reads',
      );
    const filters = filtersFrom(user, job.filters);
    const events = new EventRepository(deps.db);
    const pageSize = deps.pageSize ?? EXPORT_PAGE_SIZE;

    const { total } = await events.list(scope, user.id, filters, 'serial_no', false, 0, 1);
    if (
      !(await exports.progress(job.id, owner, { rowsWritten: 0, totalRows: total, leaseUntil: lease(deps, leaseMs) }))
    )
      return { jobId: job.id, status: 'lost' };

    writer = openExportWriter(job.format as ExportFormat, part, EXPORT_COLUMNS);
    let written = 0;
    let afterId = 0;
    for (;;) {
      const page = await events.exportPage(scope, user.id, filters, afterId, pageSize);
      if (page.length) {
        await writer.writeRows(page.map(exportCells));
        written += page.length;
        afterId = page[page.length - 1].id;
        if (!(await exports.progress(job.id, owner, { rowsWritten: written, leaseUntil: lease(deps, leaseMs) }))) {
          await writer.abort();
          return { jobId: job.id, status: 'lost' };
        }
        await deps.afterPage?.(job, written);
      }
      if (page.length < pageSize) break;
    }
    await writer.close();
    writer = null;
    await fsp.rename(part, file);
    const { size } = await fsp.stat(file);
    const finishedAt = deps.now();
    if (
      !(await exports.finish(job.id, owner, {
        fileName,
        fileBytes: size,
        rows: written,
        now: finishedAt,
        expiresAt: new Date(finishedAt.getTime() + EXPORT_KEEP_MS),
      }))
    ) {
      await removeFile(file);
      return { jobId: job.id, status: 'lost' };
    }
    return { jobId: job.id, status: 'done', rows: written, fileName, fileBytes: size };
  } catch (error) {
    await writer?.abort().catch(() => {});
    await removeFile(part).catch(() => {});
    // A domain error's message is for people (a filter no longer allowed); anything else is ours.
    const message = isDomainError(error)
      ? error.message
      : 'the export failed because of an internal error; ask for it again';
    const outcome = await failed(exports, job, owner, deps.now(), message);
    return outcome.status === 'failed' && !isDomainError(error) ? { ...outcome, cause: error } : outcome;
  }
}

function lease(deps: ExportDeps, leaseMs: number): Date {
  return new Date(deps.now().getTime() + leaseMs);
}

async function failed(
  exports: ExportRepository,
  job: ExportJobRow,
  owner: string,
  now: Date,
  error: string,
): Promise<ExportOutcome> {
  const held = await exports.fail(job.id, owner, error, now);
  return held ? { jobId: job.id, status: 'failed', error } : { jobId: job.id, status: 'lost' };
}

/** Files of earlier attempts at this job (a worker that died mid-way leaves its `.part`). */
async function removeLeftovers(dir: string, jobId: number): Promise<void> {
  const prefix = `export-${jobId}-`;
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => removeFile(path.join(dir, n))));
}

/** Deletes the files of exports finished more than a week ago and marks them expired. */
export async function expireExports(deps: Pick<ExportDeps, 'db' | 'now' | 'exportsDir'>, limit = 500): Promise<number> {
  const exports = new ExportRepository(deps.db);
  let expired = 0;
  for (const job of await exports.expiring(deps.now(), limit)) {
    // The file first: should we die in between, the next run finds the row still due and finishes.
    if (job.file_name) await removeFile(exportFilePath(deps.exportsDir, job.file_name));
    if (await exports.markExpired(job.id)) expired++;
  }
  return expired;
}

/**
 * Expires old files, then runs queued exports one after another until none is waiting or
 * `budgetMs` has passed (a job already started is finished). An unexpected failure of a job is
 * recorded on the job and thrown at the end, so the scheduler logs it.
 */
export async function runExports(
  deps: ExportDeps,
  budgetMs: number,
): Promise<{ expired: number; outcomes: ExportOutcome[] }> {
  const started = Date.now();
  const expired = await expireExports(deps);
  const outcomes: ExportOutcome[] = [];
  while (Date.now() - started < budgetMs) {
    const outcome = await runNextExport(deps);
    if (!outcome) break;
    outcomes.push(outcome);
  }
  const unexpected = outcomes.find((o) => o.status === 'failed' && o.cause !== undefined);
  if (unexpected && unexpected.status === 'failed') throw unexpected.cause;
  return { expired, outcomes };
}

/** The scheduled job: the export worker, every few seconds, in whichever process claims it. */
export function exportWorkerJob(deps: {
  config: Pick<Config, 'dataDir' | 'databaseUrl'>;
  db: Kysely<Schema>;
  now: () => Date;
}): JobDefinition {
  const exportsDir = exportsDirFor(deps.config);
  return {
    name: 'export-worker',
    intervalMs: 5_000,
    // Under the scheduler's minimum lease of a minute; a long export runs on past it safely — the
    // jobs have leases of their own.
    run: () => runExports({ db: deps.db, now: deps.now, exportsDir }, 50_000),
  };
}
