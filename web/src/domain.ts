/**
 * What the web app takes from the pure domain core (core/ imports nothing of Node, HTTP or the
 * database, so it runs in the browser as it is): the KPI definitions and the roles. Names shown
 * to people still come from the message catalogue. Also the division codes' arithmetic (the town
 * or county of a code).
 */
export { KPI_DEFINITIONS, KPI_BY_KEY, type KpiDefinition } from '../../core/analytics/kpi-formulas';
export { ROLES } from '../../core/access/roles';
export { countyOf, townOf } from '../../core/organisation/division-code';

import { KPI_BY_KEY } from '../../core/analytics/kpi-formulas';

/** Whether a rise in this KPI is good news (more resolved) or bad (more overdue). */
export function higherIsBetter(kpi: string): boolean {
  return KPI_BY_KEY.get(kpi)?.higherIsBetter ?? true;
}
