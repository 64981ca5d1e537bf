/**
 * HTTP for the work calendar (工作日历): the days of a span with their kind and source, the
 * county centre's overrides (one by one or imported from a file, all or nothing), and a deadline
 * calculator for the UI and for anyone checking the rules. Reading is for any signed-in staff;
 * writing is for the county command centre.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type {} from '@fastify/multipart';
import type { AppDeps } from '../app-deps.js';
import { requireUser } from '../auth/auth.plugin.js';
import { fail } from '../../core/errors.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import { cstDateOf, isCstDate, LIMIT_UNITS, type CstDate } from '../../core/deadlines/work-calendar.js';
import { readTable } from '../organisation/import/table-import.js';
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
  OVERRIDE_YEARS,
  parseArrangementJson,
  parseArrangementTable,
  type ParsedArrangement,
} from './arrangement-file.js';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DatePattern = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
const DateString = Type.String({ pattern: DatePattern });
const RangeQuery = Type.Object({ from: DateString, to: DateString }, { additionalProperties: false });
const DateParams = Type.Object({ date: DateString });
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
    start: Type.Optional(Type.String({ format: 'date-time' })),
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

function checkDate(value: string, what: string): CstDate {
  if (!isCstDate(value)) fail('VALIDATION_FAILED', `${what} is not a date: ${value}`, [{ field: what, problem: 'not a calendar date (YYYY-MM-DD)' }]);
  return value;
}

function checkOverrideDate(value: string): CstDate {
  const date = checkDate(value, 'date');
  const year = Number(date.slice(0, 4));
  if (year < OVERRIDE_YEARS.first || year > OVERRIDE_YEARS.last) {
    fail('VALIDATION_FAILED', `overrides are kept for ${OVERRIDE_YEARS.first}–${OVERRIDE_YEARS.last}, not ${date}`, [{ field: 'date', problem: 'out of range' }]);
  }
  return date;
}

function presentOverride(o: OverrideRow) {
  return { date: o.date, kind: o.kind, name: o.name, note: o.note, updatedBy: o.updatedBy, updatedAt: o.updatedAt.toISOString() };
}

/** The arrangement in the request: a CSV/XLSX file (raw body or multipart field "file") or a JSON array. */
async function arrangementOf(request: FastifyRequest): Promise<ParsedArrangement> {
  let bytes: Buffer;
  if (request.isMultipart()) {
    const file = await request.file();
    if (!file || file.fieldname !== 'file') fail('VALIDATION_FAILED', 'send the file in the multipart field "file"');
    bytes = await file.toBuffer();
  } else {
    const body = request.body;
    if (Buffer.isBuffer(body)) bytes = body;
    else if (typeof body === 'string') bytes = Buffer.from(body, 'utf8');
    else if (body === undefined || body === null) fail('VALIDATION_FAILED', 'no arrangement: send CSV (text/csv) or a JSON array');
    else return parseArrangementJson(body);
  }
  return parseArrangementTable((await readTable(bytes)).rows);
}

export async function calendarRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const provider = calendarProviderFor(deps.db);
  const asBuffer = (_request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: Buffer) => void) => done(null, body);
  // In this plugin's scope only: files arrive as bytes; the first bytes tell CSV from XLSX.
  for (const type of ['text/csv', XLSX_MIME, 'application/octet-stream']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: deps.config.maxUploadBytes }, asBuffer);
  }

  app.get('/api/calendar', { schema: { querystring: RangeQuery } }, async (request) => {
    requireStaff(request);
    const query = request.query as Static<typeof RangeQuery>;
    return calendarDays(deps.db, checkDate(query.from, 'from'), checkDate(query.to, 'to'));
  });

  app.get('/api/calendar/deadline', { schema: { querystring: DeadlineQuery } }, async (request) => {
    requireStaff(request);
    const query = request.query as Static<typeof DeadlineQuery>;
    const start = query.start ? new Date(query.start) : deps.now();
    if (Number.isNaN(start.getTime())) fail('VALIDATION_FAILED', `start is not an instant: ${query.start}`);
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

  app.put('/api/calendar/overrides/:date', { schema: { params: DateParams, body: OverrideBody } }, async (request, reply) => {
    const user = requireStaff(request);
    const date = checkOverrideDate((request.params as Static<typeof DateParams>).date);
    const body = request.body as Static<typeof OverrideBody>;
    const { override, created } = await setOverride(deps, user, {
      date,
      kind: body.kind,
      name: body.name?.trim() || null,
      note: body.note?.trim() || null,
    });
    if (created) reply.status(201);
    return { override: presentOverride(override) };
  });

  app.delete('/api/calendar/overrides/:date', { schema: { params: DateParams } }, async (request) => {
    const user = requireStaff(request);
    const date = checkDate((request.params as Static<typeof DateParams>).date, 'date');
    return { deleted: presentOverride(await deleteOverride(deps, user, date)) };
  });

  app.post('/api/calendar/overrides/import', { bodyLimit: deps.config.maxUploadBytes, schema: { querystring: ImportQuery } }, async (request) => {
    const user = requireStaff(request);
    if (user.role !== 'county_operator') fail('FORBIDDEN', 'only the county command centre edits the work calendar');
    const { dryRun } = request.query as Static<typeof ImportQuery>;
    return importOverrides(deps, user, await arrangementOf(request), { dryRun });
  });
}
