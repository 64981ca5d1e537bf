-- 001_core: the organisation tree, people, responsibility, taxonomy, events and their history,
-- attachments, the notification outbox and login sessions. Plain PostgreSQL that runs the same on
-- PGlite (embedded) and on a PostgreSQL server.

-- 辖区 / 行政区划: county → town → village → grid. Codes are the 12-digit statistical division
-- codes; a grid code extends its village code by three digits. The hierarchy is also in the code
-- prefix, which is what makes subtree scoping an index lookup.
CREATE TABLE jurisdictions (
  code          text PRIMARY KEY CHECK (code ~ '^[0-9]{12}([0-9]{3})?$'),
  parent_code   text REFERENCES jurisdictions(code),
  level         text NOT NULL CHECK (level IN ('county', 'town', 'village', 'grid')),
  -- town | subdistrict | village | community | comprehensive | dedicated | county
  kind          text NOT NULL,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  boundary      jsonb,
  centroid_lng  double precision,
  centroid_lat  double precision,
  households    integer,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jurisdictions_parent_idx ON jurisdictions (parent_code);
CREATE INDEX jurisdictions_level_idx ON jurisdictions (level);

-- Bumped whenever a boundary changes, so every process rebuilds its in-memory grid index.
CREATE TABLE geo_version (
  id       integer PRIMARY KEY CHECK (id = 1),
  version  integer NOT NULL
);
INSERT INTO geo_version (id, version) VALUES (1, 1);

-- 职能部门: a department serves a jurisdiction (usually the county).
CREATE TABLE departments (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code               text NOT NULL UNIQUE,
  name               text NOT NULL,
  jurisdiction_code  text NOT NULL REFERENCES jurisdictions(code),
  created_at         timestamptz NOT NULL DEFAULT now()
);

-- People with roles. A person with a username can log in.
CREATE TABLE people (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name               text NOT NULL,
  phone              text,
  role               text NOT NULL,
  jurisdiction_code  text NOT NULL REFERENCES jurisdictions(code),
  department_id      integer REFERENCES departments(id),
  username           text UNIQUE,
  password_hash      text,
  active             boolean NOT NULL DEFAULT true,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX people_jurisdiction_idx ON people (jurisdiction_code);
CREATE INDEX people_department_idx ON people (department_id);

-- Responsibility bindings: the village "3+N" team and each grid's owners (包村/包抓).
CREATE TABLE responsibility_bindings (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  jurisdiction_code  text NOT NULL REFERENCES jurisdictions(code),
  person_id          integer NOT NULL REFERENCES people(id),
  duty               text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (jurisdiction_code, person_id, duty)
);
CREATE INDEX bindings_person_idx ON responsibility_bindings (person_id);

-- Event taxonomy: domains → aspects, editable by operators.
CREATE TABLE event_categories (
  code         text PRIMARY KEY CHECK (code ~ '^[a-z0-9_.-]{1,64}$'),
  parent_code  text REFERENCES event_categories(code),
  event_type   text NOT NULL CHECK (event_type IN ('hazard', 'dispute', 'petition', 'appeal', 'uncivil')),
  name_zh      text NOT NULL,
  name_en      text NOT NULL,
  sort_order   integer NOT NULL DEFAULT 0,
  active       boolean NOT NULL DEFAULT true
);

-- Lifecycle states are data, grouped under a few fixed kinds, so a later state slots in without
-- rewriting the queries that count open or closed events.
CREATE TABLE event_statuses (
  code     text PRIMARY KEY,
  kind     text NOT NULL CHECK (kind IN ('open', 'resolved', 'closed')),
  name_zh  text NOT NULL,
  name_en  text NOT NULL
);

-- 事件: an item on the platform.
CREATE TABLE events (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  serial_no          text NOT NULL UNIQUE,
  channel            text NOT NULL,
  event_type         text NOT NULL,
  category_code      text NOT NULL REFERENCES event_categories(code),
  risk_level         text NOT NULL CHECK (risk_level IN ('red', 'yellow', 'blue')),
  high_risk          boolean NOT NULL DEFAULT false,
  title              text NOT NULL,
  description        text NOT NULL,
  lng                double precision,
  lat                double precision,
  address            text,
  reporter_id        integer REFERENCES people(id),
  reporter_name      text,
  reporter_phone     text,
  status             text NOT NULL REFERENCES event_statuses(code),
  status_kind        text NOT NULL CHECK (status_kind IN ('open', 'resolved', 'closed')),
  -- Where the event sits in the tree, denormalised so that scoping is an equality lookup.
  jurisdiction_code  text NOT NULL REFERENCES jurisdictions(code),
  county_code        text,
  town_code          text,
  village_code       text,
  grid_code          text,
  dispatch_reason    text,
  merged_into_id     integer REFERENCES events(id),
  idempotency_scope  text,
  idempotency_key    text,
  tracking_token     text NOT NULL UNIQUE,
  reported_at        timestamptz NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  resolved_at        timestamptz,
  closed_at          timestamptz,
  version            integer NOT NULL DEFAULT 1,
  UNIQUE (idempotency_scope, idempotency_key)
);
CREATE INDEX events_county_idx ON events (county_code, reported_at DESC);
CREATE INDEX events_town_idx ON events (town_code, reported_at DESC);
CREATE INDEX events_village_idx ON events (village_code, reported_at DESC);
CREATE INDEX events_grid_idx ON events (grid_code, reported_at DESC);
CREATE INDEX events_reported_idx ON events (reported_at DESC);
CREATE INDEX events_status_idx ON events (status);
CREATE INDEX events_reporter_idx ON events (reporter_id);

-- Who is responsible for an event now (active) and before. One of person, department or
-- jurisdiction centre is set.
CREATE TABLE event_assignments (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id           integer NOT NULL REFERENCES events(id),
  person_id          integer REFERENCES people(id),
  department_id      integer REFERENCES departments(id),
  centre_code        text REFERENCES jurisdictions(code),
  -- grid_owner | village_team | centre | department_lead | department_assist
  assignment_role    text NOT NULL,
  duty               text,
  active             boolean NOT NULL DEFAULT true,
  assigned_at        timestamptz NOT NULL DEFAULT now(),
  ended_at           timestamptz,
  CHECK (num_nonnulls(person_id, department_id, centre_code) = 1)
);
CREATE INDEX assignments_event_idx ON event_assignments (event_id);
CREATE INDEX assignments_person_idx ON event_assignments (person_id) WHERE active;
CREATE INDEX assignments_department_idx ON event_assignments (department_id) WHERE active;
CREATE INDEX assignments_centre_idx ON event_assignments (centre_code) WHERE active;

-- Append-only history: every transition and every record on an event.
CREATE TABLE event_history (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id      integer NOT NULL REFERENCES events(id),
  action        text NOT NULL,
  from_status   text,
  to_status     text NOT NULL,
  actor_id      integer REFERENCES people(id),
  actor_role    text NOT NULL,
  note          text,
  data          jsonb,
  attachment_ids jsonb NOT NULL DEFAULT '[]',
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX history_event_idx ON event_history (event_id, id);

CREATE FUNCTION event_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'event_history is append-only';
END $$;
CREATE TRIGGER event_history_no_update BEFORE UPDATE OR DELETE ON event_history
  FOR EACH ROW EXECUTE FUNCTION event_history_append_only();

-- Photos and files. The bytes live behind the storage interface; this row is the index.
CREATE TABLE attachments (
  id             text PRIMARY KEY,
  event_id       integer REFERENCES events(id),
  storage_key    text NOT NULL,
  mime_type      text NOT NULL,
  size_bytes     integer NOT NULL,
  sha256         text NOT NULL,
  original_name  text,
  uploaded_by    integer REFERENCES people(id),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_event_idx ON attachments (event_id);

-- Transactional outbox: written in the same transaction as the change it announces, delivered
-- afterwards by the outbox dispatcher, retried with back-off.
CREATE TABLE outbox (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id         integer REFERENCES events(id),
  recipient_id     integer REFERENCES people(id),
  topic            text NOT NULL,
  payload          jsonb NOT NULL,
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX outbox_event_idx ON outbox (event_id);

-- Login sessions: only a hash of the token is stored.
CREATE TABLE sessions (
  token_hash  text PRIMARY KEY,
  person_id   integer NOT NULL REFERENCES people(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX sessions_person_idx ON sessions (person_id);

-- Human-facing event numbers (YW + date + sequence), readable on the phone and in a call.
CREATE SEQUENCE event_serial_seq;
