/**
 * 事件受理: intake and auto-dispatch in one transaction. The report is checked, located in its
 * grid and planned in the core (core/events/intake-plan.ts: the event, its assignments to the
 * grid's owners and the village's "3+N" team or the right command centre with the reason, its
 * history, clocks and notices); this service finds what the plan needs and stores it — the event,
 * its attachments' links, assignments, history, clocks and one outbox message per person to
 * notify — all committed together or not at all. A retried submission with the same idempotency
 * key returns the first event.
 */
import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '../../core/canonical-json.js';
import type { FieldCipher } from '../personal-data/field-cipher.js';
import { sealReporterData } from '../personal-data/reporter-identity.js';
import type { Kysely } from 'kysely';
import type { Schema, EventRow } from '../db/schema.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import { fail } from '../../core/errors.js';
import type { Channel, RiskLevel } from '../../core/events/event-catalog.js';
import {
  bindingLookup,
  checkIdempotencyKey,
  checkReporterIdNumber,
  planIntake,
  reportedAtOf,
  reportPoint,
  type IntakePlan,
  type ReportPlace,
} from '../../core/events/intake-plan.js';
import { assertDivisionCode } from '../../core/organisation/division-code.js';
import type { ClockSettings } from '../../core/deadlines/clocks.js';
import { EventRepository, type AssignmentView } from './event.repository.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { OutboxRepository } from '../notify/outbox.repository.js';
import { assignmentNotifications } from './event-notifications.js';
import { boundPeople } from './actions/dispatching.js';
import type { GridIndex } from '../geo/grid-index.js';
import type { ClockSettingsProvider } from '../deadlines/clock-settings.js';
import { openPlannedClocks } from '../deadlines/open-clocks.js';

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

/** The report's point and, without a usable one, the place the reporter named. */
interface ReportWhere {
  point: { lng: number; lat: number } | null;
  named: { code: string; level: 'county' | 'town' | 'village' | 'grid' } | null;
}

/**
 * 随手拍: a citizen's point must be in the county (or just over its line); a phone without a fix
 * sends (0, 0). A place they chose instead wins over a point that is nowhere near; staff may still
 * send an outside point, which goes to the county centre with the reason.
 */
async function whereReported(
  deps: IntakeDeps,
  organisation: OrganisationRepository,
  input: IntakeInput,
  reporter: CurrentUser | null,
): Promise<ReportWhere> {
  let point = reportPoint(input.location);
  const citizen = reporter === null || reporter.role === 'citizen';
  if (point && citizen && !(await deps.gridIndex.isWithinReach(point.lng, point.lat, PUBLIC_LOCATION_TOLERANCE_M))) {
    if (!input.jurisdictionCode) {
      const { lng, lat } = input.location!;
      fail(
        'LOCATION_OUTSIDE_AREA',
        `the location (${lng}, ${lat}) is not in this county — the phone may have no location fix: turn location on and try again, or choose your town and village instead`,
        { field: 'location' },
      );
    }
    point = null;
  }
  if (point) return { point, named: null };
  if (!input.jurisdictionCode) fail('VALIDATION_FAILED', 'give a location or a jurisdictionCode');
  const level = assertDivisionCode(input.jurisdictionCode);
  const exists = await organisation.findJurisdiction(input.jurisdictionCode);
  if (!exists) fail('JURISDICTION_NOT_FOUND', `no jurisdiction ${input.jurisdictionCode}`);
  return { point: null, named: { code: input.jurisdictionCode, level } };
}

/** What the new event is stored with besides its plan: sealed personal data, the key, the tracking token. */
interface IntakeRecord {
  sealed: ReturnType<typeof sealReporterData>;
  idempotency: { scope: string | null; key: string | null; fingerprint: string | null };
}

