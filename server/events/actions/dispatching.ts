/**
 * 分拨, 重新分拨, 改派, 追加指派: load the people, departments or the jurisdiction's responsible
 * people the body names, and whether a resolve clock runs; plan (core/events/actions/dispatching.ts);
 * apply.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.js';
import {
  assignQuery,
  assigneeQuery,
  chooseAssignees,
  dispatchingUser,
  planAssign,
  planDispatching,
  type AssigneeQuery,
  type BoundPerson,
  type FoundAssignees,
} from '../../../core/events/actions/dispatching.js';
import { OrganisationRepository } from '../../organisation/organisation.repository.js';
import { DeadlineRepository } from '../../deadlines/deadline.repository.js';
import { applyActionPlan, type ActionHandler } from './apply-plan.js';

/** The people bound to jurisdictions, as the plans read them. */
export function boundPeople(
  rows: readonly { person_id: number; jurisdiction_code: string; duty: string }[],
): BoundPerson[] {
  return rows.map((b) => ({ personId: b.person_id, jurisdictionCode: b.jurisdiction_code, duty: b.duty }));
}

async function findAssignees(db: Kysely<Schema>, query: AssigneeQuery): Promise<FoundAssignees> {
  const org = new OrganisationRepository(db);
  if (query.kind === 'named') {
    const people = await org.findPeople([...new Set(query.personIds)]);
    const departments = await org.findDepartments([...new Set(query.departmentIds)]);
    return { kind: 'named', people, departmentIds: departments.map((d) => d.id) };
  }
  const jurisdiction = await org.findJurisdiction(query.code);
  const bindings = jurisdiction ? boundPeople(await org.bindingsOf(query.lookup)) : [];
  return { kind: 'jurisdiction', exists: jurisdiction !== undefined, bindings };
}

/** Whether a resolve clock runs (a new holder keeps it; a new tier restarts it on its own limit). */
export async function resolveRunning(db: Kysely<Schema>, eventId: number): Promise<boolean> {
  return (await new DeadlineRepository(db).openClocks(eventId)).some((c) => c.step === 'resolve');
}

/** 分拨 / 重新分拨 / 改派 */
export const dispatchEvent: ActionHandler = async (db, run) => {
  const user = dispatchingUser(run);
  const query = assigneeQuery(user, run.input);
  const chosen = chooseAssignees(user, run.event, query, await findAssignees(db, query));
  return applyActionPlan(db, run, planDispatching(run, chosen, await resolveRunning(db, run.event.id)));
};

/** 追加指派 (吹哨报到) */
export const assignEvent: ActionHandler = async (db, run) => {
  const query = assignQuery(run);
  const chosen = chooseAssignees(run.user!, run.event, query, await findAssignees(db, query));
  return applyActionPlan(db, run, planAssign(run, chosen, await resolveRunning(db, run.event.id)));
};
