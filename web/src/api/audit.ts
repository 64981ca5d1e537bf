/**
 * The audit trail (审计日志, GET /api/audit): newest first, filtered, paged by id — the next page
 * is asked with `before` = the previous answer's `nextBefore`. The query and the answer are the
 * server's own schemas (server/audit/audit.schemas.ts), imported as types.
 */
import { api } from './client';
import type { AuditPage, AuditQuery } from '../../../server/audit/audit.schemas.js';

export type { AuditPage, AuditQuery, AuditRecord } from '../../../server/audit/audit.schemas.js';

export const auditApi = {
  list: (query: AuditQuery, signal?: AbortSignal) => api.get<AuditPage>('/api/audit', { ...query }, { signal }),
};
