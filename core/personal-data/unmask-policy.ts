/**
 * 查看完整信息 (unmasking): who may read a reporter's clear name, phone and ID number. Least
 * privilege: those who must call the reporter back — the event's active handlers (not as mediator)
 * and the supervisors whose jurisdiction holds it (centre operators, leaders). Citizens never (a
 * reporter sees their own on the event). An anonymous report (匿名反映) only by the county command
 * centre, where the law requires it. Every unmasking is audited by the route.
 */
import type { CurrentUser } from '../access/current-user.js';

export type UnmaskDecision = 'allowed' | 'FORBIDDEN' | 'REPORTER_ANONYMOUS';

export function unmaskDecision(
  user: Pick<CurrentUser, 'role' | 'jurisdictionLevel'>,
  relation: { isAssignee: boolean; inScope: boolean },
  anonymous: boolean,
): UnmaskDecision {
  if (user.role === 'citizen' || user.role === 'mediator') return 'FORBIDDEN';
  if (!relation.isAssignee && !relation.inScope) return 'FORBIDDEN';
  if (anonymous && !(user.role === 'county_operator' && relation.inScope)) return 'REPORTER_ANONYMOUS';
  return 'allowed';
}
