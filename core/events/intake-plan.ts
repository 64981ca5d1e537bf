/**
 * 受理计划: what a report becomes — the event row's fields, its first assignments (自动分拨), the
 * `report` and `dispatch` history records, the clocks it starts with and who is told — and the
 * checks of a report's own fields (the idempotency key, the ID number, the point, the report
 * time). Pure: the server finds the category, locates the point in its grid index, loads the
 * responsible people, passes the time in, and stores the plan in one transaction
 * (server/events/event-intake.service.ts).
 */
import { fail } from '../errors.js';
import { clocksOnDispatch, type ClockPlan, type ClockSettings } from '../deadlines/clocks.js';
import { initialTier, type Tier } from '../deadlines/tiers.js';
import { lightAt, worstLight, type Light } from '../deadlines/traffic-light.js';
import { gcj02ToWgs84 } from '../geo/coord-transform.js';
import {
  assertDivisionCode,
  parentCodeOf,
  placementOf,
  type JurisdictionLevel,
  type Placement,
} from '../organisation/division-code.js';
import { idNumberProblem } from '../personal-data/id-number.js';
import { isDuty } from '../access/roles.js';
import type { AssignmentToMake } from './actions/action-plan.js';
import type { BoundPerson } from './actions/dispatching.js';
import {
  DISPATCH_REASON_ZH,
  planDispatch,
  type Binding,
  type DispatchReason,
  type PlannedAssignment,
} from './dispatch-plan.js';
import type { Channel, RiskLevel } from './event-catalog.js';
import { decideTransition, NO_RELATION, statusKind, type EventStatus, type StatusKind } from './event-workflow.js';
import { assignmentTier, supervisingCentreFor } from './holding.js';
import { chinaDateOf } from '../time/china-time.js';

/** An idempotency key: 8–128 letters, digits or _ . : - */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

/** The report's own fields the plan reads. */
export interface IntakeRequest {
  channel: Channel;
  riskLevel?: RiskLevel;
  highRisk?: boolean;
  title?: string;
  description: string;
  location?: { lng: number; lat: number; crs?: 'wgs84' | 'gcj02' };
  address?: string;
  reporterName?: string;
  /** 匿名反映: the handling side sees no name, phone or ID number of the reporter. */
  anonymous?: boolean;
  attachmentIds?: string[];
}

/** The signed-in reporter, if any. */
export interface IntakeReporter {
  id: number;
  name: string;
  role: string;
}

/** Where the report is placed: the smallest jurisdiction containing its point, or the one named. */
export type ReportPlace = { code: string; level: JurisdictionLevel } | null;

export function checkIdempotencyKey(key: string | undefined): void {
  if (key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(key)) {
    fail('IDEMPOTENCY_KEY_INVALID', 'the idempotency key must be 8–128 letters, digits or _ . : -');
  }
}

/** 公民身份号码, when given: valid by GB 11643 on today's date in China. */
export function checkReporterIdNumber(idNumber: string | undefined, now: Date): void {
  if (idNumber === undefined) return;
  const problem = idNumberProblem(idNumber, chinaDateOf(now));
  if (problem) fail('ID_NUMBER_INVALID', `reporterIdNumber is not a valid ID number (${problem.replace('_', ' ')})`);
}

/** The report's point in WGS-84 (converted from GCJ-02 when flagged), or COORDINATES_INVALID. */
export function reportPoint(location: IntakeRequest['location']): { lng: number; lat: number } | null {
  if (!location) return null;
  const { lng, lat } = location;
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || lng < -180 || lng > 180 || lat < -90 || lat > 90) {
    fail('COORDINATES_INVALID', 'location must be finite WGS-84 (or GCJ-02) degrees: lng −180…180, lat −90…90');
  }
  const [wlng, wlat] = location.crs === 'gcj02' ? gcj02ToWgs84(lng, lat) : [lng, lat];
  return { lng: wlng, lat: wlat };
}

/** When the report was made: now, or the time given — not in the future (5 minutes' grace), not before 2000. */
export function reportedAtOf(text: string | undefined, now: Date): Date {
  if (!text) return now;
  const reportedAt = new Date(text);
  if (Number.isNaN(reportedAt.getTime())) fail('VALIDATION_FAILED', 'reportedAt is not a date');
  if (reportedAt.getTime() > now.getTime() + 5 * 60_000) fail('VALIDATION_FAILED', 'reportedAt is in the future');
  if (reportedAt.getUTCFullYear() < 2000) fail('VALIDATION_FAILED', 'reportedAt is before 2000');
  return reportedAt;
}

/** Whose bindings dispatch reads: a grid's and its village's, or the one jurisdiction's. */
export function bindingLookup(place: ReportPlace): string[] {
  if (!place) return [];
  return place.level === 'grid' ? [place.code, parentCodeOf(place.code)!] : [place.code];
}

export interface IntakeFacts {
  request: IntakeRequest;
  reporter: IntakeReporter | null;
  category: { code: string; event_type: string; name_zh: string };
  point: { lng: number; lat: number } | null;
  place: ReportPlace;
  /** The reporter named the place (no usable point). */
  named: boolean;
  countyCode: string;
  bindings: readonly BoundPerson[];
  settings: ClockSettings;
  reportedAt: Date;
  now: Date;
}

