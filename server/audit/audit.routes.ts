/**
 * GET /api/audit: the audit trail (审计日志) for those who may read it — the county command
 * centre and leaders, within their jurisdiction's subtree (core/audit/audit-access.ts) — newest
 * first, filtered by actor, action, target, actor jurisdiction and time, paged by id
 * (`before` = the previous page's `nextBefore`).
 */
import type { AppDeps } from '../app-deps.js';
import { errors, type App } from '../http/contract.js';
import { requireUser } from '../auth/auth.hook.js';
import { fail } from '../../core/errors.js';
import { auditReadScope, mayReadAuditOf } from '../../core/audit/audit-access.js';
import { assertDivisionCode, subtreePrefix } from '../../core/organisation/division-code.js';
import { AuditRepository, type AuditRecordRow } from './audit.repository.js';
import { clientInstant } from '../../core/time/client-dates.js';
import { AuditPage, AuditQuery, type AuditRecord } from './audit.schemas.js';

export function presentAuditRecord(r: AuditRecordRow): AuditRecord {
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

export async function auditRoutes(app: App, deps: AppDeps): Promise<void> {
  const audit = new AuditRepository(deps.db);

  const options = {
    schema: {
      querystring: AuditQuery,
      response: { 200: AuditPage, ...errors('FORBIDDEN', 'OUT_OF_SCOPE', 'JURISDICTION_CODE_INVALID') },
    },
  };
  app.get('/api/audit', options, async (request) => {
    const user = requireUser(request);
    const scope = auditReadScope(user);
    if (!scope) fail('FORBIDDEN', 'only the county command centre and leaders read the audit trail');
    const query = request.query;
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
