/**
 * 事件受理: intake and auto-dispatch in one transaction. The report is validated, located in its
 * grid, assigned to the grid's owners and the village's "3+N" team (or the right command centre,
 * with the reason), its attachments are linked and every assignee gets a notification through the
 * outbox — all committed together or not at all. A retried submission with the same idempotency
 * key returns the first event.
 */
import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '../../core/canonical-json.js';
import { idNumberProblem } from '../../core/personal-data/id-number.js';
import type { FieldCipher } from '../personal-data/field-cipher.js';
import { sealReporterData } from '../personal-data/reporter-identity.js';
import type { Kysely } from 'kysely';
import type { Schema, EventRow } from '../db/schema.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import { fail } from '../../core/errors.js';
import type { Channel, RiskLevel } from '../../core/events/event-catalog.js';
import { decideTransition, statusKind, NO_RELATION } from '../../core/events/event-workflow.js';
import { planDispatch, DISPATCH_REASON_ZH, type Binding } from '../../core/events/dispatch-plan.js';
import { assignmentTier, supervisingCentreFor } from '../../core/events/holding.js';
import { gcj02ToWgs84 } from '../../core/geo/coord-transform.js';
import { assertDivisionCode, parentCodeOf, placementOf } from '../../core/organisation/division-code.js';
import { isDuty } from '../../core/access/roles.js';
import { EventRepository, type AssignmentView } from './event.repository.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { OutboxRepository } from '../notify/outbox.repository.js';
import { assignmentNotifications } from './event-notifications.js';
import type { GridIndex } from '../geo/grid-index.js';
import type { ClockSettingsProvider } from '../deadlines/clock-settings.js';
import { openPlannedClocks } from '../deadlines/open-clocks.js';
import { clocksOnDispatch } from '../../core/deadlines/clocks.js';
import { initialTier } from '../../core/deadlines/tiers.js';
import { lightAt, worstLight } from '../../core/deadlines/traffic-light.js';

export interface IntakeInput {
  channel: Channel;
  categoryCode: string;
  riskLevel?: RiskLevel;
  highRisk?: boolean;
  title?: string;
  description: string;
  location?: { lng: number; lat: number; crs?: 'wgs84' | 'gcj02' };
  jurisdictionCode?: string;
  address?: string;
  reporterName?: string;
  reporterPhone?: string;
  /** 公民身份号码, checked against GB 11643; stored encrypted. */
  reporterIdNumber?: string;
  /** 匿名反映: the handling side sees no name, phone or ID number of the reporter. */
  anonymous?: boolean;
  attachmentIds?: string[];
  reportedAt?: string;
  idempotencyKey?: string;
}

export interface IntakeDeps {
  db: Kysely<Schema>;
  gridIndex: GridIndex;
  now: () => Date;
  clocks: ClockSettingsProvider;
  /** Encrypts the reporter's phone and ID number. */
  pii?: FieldCipher;
}

export interface IntakeResult {
  event: EventRow;
  created: boolean;
  /** The assignments made, ready to present (only when created). */
  assignments?: AssignmentView[];
  /** The category's name, when it was loaded anyway (only when created). */
  categoryName?: string;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** How far outside the county's boundary a citizen's location may lie (a phone's fix near the county line). */
export const PUBLIC_LOCATION_TOLERANCE_M = 2000;

function uniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === '23505';
}

/**
 * The namespace of a caller's idempotency keys: a signed-in person's own; for a caller without an
 * account, their client address — so one citizen's key can never fetch another's report (and its
 * tracking code). A retry from another address makes a second report, which merging catches.
 */
function idempotencyScope(reporter: CurrentUser | null, clientAddress: string | undefined): string {
  return reporter ? `person:${reporter.id}` : `public:${clientAddress ?? 'unknown'}`;
}

/** The request a key was first sent with, as a SHA-256 of its canonical JSON (the key left out). */
export function intakeFingerprint(input: IntakeInput): string {
  const { idempotencyKey: _key, ...request } = input;
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

/** The first event made with this key, if the request is the same; IDEMPOTENCY_KEY_REUSED if it is not. */
function replayOf(existing: EventRow | undefined, fingerprint: string): IntakeResult | null {
  if (!existing) return null;
  if (existing.idempotency_fingerprint !== null && existing.idempotency_fingerprint !== fingerprint) {
    fail(
      'IDEMPOTENCY_KEY_REUSED',
      'this idempotency key was already used for a different report: send a new key for a new report (a retry must repeat the first request exactly)',
    );
  }
  return { event: existing, created: false };
}

export async function reportEvent(
  deps: IntakeDeps,
  input: IntakeInput,
  reporter: CurrentUser | null,
  clientAddress?: string,
): Promise<IntakeResult> {
  const now = deps.now();
  const scope = idempotencyScope(reporter, clientAddress);
  const key = input.idempotencyKey;
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    fail('IDEMPOTENCY_KEY_INVALID', 'the idempotency key must be 8–128 letters, digits or _ . : -');
  }
  const fingerprint = intakeFingerprint(input);
  const events = new EventRepository(deps.db);
  if (key) {
    const replay = replayOf(await events.findByIdempotencyKey(scope, key), fingerprint);
    if (replay) return replay;
  }

  if (input.reporterIdNumber !== undefined) {
    const problem = idNumberProblem(
      input.reporterIdNumber,
      new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10),
    );
    if (problem) fail('ID_NUMBER_INVALID', `reporterIdNumber is not a valid ID number (${problem.replace('_', ' ')})`);
  }
  if (!deps.pii) throw new Error('reportEvent needs the personal-data cipher');
  const sealed = sealReporterData(deps.pii, input.reporterPhone, input.reporterIdNumber);