/** The event row's fields a report decides (the server adds sealed personal data, keys and the tracking token). */
export interface IntakeEventFields extends Placement {
  channel: Channel;
  event_type: string;
  category_code: string;
  risk_level: RiskLevel;
  high_risk: boolean;
  title: string;
  description: string;
  lng: number | null;
  lat: number | null;
  address: string | null;
  reporter_id: number | null;
  reporter_name: string | null;
  reporter_anonymous: boolean;
  status: EventStatus;
  status_kind: StatusKind;
  jurisdiction_code: string;
  dispatch_reason: DispatchReason;
  tier: Tier;
  supervisor_code: string;
  light: Light;
  reported_at: Date;
  created_at: Date;
  updated_at: Date;
}

/** A history record of the intake (上报, then 分拨 by the platform). */
export interface IntakeHistoryRecord {
  action: 'report' | 'dispatch';
  from: EventStatus | null;
  to: EventStatus;
  actorId: number | null;
  actorRole: string;
  note: string | null;
  data: Record<string, unknown>;
  attachmentIds?: string[];
}

export interface IntakePlan {
  event: IntakeEventFields;
  assignments: AssignmentToMake[];
  /** The people and centres told of the new event (event.assigned): the dispatch's assignees. */
  noticeTargets: PlannedAssignment[];
  history: [IntakeHistoryRecord, IntakeHistoryRecord];
  clocks: ClockPlan;
  /** Uploads to link to the event (each once). */
  attachmentIds: string[];
}

function historyOf(facts: IntakeFacts, plan: ReturnType<typeof planDispatch>, status: EventStatus, ids: string[]) {
  const { request, reporter, point } = facts;
  const report: IntakeHistoryRecord = {
    action: 'report',
    from: null,
    to: 'reported',
    actorId: reporter?.id ?? null,
    actorRole: reporter?.role ?? 'citizen',
    note: null,
    data: { channel: request.channel, location: point, crs: request.location?.crs ?? 'wgs84' },
    attachmentIds: ids,
  };
  const dispatch: IntakeHistoryRecord = {
    action: 'dispatch',
    from: 'reported',
    to: status,
    actorId: null,
    actorRole: 'system',
    note: DISPATCH_REASON_ZH[plan.reason],
    data: { reason: plan.reason, jurisdictionCode: plan.jurisdictionCode, assignments: plan.assignments },
  };
  return [report, dispatch] as [IntakeHistoryRecord, IntakeHistoryRecord];
}

/**
 * 受理+分拨: the event dispatched by the platform to the grid's owners and the village's "3+N"
 * team, or the right centre with the reason; its tier, supervising centre, clocks and light.
 */
export function planIntake(facts: IntakeFacts): IntakePlan {
  const { request, reporter, category, point, place, now } = facts;
  const bindings: Binding[] = facts.bindings
    .filter((b) => isDuty(b.duty))
    .map((b) => ({ personId: b.personId, jurisdictionCode: b.jurisdictionCode, duty: b.duty as Binding['duty'] }));
  const plan = planDispatch(
    place,
    facts.countyCode,
    (code) => bindings.filter((b) => b.jurisdictionCode === code),
    facts.named,
  );
  const placement = placementOf(plan.jurisdictionCode);
  const tier = initialTier(
    assertDivisionCode(plan.jurisdictionCode),
    plan.assignments.every((a) => a.centreCode !== undefined),
  );
  const status = decideTransition('dispatch', 'reported', { kind: 'system' }, NO_RELATION);
  const riskLevel = request.riskLevel ?? 'blue';
  // a stored rule the engine cannot count falls back to the default: it never stops a report
  const clocks = clocksOnDispatch(facts.settings, { eventType: category.event_type, riskLevel }, tier, now, true);
  const address = request.address?.trim() || null;
  const title = (request.title?.trim() || `${category.name_zh}${address ? ` · ${address}` : ''}`).slice(0, 100);
  const attachmentIds = [...new Set(request.attachmentIds ?? [])];
  const event: IntakeEventFields = {
    channel: request.channel,
    event_type: category.event_type,
    category_code: category.code,
    risk_level: riskLevel,
    high_risk: request.highRisk ?? false,
    title,
    description: request.description.trim(),
    lng: point?.lng ?? null,
    lat: point?.lat ?? null,
    address,
    reporter_id: reporter?.id ?? null,
    reporter_name: request.reporterName?.trim() || reporter?.name || null,
    reporter_anonymous: request.anonymous ?? false,
    status,
    status_kind: statusKind(status),
    jurisdiction_code: plan.jurisdictionCode,
    ...placement,
    dispatch_reason: plan.reason,
    tier,
    supervisor_code: supervisingCentreFor(tier, { ...placement, jurisdiction_code: plan.jurisdictionCode }, null),
    light: worstLight(clocks.clocks.map((c) => lightAt(now, c.warnAt, c.dueAt))),
    reported_at: facts.reportedAt,
    created_at: now,
    updated_at: now,
  };
  return {
    event,
    assignments: plan.assignments.map((a) => ({ ...a, tier: assignmentTier(a, tier) })),
    noticeTargets: plan.assignments,
    history: historyOf(facts, plan, status, attachmentIds),
    clocks,
    attachmentIds,
  };
}
