/** How events look over HTTP: camelCase, names beside codes, Chinese labels for the UI. */
import type { EventRow } from '../db/schema.js';
import type { AssignmentView } from './event.repository.js';
import { STATUS_DEFINITIONS, type EventStatus } from '../../core/events/event-workflow.js';
import {
  CHANNEL_NAMES_ZH,
  EVENT_TYPE_NAMES_ZH,
  RISK_LEVEL_NAMES_ZH,
  type Channel,
  type EventType,
  type RiskLevel,
} from '../../core/events/event-catalog.js';
import { DISPATCH_REASON_ZH, type DispatchReason } from '../../core/events/dispatch-plan.js';
import { isTier, TIER_NAMES_ZH } from '../../core/deadlines/tiers.js';
import {
  PUBLIC_EVENT_FIELDS,
  pickFields,
  type EventView,
  type PublicEventField,
} from '../../core/events/event-view.js';

/** The fields of an event (summary or whole) a citizen is sent of their own report. */
export type PublicPart<T> = Pick<T, Extract<PublicEventField, keyof T>>;

/** An event (summary or whole) as a viewer is sent it: a citizen on their own report gets the public fields only. */
export function shapeEventFor<T extends object>(view: Pick<EventView, 'audience'>, event: T): T | PublicPart<T> {
  // pickFields keeps every listed field the event has: all of PublicPart<T>'s
  return view.audience === 'public' ? (pickFields(event, PUBLIC_EVENT_FIELDS) as PublicPart<T>) : event;
}

const label = <T extends string>(names: Record<T, string>, value: string) =>
  (names as Record<string, string>)[value] ?? value;

export function presentEventSummary(e: {
  id: number;
  serial_no: string;
  title: string;
  channel: string;
  event_type: string;
  category_code: string;
  category_name?: string | null;
  risk_level: string;
  high_risk: boolean;
  status: string;
  status_kind: string;
  jurisdiction_code: string;
  jurisdiction_name?: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  reported_at: Date;
  updated_at: Date;
  version: number;
  tier?: string;
  light?: string;
  suspended_at?: Date | null;
}) {
  return {
    id: e.id,
    serialNo: e.serial_no,
    title: e.title,
    channel: e.channel,
    channelName: label<Channel>(CHANNEL_NAMES_ZH, e.channel),
    eventType: e.event_type,
    eventTypeName: label<EventType>(EVENT_TYPE_NAMES_ZH, e.event_type),
    categoryCode: e.category_code,
    categoryName: e.category_name ?? null,
    riskLevel: e.risk_level,
    riskLevelName: label<RiskLevel>(RISK_LEVEL_NAMES_ZH, e.risk_level),
    highRisk: e.high_risk,
    status: e.status,
    statusName: STATUS_DEFINITIONS[e.status as EventStatus]?.zh ?? e.status,
    statusKind: e.status_kind,
    jurisdictionCode: e.jurisdiction_code,
    jurisdictionName: e.jurisdiction_name ?? null,
    address: e.address,
    location: e.lng === null || e.lat === null ? null : { lng: e.lng, lat: e.lat },
    reportedAt: e.reported_at.toISOString(),
    updatedAt: e.updated_at.toISOString(),
    version: e.version,
    tier: e.tier ?? null,
    tierName: e.tier && isTier(e.tier) ? TIER_NAMES_ZH[e.tier] : null,
    light: e.light ?? null,
    suspended: e.suspended_at ? true : false,
  };
}

/** The reporter's identity as a viewer sees it: masked; none at all on an anonymous report unless the viewer reported it. */
export function presentReporter(
  e: Pick<EventRow, 'reporter_name' | 'reporter_phone_masked' | 'reporter_id_number_masked' | 'reporter_anonymous'>,
  asReporter: boolean,
) {
  const hidden = e.reporter_anonymous && !asReporter;
  return {
    reporterName: hidden ? null : e.reporter_name,
    reporterPhone: hidden ? null : e.reporter_phone_masked,
    reporterIdNumber: hidden ? null : e.reporter_id_number_masked,
    reporterAnonymous: e.reporter_anonymous,
  };
}

