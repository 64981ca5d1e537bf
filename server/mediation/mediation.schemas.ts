/** Request schemas for the mediation routes (TypeBox → JSON Schema: validation and documentation). */
import { Type } from 'typebox';
import {
  MEDIATION_OUTCOMES,
  MEDIATION_TYPES,
  PLAN_STATUSES,
  TASK_STATUSES,
} from '../../core/mediation/mediation-catalog.js';
import { MAX_PLAN_STEPS } from '../../core/mediation/resolution-plan.js';
import { MAX_SPECIALTIES } from '../../core/mediation/mediation-access.js';
import { CalendarDateTime, Text } from '../http/schema-primitives.js';

const literalUnion = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Id = () => Type.Integer({ minimum: 1, maximum: 2147483647 });
const Code = Type.String({ pattern: '^[0-9]{12}([0-9]{3})?$' });
/** Due dates and deadlines: the one client range (whether they must also lie ahead is the service's rule). */
const DateTime = CalendarDateTime;

export const EventIdParams = Type.Object({ id: Id() });
export const TaskIdParams = Type.Object({ id: Id() });
export const VillageParams = Type.Object({ code: Type.String({ pattern: '^[0-9]{12}$' }) });
export const MemberParams = Type.Object({ code: Type.String({ pattern: '^[0-9]{12}$' }), personId: Id() });

const PlanStep = Type.Object(
  {
    text: Text(500, 1),
    dueAt: Type.Optional(Type.Union([DateTime, Type.Null()])),
    done: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const PlanBody = Type.Object(
  {
    responsibleDepartmentId: Type.Optional(Id()),
    responsibleJurisdictionCode: Type.Optional(Code),
    responsiblePersonId: Id(),
    steps: Type.Array(PlanStep, { minItems: 1, maxItems: MAX_PLAN_STEPS }),
    deadline: DateTime,
    mediationType: literalUnion(MEDIATION_TYPES),
    status: Type.Optional(literalUnion(PLAN_STATUSES)),
    summary: Type.Optional(Text(2000)),
    note: Type.Optional(Text(500)),
    version: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })),
  },
  { additionalProperties: false },
);

const Specialties = Type.Array(Text(20, 1), { maxItems: MAX_SPECIALTIES });

export const PoolQuery = Type.Object({ active: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

export const AddMemberBody = Type.Object({ personId: Id(), specialties: Specialties }, { additionalProperties: false });

export const PatchMemberBody = Type.Object(
  { specialties: Type.Optional(Specialties), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

export const DispatchBody = Type.Object(
  {
    memberId: Id(),
    mediationType: Type.Optional(literalUnion(MEDIATION_TYPES)),
    note: Type.Optional(Text(2000)),
  },
  { additionalProperties: false },
);

export const TaskListQuery = Type.Object(
  {
    mine: Type.Optional(Type.Boolean()),
    status: Type.Optional(Type.Array(literalUnion(TASK_STATUSES), { maxItems: TASK_STATUSES.length })),
    eventId: Type.Optional(Id()),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

export const NoteBody = Type.Object({ note: Text(2000, 1) }, { additionalProperties: false });

export const AcceptBody = Type.Object({ note: Type.Optional(Text(2000)) }, { additionalProperties: false });

export const ResultBody = Type.Object(
  {
    outcome: literalUnion(MEDIATION_OUTCOMES),
    agreement: Text(5000, 1),
    note: Type.Optional(Text(2000)),
    attachmentIds: Type.Optional(Type.Array(Text(64, 1), { maxItems: 9 })),
  },
  { additionalProperties: false },
);
