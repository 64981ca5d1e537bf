/** 提级: load the village's "3+N" team when the event goes to the village, and whether a resolve clock runs; plan; apply. */
import { escalationTier, needsVillageTeam, planEscalate } from '../../../core/events/actions/escalation.js';
import { OrganisationRepository } from '../../organisation/organisation.repository.js';
import { applyActionPlan, type ActionHandler } from './apply-plan.js';
import { boundPeople, resolveRunning } from './dispatching.js';

/** 提级 */
export const escalateEvent: ActionHandler = async (db, run) => {
  const up = escalationTier(run);
  const team = needsVillageTeam(run.event, up)
    ? boundPeople(await new OrganisationRepository(db).bindingsOf([run.event.village_code!]))
    : [];
  return applyActionPlan(db, run, planEscalate(run, up, team, await resolveRunning(db, run.event.id)));
};
