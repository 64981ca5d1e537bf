-- 009_briefings: briefings (通报) — the weekly reviews (周一研判, 周五调度) and the monthly,
-- quarterly and yearly notices (月排查、季调度、年通报) of a county or town centre. Each row keeps
-- the full snapshot of its figures and lists as they were when it was generated, so a notice once
-- circulated never changes; regenerating one (on demand, or the schedule completing a partial
-- one) replaces the row under the same key.

CREATE TABLE briefings (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('weekly_review', 'weekly_progress', 'monthly', 'quarterly', 'yearly')),
  scope_code    text NOT NULL REFERENCES jurisdictions(code),
  -- China-time dates; period_to is exclusive (a whole November is 2026-11-01 … 2026-12-01).
  period_from   date NOT NULL,
  period_to     date NOT NULL,
  title         text NOT NULL,
  content       jsonb NOT NULL,
  generated_at  timestamptz NOT NULL,
  -- Who asked for it on demand; null when the schedule generated it.
  generated_by  integer REFERENCES people(id),
  CHECK (period_to > period_from),
  -- One notice per kind, centre and period: the schedule's idempotency (ON CONFLICT DO NOTHING).
  UNIQUE (kind, scope_code, period_from)
);
-- A centre's notices, newest period first (the list; the unique key serves kind + scope lookups).
CREATE INDEX briefings_scope_idx ON briefings (scope_code, period_from DESC, id DESC);
-- Every centre's notices of one kind and period (what the schedule has already generated).
CREATE INDEX briefings_kind_period_idx ON briefings (kind, period_from);