  const organisation = new OrganisationRepository(deps.db);
  const category = await organisation.findCategory(input.categoryCode);
  if (!category || !category.active) fail('CATEGORY_UNKNOWN', `no active event category "${input.categoryCode}"`);

  let point: { lng: number; lat: number } | null = null;
  if (input.location) {
    const { lng, lat } = input.location;
    if (!Number.isFinite(lng) || !Number.isFinite(lat) || lng < -180 || lng > 180 || lat < -90 || lat > 90) {
      fail('COORDINATES_INVALID', 'location must be finite WGS-84 (or GCJ-02) degrees: lng −180…180, lat −90…90');
    }
    const [wlng, wlat] = input.location.crs === 'gcj02' ? gcj02ToWgs84(lng, lat) : [lng, lat];
    point = { lng: wlng, lat: wlat };
    // 随手拍: a citizen's point must be in the county (or just over its line); a phone without a fix
    // sends (0, 0). A place they chose instead wins over a point that is nowhere near; staff may still
    // send an outside point, which goes to the county centre with the reason.
    const citizen = reporter === null || reporter.role === 'citizen';
    if (citizen && !(await deps.gridIndex.isWithinReach(point.lng, point.lat, PUBLIC_LOCATION_TOLERANCE_M))) {
      if (!input.jurisdictionCode) {
        fail(
          'LOCATION_OUTSIDE_AREA',
          `the location (${lng}, ${lat}) is not in this county — the phone may have no location fix: turn location on and try again, or choose your town and village instead`,
          { field: 'location' },
        );
      }
      point = null;
    }
  }
  let named: { code: string; level: 'county' | 'town' | 'village' | 'grid' } | null = null;
  if (!point) {
    if (!input.jurisdictionCode) fail('VALIDATION_FAILED', 'give a location or a jurisdictionCode');
    const level = assertDivisionCode(input.jurisdictionCode);
    const exists = await organisation.findJurisdiction(input.jurisdictionCode);
    if (!exists) fail('JURISDICTION_NOT_FOUND', `no jurisdiction ${input.jurisdictionCode}`);
    named = { code: input.jurisdictionCode, level };
  }
  let reportedAt = now;
  if (input.reportedAt) {
    reportedAt = new Date(input.reportedAt);
    if (Number.isNaN(reportedAt.getTime())) fail('VALIDATION_FAILED', 'reportedAt is not a date');
    if (reportedAt.getTime() > now.getTime() + 5 * 60_000) fail('VALIDATION_FAILED', 'reportedAt is in the future');
    if (reportedAt.getUTCFullYear() < 2000) fail('VALIDATION_FAILED', 'reportedAt is before 2000');
  }
  const countyCode = await deps.gridIndex.rootCounty();
  if (!countyCode) fail('JURISDICTION_NOT_FOUND', 'no county is configured yet: import the organisation first');
  const located = point ? await deps.gridIndex.locate(point.lng, point.lat) : named;

  const attachmentIds = [...new Set(input.attachmentIds ?? [])];
  const clockSettings = await deps.clocks.get();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const eventsTx = new EventRepository(trx);
      const orgTx = new OrganisationRepository(trx);
      const outbox = new OutboxRepository(trx);

      const lookup =
        located?.level === 'grid' ? [located.code, parentCodeOf(located.code)!] : located ? [located.code] : [];
      const bound = await orgTx.bindingsOf(lookup);
      const bindings: Binding[] = bound
        .filter((b) => isDuty(b.duty))
        .map((b) => ({
          personId: b.person_id,
          jurisdictionCode: b.jurisdiction_code,
          duty: b.duty as Binding['duty'],
        }));
      const plan = planDispatch(
        located,
        countyCode,
        (code) => bindings.filter((b) => b.jurisdictionCode === code),
        named !== null,
      );
      const placement = placementOf(plan.jurisdictionCode);
      const tier = initialTier(
        assertDivisionCode(plan.jurisdictionCode),
        plan.assignments.every((a) => a.centreCode !== undefined),
      );
      const status = decideTransition('dispatch', 'reported', { kind: 'system' }, NO_RELATION);

