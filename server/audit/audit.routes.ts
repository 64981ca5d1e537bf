/**
 * GET /api/audit: the audit trail (审计日志) for those who may read it — the county command
 * centre and leaders, within their jurisdiction's subtree (core/audit/audit-access.ts) — newest
 * first, filtered by actor, action, target, actor jurisdiction and time, paged by id
 * (`before` = the previous page's `nextBefore`).
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { AppDeps } from '../app-deps.js';
import { requireUser } from '../auth/auth.hook.js';
import { fail } from '../../core/errors.js';
import { auditReadScope, mayReadAuditOf } from '../../core/audit/audit-access.js';
import { assertDivisionCode, subtreePrefix } from '../../core/organisation/division-code.js';
import { AuditRepository, type AuditRecordRow } from './audit.repository.js';
import { CalendarDateTime } from '../http/schema-primitives.js';
import { clientInstant } from '../../core/time/client-dates.js';

export const AuditQuery = Type.Object(
  {
    actorId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    /** Exact, or a prefix ending in `*` (`POST /api/events/:id/actions/*`). */
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    jurisdiction: Type.Optional(Type.String({ pattern: '^[0-9]{12}([0-9]{3})?$' })),
    from: Type.Optional(CalendarDateTime),
    to: Type.Optional(CalendarDateTime),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

export function presentAuditRecord(r: AuditRecordRow) {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actor:
      r.actor_id === null && r.actor_role === null
        ? null
        : { id: r.actor_id, name: r.actor_name, role: r.actor_role, jurisdictionCode: r.actor_jurisdiction },
    action: r.action,
    target: r.target_type === null && r.target_id === null ? null : { type: r.target_type, id: r.target_id },
    clientAddress: r.client_address,
    status: r.status,
    errorCode: r.error_code,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export async function auditRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const audit = new AuditRepository(deps.db);

  app.get('/api/audit', { schema: { querystring: AuditQuery } }, async (request) => {
    const user = requireUser(request);
    const scope = auditReadScope(user);
    if (!scope) fail('FORBIDDEN', 'only the county command centre and leaders read the audit trail');
    const query = request.query as Static<typeof AuditQuery>;
    let jurisdictionPrefix: string | undefined;
    if (query.jurisdiction) {
      const level = assertDivisionCode(query.jurisdiction);
      if (!mayReadAuditOf(user, query.jurisdiction))
        fail('OUT_OF_SCOPE', `${query.jurisdiction} is outside your jurisdiction`);
      jurisdictionPrefix = subtreePrefix(query.jurisdiction, level);
    }
    const from = query.from ? clientInstant(query.from) : undefined;
    const to = query.to ? clientInstant(query.to) : undefined;
    if (from && to && from > to) fail('VALIDATION_FAILED', '`from` is after `to`');
    const limit = query.limit ?? 50;
    const rows = await audit.list(
      scope,
      {
        actorId: query.actorId,
        action: query.action,
        targetType: query.targetType,
        targetId: query.targetId,
        jurisdictionPrefix,
        from,
        to,
        beforeId: query.before,
      },
      limit,
    );
    return {
      items: rows.map(presentAuditRecord),
      nextBefore: rows.length === limit ? rows[rows.length - 1]!.id : null,
    };
  });
}
