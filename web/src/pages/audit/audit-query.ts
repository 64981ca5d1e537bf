/**
 * The audit page's filters live in the address (/audit?action=POST%20/api/events/*&from=2026-11-01),
 * as the event desk's do (events/desk-query.ts): a view can be bookmarked and shared and survives a
 * reload. The names are GET /api/audit's own; `from`/`to` also take a China-time day (YYYY-MM-DD).
 * Paging is not in the address: the trail is paged by id (`before`), "load more" appends.
 *
 * Reading is forgiving: a value the API would refuse is dropped.
 */
import type { AuditQuery } from '../../api/audit';
import { isDivisionCode } from '../../domain';
import { dayOrInstant, instantOf } from '../../lib/time';

export interface AuditFilters {
  action?: string;
  targetType?: string;
  targetId?: string;
  /** An actor jurisdiction (12 or 15 digits): its subtree. */
  jurisdiction?: string;
  actorId?: number;
  /** A China-time day or an instant. */
  from?: string;
  to?: string;
}

export const AUDIT_PAGE_SIZE = 50;

function text(params: URLSearchParams, key: string, max: number): string | undefined {
  const v = params.get(key)?.trim();
  return v ? v.slice(0, max) : undefined;
}

export function parseAuditSearch(params: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  filters.action = text(params, 'action', 200);
  filters.targetType = text(params, 'targetType', 64);
  filters.targetId = text(params, 'targetId', 64);
  const jurisdiction = params.get('jurisdiction')?.trim();
  if (jurisdiction && isDivisionCode(jurisdiction)) filters.jurisdiction = jurisdiction;
  const actorId = Number(params.get('actorId'));
  if (params.get('actorId') && Number.isInteger(actorId) && actorId >= 1 && actorId <= 2_147_483_647)
    filters.actorId = actorId;
  filters.from = dayOrInstant(params.get('from'));
  filters.to = dayOrInstant(params.get('to'));
  for (const key of Object.keys(filters) as (keyof AuditFilters)[]) if (filters[key] === undefined) delete filters[key];
  return filters;
}

/** The address's query for the filters (empty ones left out), in a fixed order. */
export function auditSearchOf(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['action', 'targetType', 'targetId', 'jurisdiction', 'actorId', 'from', 'to'] as const) {
    const v = filters[key];
    if (v !== undefined && String(v).trim() !== '') params.set(key, String(v).trim());
  }
  return params;
}

/** GET /api/audit's query for the filters and, from the second page on, the id to continue before. */
export function auditQueryOf(filters: AuditFilters, before?: number): AuditQuery {
  const query: AuditQuery = { limit: AUDIT_PAGE_SIZE };
  if (filters.action) query.action = filters.action;
  if (filters.targetType) query.targetType = filters.targetType;
  if (filters.targetId) query.targetId = filters.targetId;
  if (filters.jurisdiction) query.jurisdiction = filters.jurisdiction;
  if (filters.actorId) query.actorId = filters.actorId;
  if (filters.from) query.from = instantOf(filters.from, 'start');
  if (filters.to) query.to = instantOf(filters.to, 'end');
  if (before) query.before = before;
  return query;
}
