/**
 * What the web app takes from the pure domain core (core/ imports nothing of Node, HTTP or the
 * database, so it runs in the browser as it is): the KPI definitions and the roles. Names shown
 * to people still come from the message catalogue. Also the division codes' arithmetic (the town
 * or county of a code, whether a text is one) and the kinds of an event's state.
 */
import { KPI_BY_KEY } from '../../core/analytics/kpi-formulas';
import type { StatusKind } from '../../core/events/event-workflow';

export { KPI_DEFINITIONS, KPI_BY_KEY, type KpiDefinition } from '../../core/analytics/kpi-formulas';
export { ROLES } from '../../core/access/roles';
export { countyOf, isDivisionCode, townOf } from '../../core/organisation/division-code';
export type { StatusKind };

/** The kinds of an event's state (办理状态: open, resolved, closed), in the order filters offer them. */
export const STATUS_KINDS = ['open', 'resolved', 'closed'] as const satisfies readonly StatusKind[];

/** Whether a rise in this KPI is good news (more resolved) or bad (more overdue). */
export function higherIsBetter(kpi: string): boolean {
  return KPI_BY_KEY.get(kpi)?.higherIsBetter ?? true;
}
