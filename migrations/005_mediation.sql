-- 005_mediation: hard-dispute handling (疑难纠纷化解) — the resolution plan of an event (化解方案)
-- with every version kept, each village's mediator pool (群英库), and the mediation tasks
-- (调解任务) sent from an event to a pool member. The events table is not touched: a task gives
-- its member an event_assignments row of role 'mediator' so that they may see the event.

-- 化解方案: one per event, holding the current version; every save also appends the full content
-- to resolution_plan_versions.
CREATE TABLE resolution_plans (
  id                             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id                       integer NOT NULL UNIQUE REFERENCES events(id),
  version                        integer NOT NULL CHECK (version >= 1),
  status                         text NOT NULL CHECK (status IN ('draft', 'active', 'completed', 'abandoned')),
  mediation_type                 text NOT NULL CHECK (mediation_type IN ('people', 'judicial', 'administrative')),
  responsible_department_id      integer REFERENCES departments(id),
  responsible_jurisdiction_code  text REFERENCES jurisdictions(code),
  responsible_person_id          integer NOT NULL REFERENCES people(id),
  summary                        text,
  -- [{ "text": "...", "dueAt": "ISO-8601" | null, "done": bool }, ...] in order
  steps                          jsonb NOT NULL DEFAULT '[]',
  deadline                       timestamptz NOT NULL,
  created_by                     integer NOT NULL REFERENCES people(id),
  created_at                     timestamptz NOT NULL DEFAULT now(),
  updated_by                     integer NOT NULL REFERENCES people(id),
  updated_at                     timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(responsible_department_id, responsible_jurisdiction_code) = 1)
);

-- Every version of every plan, the current one included. Append-only, like event_history.
CREATE TABLE resolution_plan_versions (
  id                             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id                        integer NOT NULL REFERENCES resolution_plans(id),
  event_id                       integer NOT NULL REFERENCES events(id),
  version                        integer NOT NULL,
  status                         text NOT NULL,
  mediation_type                 text NOT NULL,
  responsible_department_id      integer REFERENCES departments(id),
  responsible_jurisdiction_code  text REFERENCES jurisdictions(code),
  responsible_person_id          integer NOT NULL REFERENCES people(id),
  summary                        text,
  steps                          jsonb NOT NULL,
  deadline                       timestamptz NOT NULL,
  -- what this save changed, in the editor's words
  change_note                    text,
  edited_by                      integer NOT NULL REFERENCES people(id),
  edited_at                      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (plan_id, version)
);

CREATE FUNCTION resolution_plan_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'resolution_plan_versions is append-only';
END $$;
CREATE TRIGGER resolution_plan_versions_no_update BEFORE UPDATE OR DELETE ON resolution_plan_versions
  FOR EACH ROW EXECUTE FUNCTION resolution_plan_versions_append_only();

-- 群英库: the mediators of a village — mediators by role, or anyone flagged into the pool (乡贤,
-- 老协会, 单元长, volunteers). A member leaves by being deactivated, so their tasks keep a member.
CREATE TABLE mediator_pool_members (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  village_code  text NOT NULL REFERENCES jurisdictions(code),
  person_id     integer NOT NULL REFERENCES people(id),
  -- ["婚姻家庭", "土地", ...]
  specialties   jsonb NOT NULL DEFAULT '[]',
  active        boolean NOT NULL DEFAULT true,
  added_by      integer NOT NULL REFERENCES people(id),
  added_at      timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (village_code, person_id)
);
CREATE INDEX mediator_pool_person_idx ON mediator_pool_members (person_id);

-- 调解任务: assigned → accepted → done, or declined, or cancelled.
CREATE TABLE mediation_tasks (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id        integer NOT NULL REFERENCES events(id),
  -- the pool the member was taken from
  village_code    text NOT NULL REFERENCES jurisdictions(code),
  member_id       integer NOT NULL REFERENCES people(id),
  assigned_by     integer NOT NULL REFERENCES people(id),
  status          text NOT NULL CHECK (status IN ('assigned', 'accepted', 'done', 'declined', 'cancelled')),
  mediation_type  text NOT NULL CHECK (mediation_type IN ('people', 'judicial', 'administrative')),
  -- what the sender asked for
  note            text,
  -- why it was declined or withdrawn
  closing_note    text,
  outcome         text CHECK (outcome IN ('resolved', 'partially_resolved', 'failed')),
  agreement       text,
  attachment_ids  jsonb NOT NULL DEFAULT '[]',
  assigned_at     timestamptz NOT NULL,
  accepted_at     timestamptz,
  finished_at     timestamptz,
  finished_by     integer REFERENCES people(id),
  updated_at      timestamptz NOT NULL,
  CHECK ((status = 'done') = (outcome IS NOT NULL)),
  CHECK ((status IN ('assigned', 'accepted')) = (finished_at IS NULL))
);
CREATE INDEX mediation_tasks_event_idx ON mediation_tasks (event_id, id);
CREATE INDEX mediation_tasks_member_idx ON mediation_tasks (member_id, status);
CREATE INDEX mediation_tasks_village_idx ON mediation_tasks (village_code, status);
-- One open task per member per event.
CREATE UNIQUE INDEX mediation_tasks_one_open_idx ON mediation_tasks (event_id, member_id) WHERE status IN ('assigned', 'accepted');
