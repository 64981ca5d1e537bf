/**
 * The audit trail (审计日志, GET /api/audit): newest first, filtered, paged by id — the next page
 * is asked with `before` = the previous answer's `nextBefore`. Shapes mirror
 * server/audit/audit.routes.ts (presentAuditRecord, AuditQuery).
 */
import { api } from './client';

export interface AuditRecord {
  id: number;
  at: string;
  /** null: anonymous or the system. */
  actor: { id: number | null; name: string | null; role: string | null; jurisdictionCode: string | null } | null;
  /** Method and route, e.g. `POST /api/events/:id/actions/accept`, or `READ …` for a personal-data read. */
  action: string;
  target: { type: string | null; id: string | null } | null;
  clientAddress: string | null;
  status: number;
  errorCode: string | null;
  details: unknown;
  prevHash?: string | null;
  hash?: string | null;
}

export interface AuditQuery {
  actorId?: number;
  /** Exact, or a prefix ending in `*`. */
  action?: string;
  targetType?: string;
  targetId?: string;
  /** An actor jurisdiction code (12 or 15 digits): its subtree. */
  jurisdiction?: string;
  from?: string;
  to?: string;
  before?: number;
  limit?: number;
}

export interface AuditPage {
  items: AuditRecord[];
  nextBefore: number | null;
}

export const auditApi = {
  list: (query: AuditQuery, signal?: AbortSignal) => api.get<AuditPage>('/api/audit', { ...query }, { signal }),
};
