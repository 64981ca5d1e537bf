/**
 * The database as Kysely sees it: one interface per table, kept in step with migrations/*.sql
 * (the schema test compares them with the live catalogue).
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

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
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GeoVersionTable {
  id: number;
  version: number;
}

export interface DepartmentsTable {
  id: Generated<number>;
  code: string;
  name: string;
  jurisdiction_code: string;
  created_at: Timestamp;
}

export interface PeopleTable {
  id: Generated<number>;
  name: string;
  phone: string | null;
  role: string;
  jurisdiction_code: string;
  department_id: number | null;
  username: string | null;
  password_hash: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface ResponsibilityBindingsTable {
  id: Generated<number>;
  jurisdiction_code: string;
  person_id: number;
  duty: string;
  created_at: Timestamp;
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
  id: Generated<number>;
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
  reporter_phone: string | null;
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
  tracking_token: string;
  reported_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  version: Generated<number>;
}

export interface EventAssignmentsTable {
  id: Generated<number>;
  event_id: number;
  person_id: number | null;
  department_id: number | null;
  centre_code: string | null;
  assignment_role: string;
  duty: string | null;
  active: Generated<boolean>;
  assigned_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface EventHistoryTable {
  id: Generated<number>;
  event_id: number;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_id: number | null;
  actor_role: string;
  note: string | null;
  data: Json | null;
  attachment_ids: ColumnType<string[], string | undefined, string>;
  at: Timestamp;
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
  created_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  event_id: number | null;
  recipient_id: number | null;
  topic: string;
  payload: Json;
  state: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface SessionsTable {
  token_hash: string;
  person_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Timestamp;
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
  schema_migrations: SchemaMigrationsTable;
}

export type EventRow = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
export type EventUpdate = Updateable<EventsTable>;
export type PersonRow = Selectable<PeopleTable>;
export type JurisdictionRow = Selectable<JurisdictionsTable>;
export type AssignmentRow = Selectable<EventAssignmentsTable>;
export type HistoryRow = Selectable<EventHistoryTable>;
