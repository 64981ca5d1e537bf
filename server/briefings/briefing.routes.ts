/**
 * Briefing routes (通报): the notices a user receives, issuing one on demand, and each notice as
 * JSON, as an Excel file and as a printable page. validate (schema) → authorise (circulation,
 * core/analytics/analytics-access.ts) → call the service → present. A notice the user does not
 * receive answers 404, as if it did not exist.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { AppDeps } from '../app-deps.js';
import { errors, type App } from '../http/contract.js';
import { requireUser } from '../auth/auth.hook.js';
import { fail } from '../../core/errors.js';
import {
  BRIEFING_KINDS,
  BRIEFING_KIND_NAMES_ZH,
  alignBriefingSpan,
  latestEnded,
  periodLabel,
} from '../../core/analytics/briefing-schedule.js';
import {
  assertCanIssueBriefing,
  assertCanReadBriefings,
  briefingAudience,
  canReadBriefing,
} from '../../core/analytics/analytics-access.js';
import { addDays } from '../../core/analytics/periods.js';
import { KpiRepository } from '../analytics/kpi.repository.js';
import { resolveScope, resolveSpan, type PeriodInput } from '../analytics/analytics.service.js';
import { BriefingRepository, type BriefingRow } from './briefing.repository.js';
import { generateBriefing, type BriefingContent } from './briefing.service.js';
import {
  BriefingInAnyForm,
  BriefingIssued,
  BriefingListAnswer,
  BriefingPage,
  BriefingWorkbook,
  XLSX_MEDIA_TYPE,
} from './briefing.schemas.js';
import { renderBriefingExcel } from './briefing-excel.js';
import { renderBriefingHtml } from './briefing-html.js';
import { DivisionCode, literalUnion } from '../http/schema-primitives.js';
import { PeriodFields, PeriodValue } from '../analytics/period.schemas.js';
import { attachmentDisposition } from '../http/content-disposition.js';
import { chinaDateOf } from '../../core/time/china-time.js';

const Kind = literalUnion(BRIEFING_KINDS);

const ListQuery = Type.Object(
  {
    kind: Type.Optional(Kind),
    scope: Type.Optional(DivisionCode),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

/** `period` is a preset ('last_month'), a month ('2026-10') or { preset | month | from, to }; the same fields may also sit in the body itself. */
const CreateBody = Type.Object(
  {
    kind: Kind,
    scope: Type.Optional(DivisionCode),
    period: Type.Optional(PeriodValue),
    ...PeriodFields,
  },
  { additionalProperties: false },
);

/** `12`, `12.xlsx`, `12.html` or `12.json`. */
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,12}(\\.(xlsx|html|json))?$' }) });
const IdOnlyParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,12}$' }) });

const MAX_ID = 2_147_483_647;
/** The printable page is static: no scripts, no outside resources, inline styles only. */
const HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

function periodInput(body: Static<typeof CreateBody>): PeriodInput | null {
  const flat: PeriodInput = { preset: body.preset, month: body.month, from: body.from, to: body.to };
  const hasFlat = Object.values(flat).some((v) => v !== undefined);
  if (body.period !== undefined && hasFlat)
    fail('PERIOD_INVALID', 'give the period once: either period or preset / month / from and to');
  if (typeof body.period === 'string')
    return /^\d{4}-\d{2}$/.test(body.period) ? { month: body.period } : { preset: body.period };
  if (body.period && Object.values(body.period).some((v) => v !== undefined)) return body.period;
  return hasFlat ? flat : null;
}

function presentBriefing(row: BriefingRow) {
  return {
    id: row.id,
    kind: row.kind,
    kindName: BRIEFING_KIND_NAMES_ZH[row.kind],
    title: row.title,
    scope: { code: row.scope_code, name: row.scope_name, level: row.scope_level },
    period: {
      from: row.period_from,
      to: addDays(row.period_to, -1),
      toExclusive: row.period_to,
      label: periodLabel({ from: row.period_from, to: row.period_to }),
    },
    generatedAt: new Date(row.generated_at).toISOString(),
    generatedBy: row.generated_by === null ? null : { id: row.generated_by, name: row.generated_by_name },
    scheduled: row.generated_by === null,
    links: {
      json: `/api/briefings/${row.id}`,
      xlsx: `/api/briefings/${row.id}.xlsx`,
      html: `/api/briefings/${row.id}/html`,
    },
  };
}

/** A notice the caller may not read answers as one that does not exist. */
const READ_ERRORS = errors('FORBIDDEN', 'BRIEFING_NOT_FOUND');