/** Stores a planned report in the caller's transaction; answers the event and its assignments ready to present. */
async function storeReport(
  trx: Kysely<Schema>,
  plan: IntakePlan,
  record: IntakeRecord,
  known: Map<number, { id: number; name: string; phone: string | null; role: string }>,
  now: Date,
) {
  const events = new EventRepository(trx);
  const org = new OrganisationRepository(trx);
  const reporterId = plan.event.reporter_id;
  const event = await events.insert({
    ...plan.event,
    reporter_phone: null,
    ...record.sealed,
    idempotency_scope: record.idempotency.scope,
    idempotency_key: record.idempotency.key,
    idempotency_fingerprint: record.idempotency.fingerprint,
    tracking_token: randomBytes(24).toString('base64url'),
  });
  if (plan.attachmentIds.length) {
    const linked = await events.linkAttachments(event.id, plan.attachmentIds, reporterId);
    if (linked !== plan.attachmentIds.length)
      fail('ATTACHMENT_NOT_FOUND', 'an attachment does not exist, is not yours or is already used');
  }
  const made = await events.insertAssignments(
    plan.assignments.map((a) => ({
      event_id: event.id,
      person_id: a.personId ?? null,
      centre_code: a.centreCode ?? null,
      assignment_role: a.assignmentRole,
      duty: a.duty ?? null,
      tier: a.tier,
      assigned_at: now,
    })),
  );
  await events.appendHistory(
    ...plan.history.map((h) => ({
      event_id: event.id,
      action: h.action,
      from_status: h.from,
      to_status: h.to,
      actor_id: h.actorId,
      actor_role: h.actorRole,
      note: h.note,
      data: h.data,
      ...(h.attachmentIds ? { attachment_ids: h.attachmentIds } : {}),
      at: now,
    })),
  );
  await openPlannedClocks(trx, event, plan.clocks, now);
  await new OutboxRepository(trx).enqueue(await assignmentNotifications(org, event, plan.noticeTargets, known), now);
  const centres = made.some((a) => a.centre_code)
    ? await org.namesOf(made.flatMap((a) => (a.centre_code ? [a.centre_code] : [])))
    : [];
  const assignments: AssignmentView[] = made.map((a) => ({
    ...a,
    person_name: a.person_id ? (known.get(a.person_id)?.name ?? null) : null,
    person_role: a.person_id ? (known.get(a.person_id)?.role ?? null) : null,
    person_phone: a.person_id ? (known.get(a.person_id)?.phone ?? null) : null,
    department_name: null,
    centre_name: centres.find((c) => c.code === a.centre_code)?.name ?? null,
  }));
  return { event, assignments };
}

/** Plans the report with the responsible people found in the transaction, and stores it. */
async function createReportedEvent(
  trx: Kysely<Schema>,
  facts: { input: IntakeInput; reporter: CurrentUser | null; where: ReportWhere; place: ReportPlace },
  found: { category: { code: string; event_type: string; name_zh: string }; countyCode: string },
  record: IntakeRecord,
  settings: ClockSettings,
  when: { reportedAt: Date; now: Date },
): Promise<IntakeResult> {
  const { input, reporter, where, place } = facts;
  const bound = await new OrganisationRepository(trx).bindingsOf(bindingLookup(place));
  const plan = planIntake({
    request: input,
    reporter,
    category: found.category,
    point: where.point,
    place,
    named: where.named !== null,
    countyCode: found.countyCode,
    bindings: boundPeople(bound),
    settings,
    reportedAt: when.reportedAt,
    now: when.now,
  });
  const known = new Map(
    bound.map((b) => [b.person_id, { id: b.person_id, name: b.name, phone: b.phone, role: b.role }]),
  );
  const { event, assignments } = await storeReport(trx, plan, record, known, when.now);
  return { event, created: true, assignments, categoryName: found.category.name_zh };
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
  checkIdempotencyKey(key);
  const fingerprint = intakeFingerprint(input);
  const events = new EventRepository(deps.db);
  if (key) {
    const replay = replayOf(await events.findByIdempotencyKey(scope, key), fingerprint);
    if (replay) return replay;
  }

  checkReporterIdNumber(input.reporterIdNumber, now);
  if (!deps.pii) throw new Error('reportEvent needs the personal-data cipher');
  const sealed = sealReporterData(deps.pii, input.reporterPhone, input.reporterIdNumber);

  const organisation = new OrganisationRepository(deps.db);
  const category = await organisation.findCategory(input.categoryCode);
  if (!category || !category.active) fail('CATEGORY_UNKNOWN', `no active event category "${input.categoryCode}"`);
  const where = await whereReported(deps, organisation, input, reporter);
  const reportedAt = reportedAtOf(input.reportedAt, now);
  const countyCode = await deps.gridIndex.rootCounty();
  if (!countyCode) fail('JURISDICTION_NOT_FOUND', 'no county is configured yet: import the organisation first');
  const place = where.point ? await deps.gridIndex.locate(where.point.lng, where.point.lat) : where.named;

  const settings = await deps.clocks.get();
  const record: IntakeRecord = {
    sealed,
    idempotency: { scope: key ? scope : null, key: key ?? null, fingerprint: key ? fingerprint : null },
  };
  try {
    return await deps.db.transaction().execute((trx) =>
      createReportedEvent(trx, { input, reporter, where, place }, { category, countyCode }, record, settings, {
        reportedAt,
        now,
      }),
    );
  } catch (error) {
    if (key && uniqueViolation(error)) {
      const replay = replayOf(await events.findByIdempotencyKey(scope, key), fingerprint);
      if (replay) return replay;
    }
    throw error;
  }
}
