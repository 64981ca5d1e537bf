/**
 * Follow-up routes (回访与满意度): the work list of visits due in the caller's jurisdiction, an
 * event's visits, recording and skipping a visit, and the citizen's rating by tracking token.
 * Each reads validate (schema) → authorise → call the service → present.
 */
import type { AppDeps } from '../app-deps.js';
import { errors, type App } from '../http/contract.js';
import type { FollowUpRow } from '../db/schema.js';
import { requireUser } from '../auth/auth.hook.js';
import { auditRead } from '../audit/audit.plugin.js';
import { fail } from '../../core/errors.js';
import { placementColumn } from '../../core/organisation/division-code.js';
import { STATUS_DEFINITIONS, type EventStatus } from '../../core/events/event-workflow.js';
import {
  FOLLOW_UP_METHOD_NAMES_ZH,
  FOLLOW_UP_STATUS_NAMES_ZH,
  SATISFACTION_LEVELS,
  SATISFACTION_NAMES_ZH,
  isOverdue,
  isVisitorRole,
  mayListFollowUps,
  mayRecordFollowUp,
} from '../../core/followups/follow-up-policy.js';
import { chinaDateOf, chinaDayBounds } from '../../core/time/china-time.js';
import { FollowUpRepository } from './follow-up.repository.js';
import { followUpsOfEvent, rateByToken, ratingState, recordFollowUp, skipFollowUp } from './follow-up.service.js';
import {
  EventFollowUps,
  EventIdParams,
  FollowUpIdParams,
  FollowUpListQuery,
  FollowUpRecorded,
  FollowUpSkipped,
  FollowUpWorkList,
  RatingBody,
  RatingGiven,
  RatingState,
  RecordBody,
  SkipBody,
  TokenParams,
  type FollowUpAnswer,
  type SatisfactionSummary,
} from './follow-up.schemas.js';

/** A visit's own refusals: not found (or not visible), not the caller's to act on, already recorded. */
const VISIT_ERRORS = ['FOLLOW_UP_NOT_FOUND', 'FORBIDDEN', 'OUT_OF_SCOPE', 'FOLLOW_UP_ALREADY_RECORDED'] as const;

const name = <T extends string>(names: Record<T, string>, v: string | null) =>
  v === null ? null : ((names as Record<string, string>)[v] ?? v);

export function presentFollowUp(
  f: FollowUpRow & { visitor_name?: string | null; visitor_role?: string | null },
  now: Date,
): FollowUpAnswer {
  return {
    id: f.id,
    eventId: f.event_id,
    kind: f.kind,
    round: f.round,
    seq: f.seq,
    dueAt: f.due_at?.toISOString() ?? null,
    dueDate: f.due_at ? chinaDateOf(f.due_at) : null,
    overdue: isOverdue(f.status, f.due_at, now),
    status: f.status,
    statusName: FOLLOW_UP_STATUS_NAMES_ZH[f.status],
    method: f.method,
    methodName: name(FOLLOW_UP_METHOD_NAMES_ZH, f.method),
    satisfaction: f.satisfaction,
    satisfactionName: name(SATISFACTION_NAMES_ZH, f.satisfaction),
    note: f.note,
    visitor: f.visitor_id ? { id: f.visitor_id, name: f.visitor_name ?? null, role: f.visitor_role ?? null } : null,
    doneAt: f.done_at?.toISOString() ?? null,
    createdAt: f.created_at.toISOString(),
  };
}

function presentSummary(s: Awaited<ReturnType<FollowUpRepository['summary']>> | null): SatisfactionSummary {
  if (!s)
    return {
      followedUp: false,
      visitsPlanned: 0,
      visitsDone: 0,
      visitsMissed: 0,
      followUpsDone: 0,
      satisfaction: null,
      satisfactionName: null,
      satisfactionSource: null,
      satisfactionAt: null,
      citizenSatisfaction: null,
      dissatisfiedCount: 0,
      firstFollowedUpAt: null,
      lastFollowedUpAt: null,
    };
  return {
    followedUp: s.follow_ups_done > 0,
    visitsPlanned: s.visits_planned,
    visitsDone: s.visits_done,
    visitsMissed: s.visits_missed,
    followUpsDone: s.follow_ups_done,
    satisfaction: s.satisfaction,
    satisfactionName: name(SATISFACTION_NAMES_ZH, s.satisfaction),
    satisfactionSource: s.satisfaction_source,
    satisfactionAt: s.satisfaction_at?.toISOString() ?? null,
    citizenSatisfaction: s.citizen_satisfaction,
    dissatisfiedCount: s.dissatisfied_count,
    firstFollowedUpAt: s.first_followed_up_at?.toISOString() ?? null,
    lastFollowedUpAt: s.last_followed_up_at?.toISOString() ?? null,
  };
}

const statusName = (s: string) => STATUS_DEFINITIONS[s as EventStatus]?.zh ?? s;