export async function briefingRoutes(app: App, deps: Pick<AppDeps, 'db' | 'now'>): Promise<void> {
  const briefings = new BriefingRepository(deps.db);
  const kpis = new KpiRepository(deps.db);

  /** Authorise → the stored notice, or 404 when it does not exist or the user does not receive it. */
  async function visibleBriefing(request: FastifyRequest, rawId: string) {
    const user = requireUser(request);
    assertCanReadBriefings(user);
    const id = Number(rawId);
    const row =
      Number.isSafeInteger(id) && id >= 1 && id <= MAX_ID ? await briefings.find(id, briefingAudience(user)) : null;
    if (!row || !canReadBriefing(user, row.scope_code))
      fail('BRIEFING_NOT_FOUND', `no briefing ${rawId} within your jurisdiction`);
    return row;
  }

  async function sendExcel(reply: FastifyReply, row: BriefingRow & { content: unknown }) {
    const file = await renderBriefingExcel(row.content as BriefingContent);
    reply.header('content-type', XLSX_MEDIA_TYPE);
    reply.header('content-disposition', attachmentDisposition(`${row.title}.xlsx`, `briefing-${row.id}.xlsx`));
    reply.header('cache-control', 'private, no-store');
    return reply.send(file);
  }

  function sendHtml(reply: FastifyReply, row: BriefingRow & { content: unknown }) {
    reply.header('content-type', 'text/html; charset=utf-8');
    reply.header('content-security-policy', HTML_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'private, no-store');
    return reply.send(renderBriefingHtml(row.content as BriefingContent));
  }

  app.get(
    '/api/briefings',
    {
      schema: { querystring: ListQuery, response: { 200: BriefingListAnswer, ...errors('FORBIDDEN', 'OUT_OF_SCOPE') } },
    },
    async (request) => {
      const user = requireUser(request);
      assertCanReadBriefings(user);
      const { query } = request;
      if (query.scope !== undefined && !canReadBriefing(user, query.scope))
        fail('OUT_OF_SCOPE', `the notices of ${query.scope} are not circulated to you`);
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const { total, items } = await briefings.list(
        briefingAudience(user),
        { kind: query.kind, scopeCode: query.scope },
        (page - 1) * pageSize,
        pageSize,
      );
      return { total, page, pageSize, items: items.map(presentBriefing) };
    },
  );

  app.post(
    '/api/briefings',
    {
      schema: {
        body: CreateBody,
        response: {
          200: BriefingIssued,
          201: BriefingIssued,
          ...errors(
            'FORBIDDEN',
            'OUT_OF_SCOPE',
            'PERIOD_INVALID',
            'JURISDICTION_CODE_INVALID',
            'JURISDICTION_NOT_FOUND',
          ),
        },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { body } = request;
      const { kind } = body;
      const code = body.scope ?? user.jurisdictionCode;
      assertCanIssueBriefing(user, code);
      const now = deps.now();
      const today = chinaDateOf(now);
      const input = periodInput(body);
      const span = input ? alignBriefingSpan(kind, resolveSpan(input, now), today) : latestEnded(kind, today);
      const scope = await resolveScope(kpis, code);
      const { id, replaced } = await generateBriefing(deps.db, { kind, scope, span, now, personId: user.id });
      const row = (await briefings.find(id, briefingAudience(user)))!;
      reply.status(replaced ? 200 : 201);
      return {
        briefing: presentBriefing(row),
        replaced,
        message: replaced ? '同一期的通报已重新生成，原通报已被替换' : '通报已生成',
      };
    },
  );

  app.get(
    '/api/briefings/:id',
    { schema: { params: IdParams, response: { 200: BriefingInAnyForm, ...READ_ERRORS } } },
    async (request, reply) => {
      const raw = request.params.id;
      const [id, ext] = raw.split('.');
      const row = await visibleBriefing(request, id);
      if (ext === 'xlsx') return sendExcel(reply, row);
      if (ext === 'html') return sendHtml(reply, row);
      return { briefing: presentBriefing(row), content: row.content as BriefingContent };
    },
  );

  app.get(
    '/api/briefings/:id/xlsx',
    { schema: { params: IdOnlyParams, response: { 200: BriefingWorkbook, ...READ_ERRORS } } },
    async (request, reply) => {
      const row = await visibleBriefing(request, request.params.id);
      return sendExcel(reply, row);
    },
  );

  app.get(
    '/api/briefings/:id/html',
    { schema: { params: IdOnlyParams, response: { 200: BriefingPage, ...READ_ERRORS } } },
    async (request, reply) => {
      const row = await visibleBriefing(request, request.params.id);
      return sendHtml(reply, row);
    },
  );
}
