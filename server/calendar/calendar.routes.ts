/**
 * HTTP for the work calendar (工作日历): the days of a span with their kind and source, the
 * county centre's overrides (one by one or imported from a file, all or nothing), and a deadline
 * calculator for the UI and for anyone checking the rules. Reading is for any signed-in staff;
 * writing is for the county command centre.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { AppDeps } from '../app-deps.js';
import { requireUser } from '../auth/auth.hook.js';
import { isUploadedFile, readUploadBody } from '../http/upload-body.js';
import { fail } from '../../core/errors.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import { cstDateOf, LIMIT_UNITS } from '../../core/deadlines/work-calendar.js';
import { readTable } from '../organisation/import/table-import.js';
import { CalendarDate, CalendarDateTime } from '../http/schema-primitives.js';
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
import {
  MAX_NAME_LENGTH,
  MAX_NOTE_LENGTH,
  parseArrangementJson,
  parseArrangementTable,
  type ParsedArrangement,
} from './arrangement-file.js';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const RangeQuery = Type.Object({ from: CalendarDate, to: CalendarDate }, { additionalProperties: false });
const DateParams = Type.Object({ date: CalendarDate });
const OverrideBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('workday'), Type.Literal('holiday')]),
    name: Type.Optional(Type.String({ maxLength: MAX_NAME_LENGTH })),
    note: Type.Optional(Type.String({ maxLength: MAX_NOTE_LENGTH })),
  },
  { additionalProperties: false },
);
const DeadlineQuery = Type.Object(
  {
    start: Type.Optional(CalendarDateTime),
    amount: Type.Number({ minimum: 0, maximum: 10_000_000 }),
    unit: Type.Union(LIMIT_UNITS.map((u) => Type.Literal(u))),
  },
  { additionalProperties: false },
);
const ImportQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

function requireStaff(request: FastifyRequest): CurrentUser {
  const user = requireUser(request);
  if (user.role === 'citizen') fail('FORBIDDEN', 'the work calendar is for staff');
  return user;
}

function presentOverride(o: OverrideRow) {
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

export async function calendarRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const provider = calendarProviderFor(deps.db);
  const asBuffer = (_request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: Buffer) => void) =>
    done(null, body);
  // In this plugin's scope only: files arrive as bytes; the first bytes tell CSV from XLSX.
  for (const type of ['text/csv', XLSX_MIME, 'application/octet-stream']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: deps.config.maxUploadBytes }, asBuffer);
  }

  app.get('/api/calendar', { schema: { querystring: RangeQuery } }, async (request) => {
    requireStaff(request);
    const query = request.query as Static<typeof RangeQuery>;
    return calendarDays(deps.db, query.from, query.to);
  });

  app.get('/api/calendar/deadline', { schema: { querystring: DeadlineQuery } }, async (request) => {
    requireStaff(request);
    const query = request.query as Static<typeof DeadlineQuery>;
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
  });

  app.get('/api/calendar/overrides', async (request) => {
    requireStaff(request);
    return { items: (await listOverrides(deps.db)).map(presentOverride) };
  });

  app.put(
    '/api/calendar/overrides/:date',
    { schema: { params: DateParams, body: OverrideBody } },
    async (request, reply) => {
      const user = requireStaff(request);
      const date = (request.params as Static<typeof DateParams>).date;
      const body = request.body as Static<typeof OverrideBody>;
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

  app.delete('/api/calendar/overrides/:date', { schema: { params: DateParams } }, async (request) => {
    const user = requireStaff(request);
    const date = (request.params as Static<typeof DateParams>).date;
    return { deleted: presentOverride(await deleteOverride(deps, user, date)) };
  });

  app.post(
    '/api/calendar/overrides/import',
    { bodyLimit: deps.config.maxUploadBytes, schema: { querystring: ImportQuery } },
    async (request) => {
      const user = requireStaff(request);
      if (user.role !== 'county_operator') fail('FORBIDDEN', 'only the county command centre edits the work calendar');
      const { dryRun } = request.query as Static<typeof ImportQuery>;
      return importOverrides(deps, user, await arrangementOf(request, deps.config.maxUploadBytes), { dryRun });
    },
  );
}