export async function followUpRoutes(app: App, deps: AppDeps): Promise<void> {
  app.get(
    '/api/follow-ups',
    {
      schema: {
        querystring: FollowUpListQuery,
        response: { 200: FollowUpWorkList, ...errors('FORBIDDEN', 'AUDIT_UNAVAILABLE') },
      },
    },
    async (request) => {
      const user = requireUser(request);
      if (!mayListFollowUps(user.role)) fail('FORBIDDEN', `a ${user.role} has no follow-up visits to make`);
      const { query } = request;
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const now = deps.now();
      const scope = { column: placementColumn(user.jurisdictionLevel), code: user.jurisdictionCode };
      // a read only: visits are planned when an event closes (and by the follow-up-schedule job for bulk-loaded ones)
      const { total, items } = await new FollowUpRepository(deps.db).list(
        scope,
        user.id,
        {
          status: query.status ?? 'scheduled',
          due: query.due ?? 'all',
          now,
          today: chinaDayBounds(now),
        },
        (page - 1) * pageSize,
        pageSize,
      );
      // each visit names the reporter to call; the phone is masked (138****5678), none on an anonymous report
      const withReporter = items.filter((r) => r.reporter_name !== null);
      if (withReporter.length) {
        await auditRead(request, {
          target: { type: 'jurisdictions', id: user.jurisdictionCode },
          fields: ['reporterName'],
          count: withReporter.length,
        });
      }
      return {
        items: items.map((r) => ({
          ...presentFollowUp(r, now),
          event: {
            id: r.event_id,
            serialNo: r.serial_no,
            title: r.title,
            status: r.event_status,
            statusName: statusName(r.event_status),
            jurisdictionCode: r.jurisdiction_code,
            townCode: r.town_code,
            villageCode: r.village_code,
            gridCode: r.grid_code,
            address: r.address,
            reporterName: r.reporter_name,
            reporterPhone: r.reporter_phone,
            closedAt: r.event_closed_at?.toISOString() ?? null,
          },
          canRecord: r.status === 'scheduled' && isVisitorRole(user.role) && !r.resolved_by_me,
        })),
        total,
        page,
        pageSize,
      };
    },
  );

  app.get(
    '/api/events/:id/follow-ups',
    { schema: { params: EventIdParams, response: { 200: EventFollowUps, ...errors('EVENT_NOT_FOUND') } } },
    async (request) => {
      const user = requireUser(request);
      const { id } = request.params;
      const now = deps.now();
      const { event, relation, rows, summary, resolverIds } = await followUpsOfEvent(deps, user, id);
      const mayVisit = mayRecordFollowUp(user, relation, resolverIds);
      return {
        event: {
          id: event.id,
          serialNo: event.serial_no,
          status: event.status,
          statusName: statusName(event.status),
          closedAt: event.closed_at?.toISOString() ?? null,
        },
        items: rows.map((r) => ({
          ...presentFollowUp(r, now),
          canRecord: mayVisit && r.status === 'scheduled' && r.kind === 'visit' && event.status === 'closed',
        })),
        summary: presentSummary(summary),
      };
    },
  );

  app.post(
    '/api/follow-ups/:id/record',
    {
      schema: {
        params: FollowUpIdParams,
        body: RecordBody,
        response: {
          200: FollowUpRecorded,
          // a 不满意 reopens the closed event: the workflow's refusal if it cannot be
          ...errors(...VISIT_ERRORS, 'FOLLOW_UP_BY_HANDLER', 'FOLLOW_UP_NOT_SCHEDULED', 'EVENT_ILLEGAL_TRANSITION'),
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { id } = request.params;
      const result = await recordFollowUp(deps, user, id, request.body);
      const repo = new FollowUpRepository(deps.db);
      const row = (await repo.forEvent(result.followUp.event_id)).find((r) => r.id === id)!;
      return {
        followUp: presentFollowUp(row, deps.now()),
        event: {
          id: result.event.id,
          serialNo: result.event.serial_no,
          status: result.event.status,
          statusName: statusName(result.event.status),
          version: result.event.version,
        },
        reopened: result.reopened,
        historyId: result.historyId,
        summary: presentSummary((await repo.summary(result.event.id)) ?? null),
      };
    },
  );

  app.post(
    '/api/follow-ups/:id/skip',
    {
      schema: {
        params: FollowUpIdParams,
        body: SkipBody,
        response: { 200: FollowUpSkipped, ...errors(...VISIT_ERRORS) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { id } = request.params;
      const { followUp } = await skipFollowUp(deps, user, id, request.body);
      const row = (await new FollowUpRepository(deps.db).forEvent(followUp.event_id)).find((r) => r.id === id)!;
      return { followUp: presentFollowUp(row, deps.now()) };
    },
  );

  // ── public: the citizen rates their own report; the tracking token is the credential ──────────

  app.get(
    '/api/public/events/:token/rating',
    {
      config: { public: true },
      // the public limits answer RATE_LIMITED (server/http/security-rate-limit.ts)
      schema: { params: TokenParams, response: { 200: RatingState, ...errors('EVENT_NOT_FOUND', 'RATE_LIMITED') } },
    },
    async (request) => {
      const { token } = request.params;
      const { event, rating, window } = await ratingState(deps, token);
      return {
        serialNo: event.serial_no,
        status: event.status,
        statusName: statusName(event.status),
        canRate: window.open,
        reason: window.open ? null : window.reason,
        rating: rating
          ? {
              satisfaction: rating.satisfaction,
              satisfactionName: name(SATISFACTION_NAMES_ZH, rating.satisfaction),
              ratedAt: rating.done_at?.toISOString() ?? null,
            }
          : null,
        options: SATISFACTION_LEVELS.map((value) => ({ value, name: SATISFACTION_NAMES_ZH[value] })),
      };
    },
  );

  app.post(
    '/api/public/events/:token/rating',
    {
      config: { public: true },
      schema: {
        params: TokenParams,
        body: RatingBody,
        response: {
          201: RatingGiven,
          ...errors('EVENT_NOT_FOUND', 'RATING_ALREADY_GIVEN', 'RATING_NOT_OPEN', 'RATE_LIMITED'),
        },
      },
    },
    async (request, reply) => {
      const { token } = request.params;
      const { rating, reopened } = await rateByToken(deps, token, request.body);
      reply.status(201);
      return {
        rating: {
          satisfaction: rating.satisfaction,
          satisfactionName: name(SATISFACTION_NAMES_ZH, rating.satisfaction),
          ratedAt: rating.done_at?.toISOString() ?? null,
        },
        reopened,
      };
    },
  );
}
