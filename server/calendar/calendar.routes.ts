/**
 * HTTP for the work calendar (工作日历): the days of a span with their kind and source, the
 * county centre's overrides (one by one or imported from a file, all or nothing), and a deadline
 * calculator for the UI and for anyone checking the rules. Reading is for any signed-in staff;
 * writing is for the county command centre.
 */
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../app-deps.js';
import { errors, type App } from '../http/contract.js';
import { requireUser } from '../auth/auth.hook.js';
import { isUploadedFile, readUploadBody } from '../http/upload-body.js';
import { fail } from '../../core/errors.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import { cstDateOf } from '../../core/deadlines/work-calendar.js';
import { readTable } from '../organisation/import/table-import.js';
import { clientInstant } from '../../core/time/client-dates.js';
import type { OverrideRow } from './calendar.repository.js';
import {
  calendarDays,
  calendarProviderFor,
  deleteOverride,
  importOverrides,
  listOverrides,
  setOverride,
} from './calendar.service.js';
import { parseArrangementJson, parseArrangementTable, type ParsedArrangement } from './arrangement-file.js';
import {
  CalendarImportQuery,
  CalendarSpan,
  DateParams,
  DeadlineAnswer,
  DeadlineQuery,
  ImportReport,
  OverrideAnswer,
  OverrideBody,
  OverrideDeleted,
  OverrideList,
  RangeQuery,
  type CalendarOverride,
} from './calendar.schemas.js';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function requireStaff(request: FastifyRequest): CurrentUser {
  const user = requireUser(request);
  if (user.role === 'citizen') fail('FORBIDDEN', 'the work calendar is for staff');
  return user;
}

function presentOverride(o: OverrideRow): CalendarOverride {
  return {
    date: o.date,
    kind: o.kind,
    name: o.name,
    note: o.note,
    updatedBy: o.updatedBy,
    updatedAt: o.updatedAt.toISOString(),
  };
}

/** The arrangement in the request: a CSV/XLSX file (raw body or multipart field "file") or a JSON array. */
async function arrangementOf(request: FastifyRequest, maxBytes: number): Promise<ParsedArrangement> {
  const upload = await readUploadBody(request, { maxBytes, tooLarge: 'BODY_TOO_LARGE' });
  if (!isUploadedFile(upload)) return parseArrangementJson(upload.json);
  return parseArrangementTable((await readTable(upload.bytes)).rows);
}

export async function calendarRoutes(app: App, deps: AppDeps): Promise<void> {
  const provider = calendarProviderFor(deps.db);
  const asBuffer = (_request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: Buffer) => void) =>
    done(null, body);
  // In this plugin's scope only: files arrive as bytes; the first bytes tell CSV from XLSX.
  for (const type of ['text/csv', XLSX_MIME, 'application/octet-stream']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: deps.config.maxUploadBytes }, asBuffer);
  }

  app.get(
    '/api/calendar',
    { schema: { querystring: RangeQuery, response: { 200: CalendarSpan, ...errors('FORBIDDEN') } } },
    async (request) => {
      requireStaff(request);
      const query = request.query;
      return calendarDays(deps.db, query.from, query.to);
    },
  );

  app.get(
    '/api/calendar/deadline',
    {
      schema: {
        querystring: DeadlineQuery,
        response: { 200: DeadlineAnswer, ...errors('FORBIDDEN', 'CALENDAR_NO_WORKING_DAY') },
      },
    },
    async (request) => {
      requireStaff(request);
      const query = request.query;
      const start = query.start ? clientInstant(query.start) : deps.now();
      const calendar = await provider.get();
      const deadline = calendar.deadline(start, { amount: query.amount, unit: query.unit });
      return {
        start: start.toISOString(),
        amount: query.amount,
        unit: query.unit,
        deadline: deadline.toISOString(),
        deadlineCstDate: cstDateOf(deadline),
        workingDays: calendar.workingDaysBetween(start, deadline),
      };
    },
  );

  app.get(
    '/api/calendar/overrides',
    { schema: { response: { 200: OverrideList, ...errors('FORBIDDEN') } } },
    async (request) => {
      requireStaff(request);
      return { items: (await listOverrides(deps.db)).map(presentOverride) };
    },
  );

  app.put(
    '/api/calendar/overrides/:date',
    {
      schema: {
        params: DateParams,
        body: OverrideBody,
        response: {
          200: OverrideAnswer,
          201: OverrideAnswer,
          ...errors('FORBIDDEN', 'CALENDAR_NO_WORKING_DAY'),
        },
      },
    },
    async (request, reply) => {
      const user = requireStaff(request);
      const { date } = request.params;
      const body = request.body;
      const { override, created } = await setOverride(deps, user, {
        date,
        kind: body.kind,
        name: body.name?.trim() || null,
        note: body.note?.trim() || null,
      });
      if (created) reply.status(201);
      return { override: presentOverride(override) };
    },
  );

  app.delete(
    '/api/calendar/overrides/:date',
    {
      schema: {
        params: DateParams,
        response: {
          200: OverrideDeleted,
          ...errors('FORBIDDEN', 'CALENDAR_OVERRIDE_NOT_FOUND', 'CALENDAR_NO_WORKING_DAY'),
        },
      },
    },
    async (request) => {
      const user = requireStaff(request);
      return { deleted: presentOverride(await deleteOverride(deps, user, request.params.date)) };
    },
  );

  app.post(
    '/api/calendar/overrides/import',
    {
      bodyLimit: deps.config.maxUploadBytes,
      schema: {
        querystring: CalendarImportQuery,
        response: {
          200: ImportReport,
          ...errors(
            'FORBIDDEN',
            'IMPORT_HAS_ERRORS',
            'IMPORT_FORMAT_UNSUPPORTED',
            'CALENDAR_NO_WORKING_DAY',
            'BODY_INCOMPLETE',
          ),
        },
      },
    },
    async (request) => {
      const user = requireStaff(request);
      if (user.role !== 'county_operator') fail('FORBIDDEN', 'only the county command centre edits the work calendar');
      const { dryRun } = request.query;
      return importOverrides(deps, user, await arrangementOf(request, deps.config.maxUploadBytes), { dryRun });
    },
  );
}
