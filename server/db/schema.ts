/**
 * The database as Kysely sees it: one interface per table, kept in step with migrations/*.sql
 * (schema-drift.test.ts compares them with the live catalogue of a freshly migrated database:
 * tables, columns, types, nullability, and that a column may be left out of an insert exactly when
 * the database fills it — a DEFAULT, an identity, or a BEFORE INSERT trigger).
 */
import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable, Updateable } from 'kysely';

/** A timestamptz the insert must give; `DefaultTimestamp` one with a DEFAULT (now()) it may leave out. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;
/** A jsonb column with a DEFAULT ('[]' or '{}'): the insert may leave it out. */
type DefaultJson<T> = ColumnType<T, string | undefined, string>;

export interface JurisdictionsTable {
  code: string;
  parent_code: string | null;
  level: 'county' | 'town' | 'village' | 'grid';
  kind: string;
  name: string;
  boundary: Json | null;
  centroid_lng: number | null;
  centroid_lat: number | null;
  households: number | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface GeoVersionTable {
  id: number;
  version: number;
}

export interface DepartmentsTable {
  id: GeneratedAlways<number>;
  code: string;
  name: string;
  jurisdiction_code: string;
  created_at: DefaultTimestamp;
}

export interface PeopleTable {
  id: GeneratedAlways<number>;
  name: string;
  phone: string | null;
  role: string;
  jurisdiction_code: string;
  department_id: number | null;
  username: string | null;
  password_hash: string | null;
  active: Generated<boolean>;
  /** Set by a password reset (账号管理): the session serves only the account routes until the person sets their own. */
  must_change_password: Generated<boolean>;
  created_at: DefaultTimestamp;
}

export interface ResponsibilityBindingsTable {
  id: GeneratedAlways<number>;
  jurisdiction_code: string;
  person_id: number;
  duty: string;
  created_at: DefaultTimestamp;
}

export interface EventCategoriesTable {
  code: string;
  parent_code: string | null;
  event_type: string;
  name_zh: string;
  name_en: string;
  sort_order: Generated<number>;
  active: Generated<boolean>;
}

export interface EventStatusesTable {
  code: string;
  kind: string;
  name_zh: string;
  name_en: string;
}

export interface EventsTable {
  id: GeneratedAlways<number>;
  serial_no: string;
  channel: string;
  event_type: string;
  category_code: string;
  risk_level: string;
  high_risk: Generated<boolean>;
  title: string;
  description: string;
  lng: number | null;
  lat: number | null;
  address: string | null;
  reporter_id: number | null;
  reporter_name: string | null;
  /** Emptied since migration 014: the phone lives encrypted in reporter_phone_enc. */
  reporter_phone: string | null;
  reporter_phone_enc: string | null;
  reporter_phone_hash: string | null;
  reporter_phone_masked: string | null;
  reporter_id_number_enc: string | null;
  reporter_id_number_hash: string | null;
  reporter_id_number_masked: string | null;
  reporter_anonymous: Generated<boolean>;
  status: string;
  status_kind: string;
  jurisdiction_code: string;
  county_code: string | null;
  town_code: string | null;
  village_code: string | null;
  grid_code: string | null;
  dispatch_reason: string | null;
  merged_into_id: number | null;
  idempotency_scope: string | null;
  idempotency_key: string | null;
  /** 018: SHA-256 of the request's canonical JSON (the key left out): the key answers only this request. */
  idempotency_fingerprint: string | null;
  tracking_token: string;
  reported_at: Timestamp;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  version: Generated<number>;
  tier: Generated<string>;
  light: Generated<string>;
  accepted_at: Timestamp | null;
  resolved_tier: string | null;
  suspended_at: Timestamp | null;
  supervised_at: Timestamp | null;
  urge_count: Generated<number>;
  escalation_count: Generated<number>;
  extension_count: Generated<number>;
  return_count: Generated<number>;
  rework_count: Generated<number>;
  /** 006: a sign-for clock ran out; a resolve clock ran out (逾期); followed up; latest rating. */
  sign_late: Generated<boolean>;
  overdue: Generated<boolean>;
  followed_up: Generated<boolean>;
  satisfaction: string | null;
  /** 016: the supervising centre (督办中心), a town's or the county's code (core/events/holding.ts). */
  supervisor_code: string;
}

export interface TimeLimitRulesTable {
  id: GeneratedAlways<number>;
  step: string;
  event_type: string | null;
  risk_level: string | null;
  tier: string | null;
  amount: number;
  unit: string;
  note: string | null;
}

export interface TierLadderTable {
  event_type: string;
  tier: string;
  amount: number;
  unit: string;
}

export interface EventDeadlinesTable {
  id: GeneratedAlways<number>;
  event_id: number;
  step: string;
  tier: string;
  started_at: Timestamp;
  warn_at: Timestamp;
  due_at: Timestamp;
  amount: number | null;
  unit: string | null;
  rule_id: number | null;
  light: Generated<string>;
  paused_at: Timestamp | null;
  completed_at: Timestamp | null;
  outcome: string | null;
  created_at: DefaultTimestamp;
  /** 017: set when a built-in default counted the clock instead of its stored setting (ClockFallback). */
  fallback: ColumnType<unknown, string | null | undefined, string | null>;
}

/** 017 设置故障: a stored setting the platform could not use, told once per county (server/notify/setting-faults.ts). */
export interface SettingFaultsTable {
  county_code: string;
  key: string;
  setting: string;
  detail: Json;
  first_event_id: number | null;
  reported_at: Timestamp;
}

export interface ExtensionRequestsTable {
  id: GeneratedAlways<number>;
  event_id: number;
  requested_by: number;
  reason: string;
  current_due_at: Timestamp;
  requested_due_at: Timestamp;
  status: Generated<string>;
  decided_by: number | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  created_at: DefaultTimestamp;
}

export interface DeadlineSweepsTable {
  id: GeneratedAlways<number>;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  warned: Generated<number>;
  overdue: Generated<number>;
  escalated: Generated<number>;
}

export interface ScheduledJobsTable {
  name: string;
  interval_ms: number;
  next_run_at: Timestamp;
  locked_until: Timestamp | null;
  locked_by: string | null;
  last_started_at: Timestamp | null;
  last_finished_at: Timestamp | null;
  last_error: string | null;
  runs: Generated<number>;
}

export interface EventAssignmentsTable {
  id: GeneratedAlways<number>;
  event_id: number;
  person_id: number | null;
  department_id: number | null;
  centre_code: string | null;
  assignment_role: string;
  duty: string | null;
  /** The tier the assignment serves (承办层级, core/events/holding.ts). */
  tier: string;
  active: Generated<boolean>;
  assigned_at: DefaultTimestamp;
  ended_at: Timestamp | null;
}

export interface EventHistoryTable {
  id: GeneratedAlways<number>;
  event_id: number;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_id: number | null;
  actor_role: string;
  note: string | null;
  data: Json | null;
  attachment_ids: ColumnType<string[], string | undefined, string>;
  at: DefaultTimestamp;
}

export interface AttachmentsTable {
  id: string;
  event_id: number | null;
  storage_key: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  original_name: string | null;
  uploaded_by: number | null;
  created_at: DefaultTimestamp;
}

export interface OutboxTable {
  id: GeneratedAlways<number>;
  event_id: number | null;
  recipient_id: number | null;
  topic: string;
  payload: Json;
  state: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: DefaultTimestamp;
  last_error: string | null;
  created_at: DefaultTimestamp;
  sent_at: Timestamp | null;
}

export interface SessionsTable {
  token_hash: string;
  person_id: number;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  /** 012: the idle timeout counts from here (written at most once a minute). */
  last_used_at: DefaultTimestamp;
  user_agent: string | null;
  client_address: string | null;
}

/** 012: consecutive wrong passwords per (lower-cased) username, and the lock they caused. */
export interface LoginFailuresTable {
  username: string;
  failures: number;
  last_failure_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: DefaultTimestamp;
}

export interface FollowUpsTable {
  id: GeneratedAlways<number>;
  event_id: number;
  kind: ColumnType<'visit' | 'citizen_rating', 'visit' | 'citizen_rating' | undefined, 'visit' | 'citizen_rating'>;
  round: number | null;
  seq: number | null;
  closure_at: Timestamp | null;
  due_at: Timestamp | null;
  status: ColumnType<
    'scheduled' | 'done' | 'missed' | 'cancelled',
    'scheduled' | 'done' | 'missed' | 'cancelled' | undefined,
    'scheduled' | 'done' | 'missed' | 'cancelled'
  >;
  method: 'phone' | 'visit' | 'sms' | 'online' | null;
  satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null;
  note: string | null;
  visitor_id: number | null;
  done_at: Timestamp | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface EventSatisfactionTable {
  event_id: number;
  visits_planned: Generated<number>;
  visits_done: Generated<number>;
  visits_missed: Generated<number>;
  follow_ups_done: Generated<number>;
  first_followed_up_at: Timestamp | null;
  last_followed_up_at: Timestamp | null;
  satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null;
  satisfaction_source: 'visit' | 'citizen' | null;
  satisfaction_at: Timestamp | null;
  citizen_satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null;
  dissatisfied_count: Generated<number>;
  updated_at: DefaultTimestamp;
}

/** 化解方案 (migrations/005_mediation.sql): the current version of an event's resolution plan. */
export interface ResolutionPlansTable {
  id: GeneratedAlways<number>;
  event_id: number;
  version: number;
  status: string;
  mediation_type: string;
  responsible_department_id: number | null;
  responsible_jurisdiction_code: string | null;
  responsible_person_id: number;
  summary: string | null;
  steps: DefaultJson<{ text: string; dueAt: string | null; done: boolean }[]>;
  deadline: Timestamp;
  created_by: number;
  created_at: DefaultTimestamp;
  updated_by: number;
  updated_at: DefaultTimestamp;
}

/** Every version of every resolution plan (append-only). */
export interface ResolutionPlanVersionsTable {
  id: GeneratedAlways<number>;
  plan_id: number;
  event_id: number;
  version: number;
  status: string;
  mediation_type: string;
  responsible_department_id: number | null;
  responsible_jurisdiction_code: string | null;
  responsible_person_id: number;
  summary: string | null;
  steps: Json<{ text: string; dueAt: string | null; done: boolean }[]>;
  deadline: Timestamp;
  change_note: string | null;
  edited_by: number;
  edited_at: DefaultTimestamp;
}

/** 群英库: a village's mediator pool. */
export interface MediatorPoolMembersTable {
  id: GeneratedAlways<number>;
  village_code: string;
  person_id: number;
  specialties: DefaultJson<string[]>;
  active: Generated<boolean>;
  added_by: number;
  added_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** 调解任务 */
export interface MediationTasksTable {
  id: GeneratedAlways<number>;
  event_id: number;
  village_code: string;
  member_id: number;
  assigned_by: number;
  status: string;
  mediation_type: string;
  note: string | null;
  closing_note: string | null;
  outcome: string | null;
  agreement: string | null;
  attachment_ids: ColumnType<string[], string | undefined, string>;
  assigned_at: Timestamp;
  accepted_at: Timestamp | null;
  finished_at: Timestamp | null;
  finished_by: number | null;
  updated_at: Timestamp;
}

/** 工作日历调整: always read `date` with to_char(date, 'YYYY-MM-DD') — pg would make it a local-time Date. */
export interface CalendarOverridesTable {
  date: ColumnType<string, string, string>;
  kind: 'workday' | 'holiday';
  name: string | null;
  note: string | null;
  updated_by: number | null;
  updated_at: DefaultTimestamp;
}

/** 事件清单导出 (migrations/007_exports.sql): one background export of the event list. */
export interface ExportJobsTable {
  id: GeneratedAlways<number>;
  requested_by: number;
  jurisdiction_code: string;
  format: 'csv' | 'xlsx';
  filters: DefaultJson<Record<string, unknown>>;
  status: ColumnType<
    'queued' | 'running' | 'done' | 'failed' | 'expired',
    'queued' | 'running' | 'done' | 'failed' | 'expired' | undefined,
    'queued' | 'running' | 'done' | 'failed' | 'expired'
  >;
  total_rows: number | null;
  rows_written: Generated<number>;
  file_name: string | null;
  file_bytes: number | null;
  error: string | null;
  locked_until: Timestamp | null;
  locked_by: string | null;
  attempts: Generated<number>;
  created_at: DefaultTimestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  expires_at: Timestamp | null;
}

/** 通报 (migrations/009_briefings.sql): one generated briefing, its figures kept as a snapshot. */
export interface BriefingsTable {
  id: GeneratedAlways<number>;
  kind: 'weekly_review' | 'weekly_progress' | 'monthly' | 'quarterly' | 'yearly';
  scope_code: string;
  /** China dates 'YYYY-MM-DD' (read them with to_char: pg would make a local-midnight Date); period_to exclusive. */
  period_from: ColumnType<string, string, string>;
  period_to: ColumnType<string, string, string>;
  title: string;
  content: Json<Record<string, unknown>>;
  generated_at: Timestamp;
  generated_by: number | null;
}

/** 审计日志 (migrations/011_audit.sql): append-only; id, prev_hash and hash are set by the chain trigger. */
export interface AuditRecordsTable {
  id: ColumnType<number, never, never>;
  at: ColumnType<Date, Date | string | undefined, never>;
  actor_id: number | null;
  actor_name: string | null;
  actor_role: string | null;
  actor_jurisdiction: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  client_address: string | null;
  status: number;
  error_code: string | null;
  details: Json<Record<string, unknown> | null>;
  prev_hash: ColumnType<string, never, never>;
  hash: ColumnType<string, never, never>;
}

export interface AuditChainHeadTable {
  singleton: Generated<boolean>;
  last_id: number;
  last_hash: string;
}

/** 村级分类 settings per county (migrations/008_village_classes.sql; read and written with raw SQL). */
export interface AnalyticsSettingsTable {
  key: string;
  value: Json;
  updated_by: number | null;
  updated_at: DefaultTimestamp;
}

/** A village's class for one month (008). `score` is numeric: pg hands it back as a string. */
export interface VillageClassMonthsTable {
  month: string;
  village_code: string;
  town_code: string;
  county_code: string;
  score: string | null;
  class: string | null;
  unclassed: string | null;
  entered: number;
  parts: Json;
  settings: Json;
  final: Generated<boolean>;
  computed_at: Timestamp;
}

/** 结对: a department paired with a village (008). */
export interface VillagePairingsTable {
  village_code: string;
  department_id: number;
  note: string | null;
  created_by: number | null;
  created_at: DefaultTimestamp;
}

export interface Schema {
  jurisdictions: JurisdictionsTable;
  geo_version: GeoVersionTable;
  departments: DepartmentsTable;
  people: PeopleTable;
  responsibility_bindings: ResponsibilityBindingsTable;
  event_categories: EventCategoriesTable;
  event_statuses: EventStatusesTable;
  events: EventsTable;
  event_assignments: EventAssignmentsTable;
  event_history: EventHistoryTable;
  attachments: AttachmentsTable;
  outbox: OutboxTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  schema_migrations: SchemaMigrationsTable;
  time_limit_rules: TimeLimitRulesTable;
  tier_ladder: TierLadderTable;
  event_deadlines: EventDeadlinesTable;
  extension_requests: ExtensionRequestsTable;
  deadline_sweeps: DeadlineSweepsTable;
  scheduled_jobs: ScheduledJobsTable;
  follow_ups: FollowUpsTable;
  event_satisfaction: EventSatisfactionTable;
  resolution_plans: ResolutionPlansTable;
  resolution_plan_versions: ResolutionPlanVersionsTable;
  mediator_pool_members: MediatorPoolMembersTable;
  mediation_tasks: MediationTasksTable;
  calendar_overrides: CalendarOverridesTable;
  export_jobs: ExportJobsTable;
  briefings: BriefingsTable;
  audit_records: AuditRecordsTable;
  audit_chain_head: AuditChainHeadTable;
  setting_faults: SettingFaultsTable;
  analytics_settings: AnalyticsSettingsTable;
  village_class_months: VillageClassMonthsTable;
  village_pairings: VillagePairingsTable;
}

export type EventRow = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
export type EventUpdate = Updateable<EventsTable>;
export type PersonRow = Selectable<PeopleTable>;
export type JurisdictionRow = Selectable<JurisdictionsTable>;
export type AssignmentRow = Selectable<EventAssignmentsTable>;
export type HistoryRow = Selectable<EventHistoryTable>;
export type FollowUpRow = Selectable<FollowUpsTable>;