export function presentEvent(
  e: EventRow,
  extra: { categoryName?: string | null; jurisdictionName?: string | null; asReporter?: boolean } = {},
) {
  return {
    ...presentEventSummary({ ...e, category_name: extra.categoryName, jurisdiction_name: extra.jurisdictionName }),
    description: e.description,
    countyCode: e.county_code,
    townCode: e.town_code,
    villageCode: e.village_code,
    gridCode: e.grid_code,
    dispatchReason: e.dispatch_reason,
    dispatchReasonName: e.dispatch_reason
      ? (DISPATCH_REASON_ZH[e.dispatch_reason as DispatchReason] ?? e.dispatch_reason)
      : null,
    // personal data masked (138****5678, 110101********1234); an anonymous report shows no identity
    // to anyone but its reporter (presentReporter); clear values only by an audited unmasking
    ...presentReporter(e, extra.asReporter ?? false),
    mergedIntoId: e.merged_into_id,
    resolvedAt: e.resolved_at?.toISOString() ?? null,
    closedAt: e.closed_at?.toISOString() ?? null,
    createdAt: e.created_at.toISOString(),
    acceptedAt: e.accepted_at?.toISOString() ?? null,
    resolvedTier: e.resolved_tier,
    suspendedAt: e.suspended_at?.toISOString() ?? null,
    supervisedAt: e.supervised_at?.toISOString() ?? null,
    counts: {
      urge: e.urge_count,
      escalation: e.escalation_count,
      extension: e.extension_count,
      return: e.return_count,
      rework: e.rework_count,
    },
  };
}

export function presentClock(c: {
  id: number;
  step: string;
  tier: string;
  started_at: Date;
  warn_at: Date;
  due_at: Date;
  amount: number | null;
  unit: string | null;
  light: string;
  paused_at: Date | null;
  completed_at: Date | null;
  outcome: string | null;
  fallback?: unknown;
}) {
  return {
    id: c.id,
    step: c.step,
    tier: c.tier,
    startedAt: c.started_at.toISOString(),
    warnAt: c.warn_at.toISOString(),
    dueAt: c.due_at.toISOString(),
    limit: c.amount === null ? null : { amount: c.amount, unit: c.unit },
    light: c.light,
    paused: c.paused_at !== null,
    completedAt: c.completed_at?.toISOString() ?? null,
    outcome: c.outcome,
    // counted by a built-in default because its stored setting could not be (ClockFallback): which, why, what instead
    fallback: c.fallback ?? null,
  };
}

/** An assignment as a viewer sees it: the person's phone only for those who may call them (core/events/event-view.ts). */
export function presentAssignment(a: AssignmentView, view: Pick<EventView, 'contacts'>) {
  return {
    id: a.id,
    person: a.person_id
      ? {
          id: a.person_id,
          name: a.person_name,
          role: a.person_role,
          ...(view.contacts ? { phone: a.person_phone } : {}),
        }
      : null,
    department: a.department_id ? { id: a.department_id, name: a.department_name } : null,
    centre: a.centre_code ? { code: a.centre_code, name: a.centre_name } : null,
    assignmentRole: a.assignment_role,
    duty: a.duty,
    tier: a.tier,
    active: a.active,
    assignedAt: a.assigned_at.toISOString(),
    endedAt: a.ended_at?.toISOString() ?? null,
  };
}

/** 办理进度: the steps an event went through (a change of state each), as a citizen sees them — no names, no notes. */
export function publicSteps(history: readonly { from_status: string | null; to_status: string; at: Date }[]) {
  return history
    .filter((h) => h.from_status !== h.to_status)
    .map((h) => ({
      status: h.to_status,
      statusName: STATUS_DEFINITIONS[h.to_status as EventStatus]?.zh ?? h.to_status,
      at: h.at.toISOString(),
    }));
}
