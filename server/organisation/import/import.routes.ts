/**
 * HTTP for the organisation import. Each route takes the file as a multipart field `file` or as
 * the raw request body, checks `?dryRun`, lets only command-centre operators in, and answers with
 * the row-by-row report: 200 when the import was written (or a dry run was checked), 422
 * IMPORT_HAS_ERRORS with the report as details when any row failed and nothing was written.
 */
import type { FastifyRequest } from 'fastify';
import { fail } from '../../../core/errors.js';
import type { AppDeps } from '../../app-deps.js';
import { errors, type App } from '../../http/contract.js';
import { requireUser } from '../../auth/auth.hook.js';
import { isUploadedFile, readUploadBody } from '../../http/upload-body.js';
import { assertMayImport } from './import-report.js';
import { featuresOf, parseGeoJsonBytes } from './jurisdiction-import.js';
import { readTable } from './table-import.js';
import { importBindings, importJurisdictions, importPeople } from './import.service.js';
import { ImportQuery, ImportReport } from './import.schemas.js';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The uploaded file's bytes, or the JSON body Fastify already parsed (server/http/upload-body.ts). */
async function uploadOf(request: FastifyRequest, maxBytes: number): Promise<Buffer | { json: unknown }> {
  const upload = await readUploadBody(request, { maxBytes, tooLarge: 'BODY_TOO_LARGE' });
  return isUploadedFile(upload) ? upload.bytes : upload;
}

async function tableOf(request: FastifyRequest, maxBytes: number) {
  const upload = await uploadOf(request, maxBytes);
  if (!Buffer.isBuffer(upload))
    fail('IMPORT_FORMAT_UNSUPPORTED', 'people and bindings are imported from a CSV (UTF-8) or XLSX file, not JSON');
  return readTable(upload);
}

export async function importRoutes(app: App, deps: AppDeps): Promise<void> {
  const bodyLimit = deps.config.maxUploadBytes;
  const asBuffer = (_request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: Buffer) => void) =>
    done(null, body);
  // These parsers live in this plugin's scope only; the file's first bytes decide what it is.
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit }, asBuffer);
  app.addContentTypeParser(XLSX_MIME, { parseAs: 'buffer', bodyLimit }, asBuffer);
  app.addContentTypeParser('application/geo+json', { parseAs: 'buffer', bodyLimit }, asBuffer);
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, asBuffer);

  const routeOptions = {
    bodyLimit,
    schema: {
      querystring: ImportQuery,
      response: {
        200: ImportReport,
        ...errors('FORBIDDEN', 'IMPORT_HAS_ERRORS', 'IMPORT_FORMAT_UNSUPPORTED', 'BODY_INCOMPLETE'),
      },
    },
  };

  app.post('/api/import/jurisdictions', routeOptions, async (request) => {
    const { dryRun } = request.query;
    const user = requireUser(request);
    assertMayImport(user);
    const upload = await uploadOf(request, bodyLimit);
    const features = Buffer.isBuffer(upload) ? parseGeoJsonBytes(upload) : featuresOf(upload.json);
    return importJurisdictions(deps, user, features, { dryRun });
  });

  app.post('/api/import/people', routeOptions, async (request) => {
    const { dryRun } = request.query;
    const user = requireUser(request);
    assertMayImport(user);
    return importPeople(deps, user, await tableOf(request, bodyLimit), { dryRun });
  });

  app.post('/api/import/bindings', routeOptions, async (request) => {
    const { dryRun } = request.query;
    const user = requireUser(request);
    assertMayImport(user);
    return importBindings(deps, user, await tableOf(request, bodyLimit), { dryRun });
  });
}
