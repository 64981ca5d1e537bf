/**
 * Who reads the audit trail (审计日志) and how much of it. The county command centre (县指挥中心)
 * and leaders (县级领导) read it; everyone else is refused. A reader sees the records of actors
 * within their jurisdiction's subtree; the records without an actor jurisdiction (anonymous public
 * calls, failed sign-ins, the system) only a county-level reader sees, since no town owns them.
 */
import type { CurrentUser } from '../access/current-user.js';
import type { Role } from '../access/roles.js';
import { isWithin, subtreePrefix } from '../organisation/division-code.js';

export const AUDIT_READER_ROLES: readonly Role[] = ['county_operator', 'leader'];

export interface AuditReadScope {
  /** Records whose actor's jurisdiction starts with this prefix. */
  jurisdictionPrefix: string;
  /** Also the records with no actor jurisdiction (anonymous, unknown username, system). */
  includeUnplaced: boolean;
}

/** The part of the trail the user may read, or null when they may read none of it. */
export function auditReadScope(user: CurrentUser): AuditReadScope | null {
  if (!AUDIT_READER_ROLES.includes(user.role)) return null;
  return {
    jurisdictionPrefix: subtreePrefix(user.jurisdictionCode, user.jurisdictionLevel),
    includeUnplaced: user.jurisdictionLevel === 'county',
  };
}

/** Whether a filter on an actor jurisdiction stays within what the user may read. */
export function mayReadAuditOf(user: CurrentUser, jurisdictionCode: string): boolean {
  return auditReadScope(user) !== null && isWithin(jurisdictionCode, user.jurisdictionCode);
}
