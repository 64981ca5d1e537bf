/** How plans, pool members and tasks look over HTTP: camelCase, names beside ids, Chinese labels. */
import { ROLE_NAMES_ZH, isRole } from '../../core/access/roles.js';
import { STATUS_DEFINITIONS, type EventStatus } from '../../core/events/event-workflow.js';
import {
  mediationTypeName,
  outcomeName,
  planStatusName,
  taskStatusName,
} from '../../core/mediation/mediation-catalog.js';
import type { TaskAction } from '../../core/mediation/mediation-task.js';
import type { PlanView } from './mediation.service.js';
import type { MediationRepository } from './mediation.repository.js';

type PlanRowView = PlanView['plan'];
type VersionRowView = PlanView['versions'][number];
type TaskView = NonNullable<Awaited<ReturnType<MediationRepository['taskView']>>>;
type MemberView = Awaited<ReturnType<MediationRepository['poolMembers']>>[number];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function planContent(p: PlanRowView | VersionRowView) {
  return {
    version: p.version,
    status: p.status,
    statusName: planStatusName(p.status),
    mediationType: p.mediation_type,
    mediationTypeName: mediationTypeName(p.mediation_type),
    responsibleUnit:
      p.responsible_department_id !== null
        ? { kind: 'department' as const, departmentId: p.responsible_department_id, name: p.department_name }
        : {
            kind: 'jurisdiction' as const,
            jurisdictionCode: p.responsible_jurisdiction_code,
            name: p.jurisdiction_name,
          },
    responsiblePerson: { id: p.responsible_person_id, name: p.responsible_person_name },
    summary: p.summary,
    steps: p.steps,
    deadline: p.deadline.toISOString(),
  };
}

/** Whose phones a viewer is sent: the people doing the work, to those who may call them (core/events/event-view.ts); one's own. */
export interface PhoneView {
  contacts: boolean;
  viewerId: number;
}

const phoneFor = (view: PhoneView, personId: number, phone: string | null) =>
  view.contacts || view.viewerId === personId ? { phone } : {};

export function presentPlan(p: PlanRowView, view: PhoneView) {
  return {
    id: p.id,
    eventId: p.event_id,
    ...planContent(p),
    responsiblePerson: {
      id: p.responsible_person_id,
      name: p.responsible_person_name,
      ...phoneFor(view, p.responsible_person_id, p.responsible_person_phone),
    },
    createdBy: { id: p.created_by, name: p.created_by_name },
    createdAt: p.created_at.toISOString(),
    updatedBy: { id: p.updated_by, name: p.updated_by_name },
    updatedAt: p.updated_at.toISOString(),
  };
}

export function presentPlanVersion(v: VersionRowView) {
  return {
    ...planContent(v),
    changeNote: v.change_note,
    editedBy: { id: v.edited_by, name: v.edited_by_name },
    editedAt: v.edited_at.toISOString(),
  };
}

export function presentPoolMember(m: MemberView) {
  return {
    personId: m.person_id,
    villageCode: m.village_code,
    name: m.name,
    role: m.role,
    roleName: isRole(m.role) ? ROLE_NAMES_ZH[m.role] : m.role,
    phone: m.phone,
    jurisdictionCode: m.jurisdiction_code,
    jurisdictionName: m.jurisdiction_name,
    specialties: m.specialties,
    active: m.active,
    personActive: m.person_active,
    openTasks: Number(m.open_tasks ?? 0),
    completedTasks: Number(m.completed_tasks ?? 0),
    addedAt: m.added_at.toISOString(),
    updatedAt: m.updated_at.toISOString(),
  };
}

export function presentTask(t: TaskView, view: PhoneView, actions?: TaskAction[]) {
  return {
    id: t.id,
    event: {
      id: t.event_id,
      serialNo: t.event_serial_no,
      title: t.event_title,
      eventType: t.event_type,
      status: t.event_status,
      statusName: STATUS_DEFINITIONS[t.event_status as EventStatus]?.zh ?? t.event_status,
      riskLevel: t.event_risk_level,
      address: t.event_address,
    },
    village: { code: t.village_code, name: t.village_name },
    member: { id: t.member_id, name: t.member_name, ...phoneFor(view, t.member_id, t.member_phone) },
    assignedBy: { id: t.assigned_by, name: t.assigned_by_name },
    status: t.status,
    statusName: taskStatusName(t.status),
    mediationType: t.mediation_type,
    mediationTypeName: mediationTypeName(t.mediation_type),
    note: t.note,
    closingNote: t.closing_note,
    outcome: t.outcome,
    outcomeName: outcomeName(t.outcome),
    agreement: t.agreement,
    attachmentIds: t.attachment_ids,
    assignedAt: t.assigned_at.toISOString(),
    acceptedAt: iso(t.accepted_at),
    finishedAt: iso(t.finished_at),
    finishedBy: t.finished_by ? { id: t.finished_by, name: t.finished_by_name } : null,
    ...(actions ? { availableActions: actions } : {}),
  };
}