      const subject = { eventType: category.event_type, riskLevel: input.riskLevel ?? 'blue' };
      // a stored rule the engine cannot count falls back to the default: it never stops a report
      const clockPlan = clocksOnDispatch(clockSettings, subject, tier, now, true);
      const address = input.address?.trim() || null;
      const title = (input.title?.trim() || `${category.name_zh}${address ? ` · ${address}` : ''}`).slice(0, 100);
      const event = await eventsTx.insert({
        channel: input.channel,
        event_type: category.event_type,
        category_code: category.code,
        risk_level: input.riskLevel ?? 'blue',
        high_risk: input.highRisk ?? false,
        title,
        description: input.description.trim(),
        lng: point?.lng ?? null,
        lat: point?.lat ?? null,
        address,
        reporter_id: reporter?.id ?? null,
        reporter_name: input.reporterName?.trim() || reporter?.name || null,
        reporter_phone: null,
        ...sealed,
        reporter_anonymous: input.anonymous ?? false,
        status,
        status_kind: statusKind(status),
        jurisdiction_code: plan.jurisdictionCode,
        ...placement,
        dispatch_reason: plan.reason,
        tier,
        supervisor_code: supervisingCentreFor(tier, { ...placement, jurisdiction_code: plan.jurisdictionCode }, null),
        light: worstLight(clockPlan.clocks.map((c) => lightAt(now, c.warnAt, c.dueAt))),
        idempotency_scope: key ? scope : null,
        idempotency_key: key ?? null,
        idempotency_fingerprint: key ? fingerprint : null,
        tracking_token: randomBytes(24).toString('base64url'),
        reported_at: reportedAt,
        created_at: now,
        updated_at: now,
      });

      const id = event.id;
      if (attachmentIds.length) {
        const linked = await eventsTx.linkAttachments(id, attachmentIds, reporter?.id ?? null);
        if (linked !== attachmentIds.length)
          fail('ATTACHMENT_NOT_FOUND', 'an attachment does not exist, is not yours or is already used');
      }

      const reportRecord = {
        event_id: id,
        action: 'report',
        from_status: null,
        to_status: 'reported',
        actor_id: reporter?.id ?? null,
        actor_role: reporter?.role ?? 'citizen',
        note: null,
        data: { channel: input.channel, location: point, crs: input.location?.crs ?? 'wgs84' },
        attachment_ids: attachmentIds,
        at: now,
      };
      const made = await eventsTx.insertAssignments(
        plan.assignments.map((a) => ({
          event_id: id,
          person_id: a.personId ?? null,
          centre_code: a.centreCode ?? null,
          assignment_role: a.assignmentRole,
          duty: a.duty ?? null,
          tier: assignmentTier(a, tier),
          assigned_at: now,
        })),
      );
      await eventsTx.appendHistory(reportRecord, {
        event_id: id,
        action: 'dispatch',
        from_status: 'reported',
        to_status: status,
        actor_id: null,
        actor_role: 'system',
        note: DISPATCH_REASON_ZH[plan.reason],
        data: { reason: plan.reason, jurisdictionCode: plan.jurisdictionCode, assignments: plan.assignments },
        at: now,
      });
      await openPlannedClocks(trx, event, clockPlan, now);
      const known = new Map(
        bound.map((b) => [b.person_id, { id: b.person_id, name: b.name, phone: b.phone, role: b.role }]),
      );
      await outbox.enqueue(await assignmentNotifications(orgTx, event, plan.assignments, known), now);
      const centres = made.some((a) => a.centre_code)
        ? await orgTx.namesOf(made.flatMap((a) => (a.centre_code ? [a.centre_code] : [])))
        : [];
      const assignments: AssignmentView[] = made.map((a) => ({
        ...a,
        person_name: a.person_id ? (known.get(a.person_id)?.name ?? null) : null,
        person_role: a.person_id ? (known.get(a.person_id)?.role ?? null) : null,
        person_phone: a.person_id ? (known.get(a.person_id)?.phone ?? null) : null,
        department_name: null,
        centre_name: centres.find((c) => c.code === a.centre_code)?.name ?? null,
      }));
      return { event, created: true, assignments, categoryName: category.name_zh };
    });
  } catch (error) {
    if (key && uniqueViolation(error)) {
      const replay = replayOf(await events.findByIdempotencyKey(scope, key), fingerprint);
      if (replay) return replay;
    }
    throw error;
  }
}
