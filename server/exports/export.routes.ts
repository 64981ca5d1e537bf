/**
 * Export routes (事件清单导出): ask for an export of the event list as CSV or XLSX, follow its
 * progress, download the file when it is done. The work runs in the background (export.service.ts).
 * Each reads validate (schema) → authorise → call → present; an export is its requester's alone —
 * anyone else gets 404, as if it did not exist.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { FastifyReply } from 'fastify';
import type { AppDeps } from '../app-deps.js';
import { errors, type App } from '../http/contract.js';
import { requireUser } from '../auth/auth.hook.js';
import { auditRead } from '../audit/audit.plugin.js';
import { fail } from '../../core/errors.js';
import { filtersFrom } from '../events/event.routes.js';
import {
  ExportBody,
  ExportFile,
  ExportIdParams,
  ExportListAnswer,
  OneExportAnswer,
  type ExportAnswer,
} from './export.schemas.js';
import { ExportRepository, type ExportJobRow } from './export.repository.js';
import { EXPORT_MAX_ACTIVE_PER_USER, exportFilePath, exportsDirFor } from './export.service.js';
import { attachmentDisposition } from '../http/content-disposition.js';
import { chinaWallClock } from '../../core/time/china-time.js';

export { exportWorkerJob } from './export.service.js';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** What a client reads about an export. */
export function presentExport(job: ExportJobRow): ExportAnswer {
  const total = job.total_rows;
  const percent =
    job.status === 'done' || job.status === 'expired'
      ? 100
      : total
        ? Math.min(99, Math.floor((job.rows_written / total) * 100))
        : 0;
  return {
    id: job.id,
    format: job.format,
    status: job.status,
    filters: job.filters,
    totalRows: total,
    rowsWritten: job.rows_written,
    percent,
    fileBytes: job.file_bytes,
    error: job.error,
    createdAt: job.created_at.toISOString(),
    startedAt: job.started_at?.toISOString() ?? null,
    finishedAt: job.finished_at?.toISOString() ?? null,
    expiresAt: job.expires_at?.toISOString() ?? null,
    downloadUrl: job.status === 'done' ? `/api/exports/${job.id}/download` : null,
  };
}

/** `YYYYMMDD-HHmmss` in China time. */
function chinaStamp(at: Date): string {
  const iso = chinaWallClock(at).toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
}

export async function registerExportRoutes(app: App, deps: AppDeps): Promise<void> {
  const exportsDir = exportsDirFor(deps.config);
  const exports = new ExportRepository(deps.db);

  const findMine = async (id: number, personId: number) =>
    (await exports.findMine(id, personId)) ?? fail('EXPORT_NOT_FOUND', `no export ${id} of yours`);

  app.post(
    '/api/exports',
    {
      schema: {
        body: ExportBody,
        response: {
          202: OneExportAnswer,
          ...errors('FORBIDDEN', 'OUT_OF_SCOPE', 'JURISDICTION_CODE_INVALID', 'EXPORT_LIMIT_REACHED'),
        },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { body } = request;
      if (user.role === 'citizen') fail('FORBIDDEN', 'citizens may not export the event list');
      const filters = body.filters ?? {};
      // The list's own checks: a jurisdiction outside the user's is refused now, not when it runs.
      filtersFrom(user, filters);
      const job = await exports.create(
        {
          requestedBy: user.id,
          jurisdictionCode: user.jurisdictionCode,
          format: body.format,
          filters,
          now: deps.now(),
        },
        EXPORT_MAX_ACTIVE_PER_USER,
      );
      if (!job)
        fail(
          'EXPORT_LIMIT_REACHED',
          `you already have ${EXPORT_MAX_ACTIVE_PER_USER} exports queued or running; wait for one to finish`,
        );
      reply.status(202);
      return { export: presentExport(job) };
    },
  );

  app.get('/api/exports', { schema: { response: { 200: ExportListAnswer } } }, async (request) => {
    const user = requireUser(request);
    return { items: (await exports.listMine(user.id, 50)).map(presentExport) };
  });

  app.get(
    '/api/exports/:id',
    { schema: { params: ExportIdParams, response: { 200: OneExportAnswer, ...errors('EXPORT_NOT_FOUND') } } },
    async (request) => {
      const user = requireUser(request);
      const { id } = request.params;
      return { export: presentExport(await findMine(id, user.id)) };
    },
  );

  app.get(
    '/api/exports/:id/download',
    {
      schema: {
        params: ExportIdParams,
        response: { 200: ExportFile, ...errors('EXPORT_NOT_FOUND', 'EXPORT_NOT_READY', 'AUDIT_UNAVAILABLE') },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { id } = request.params;
      const job = await findMine(id, user.id);
      if (job.status === 'expired') fail('EXPORT_NOT_FOUND', `export ${id} has expired; ask for it again`);
      if (job.status !== 'done' || !job.file_name) fail('EXPORT_NOT_READY', `export ${id} is ${job.status}, not done`);
      const file = exportFilePath(exportsDir, job.file_name);
      // The file may have just been expired (or the folder lost): the same answer as expired.
      const stat = await fsp.stat(file).catch(() => null);
      if (!stat) fail('EXPORT_NOT_FOUND', `the file of export ${id} is gone; ask for it again`);
      // the list names each event's reporter (phones are masked in the file)
      await auditRead(request, { target: { type: 'exports', id }, fields: ['reporterName'], count: job.rows_written });
      return sendExportFile(reply, { path: file, bytes: stat.size, format: job.format, createdAt: job.created_at });
    },
  );
}

/**
 * Streams an export's file with its headers. Fastify sends a stream as it is (no serialiser runs); the
 * route's FileAnswer only documents it, which is why the reply here is Fastify's untyped one.
 */
function sendExportFile(
  reply: FastifyReply,
  file: { path: string; bytes: number; format: keyof typeof CONTENT_TYPES; createdAt: Date },
) {
  const stamp = chinaStamp(file.createdAt);
  return reply
    .header('content-type', CONTENT_TYPES[file.format])
    .header('content-length', file.bytes)
    .header(
      'content-disposition',
      attachmentDisposition(`事件清单-${stamp}.${file.format}`, `yiwang-events-${stamp}.${file.format}`),
    )
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(fs.createReadStream(file.path));
}
