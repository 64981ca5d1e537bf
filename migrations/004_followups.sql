-- 004_followups: follow-up visits (回访) after closing and satisfaction (满意度), with one summary
-- row per event that the dashboards count (回访率, 满意率). The events table is not altered.

-- One row per planned visit, and one row for the citizen's own rating through the tracking link.
-- The citizen's rating is folded in here (kind 'citizen_rating', method 'online', no visitor), so
-- "was this event followed up" and "what was the last satisfaction" read one table.
CREATE TABLE follow_ups (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id      integer NOT NULL REFERENCES events(id),
  kind          text NOT NULL DEFAULT 'visit' CHECK (kind IN ('visit', 'citizen_rating')),
  -- Which closing this visit follows: 1 + the times the event was reopened before it (1 for the
  -- first closing, 2 after a reopen and a second closing …). A scheduled visit of an earlier
  -- round, or of an event no longer closed, is stale and is cancelled.
  round         integer CHECK (round >= 1),
  -- The visit's order within its round (1, 2, …).
  seq           integer CHECK (seq >= 1),
  -- events.closed_at of the closing this visit follows (the due dates count from it).
  closure_at    timestamptz,
  -- End of the due day in China Standard Time.
  due_at        timestamptz,
  status        text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'done', 'missed', 'cancelled')),
  method        text CHECK (method IN ('phone', 'visit', 'sms', 'online')),
  satisfaction  text CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  note          text,
  -- Who recorded the outcome (the visitor; for missed/cancelled the operator). NULL: the citizen
  -- themself, or the platform.
  visitor_id    integer REFERENCES people(id),
  -- When the outcome (done, missed, cancelled) was recorded.
  done_at       timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (event_id, round, seq),
  CHECK (kind <> 'visit' OR (round IS NOT NULL AND seq IS NOT NULL AND closure_at IS NOT NULL AND due_at IS NOT NULL)),
  CHECK (kind <> 'citizen_rating' OR (status = 'done' AND method = 'online' AND visitor_id IS NULL AND round IS NULL AND seq IS NULL)),
  CHECK (status <> 'done' OR (method IS NOT NULL AND satisfaction IS NOT NULL AND done_at IS NOT NULL)),
  CHECK (status = 'scheduled' OR done_at IS NOT NULL)
);
-- The citizen rates once per event.
CREATE UNIQUE INDEX follow_ups_one_citizen_rating ON follow_ups (event_id) WHERE kind = 'citizen_rating';
-- "Due follow-ups in my jurisdiction": scheduled visits by due date, joined to events by id and
-- filtered on the events' placement columns (events_town_idx … already index those).
CREATE INDEX follow_ups_scheduled_due_idx ON follow_ups (due_at, event_id) WHERE status = 'scheduled';
-- Visits per visitor (work counts).
CREATE INDEX follow_ups_visitor_idx ON follow_ups (visitor_id, done_at) WHERE status = 'done';

-- Per-event summary, recomputed from follow_ups (core/followups/follow-up-policy.ts
-- summariseFollowUps) in the same transaction as every change to an event's follow-ups.
-- Dashboards join it to events on event_id: 回访率 = follow_ups_done > 0 among closed events,
-- 满意率 = satisfaction IN (satisfied, basically_satisfied) among rated events.
CREATE TABLE event_satisfaction (
  event_id              integer PRIMARY KEY REFERENCES events(id),
  visits_planned        integer NOT NULL DEFAULT 0,
  visits_done           integer NOT NULL DEFAULT 0,
  visits_missed         integer NOT NULL DEFAULT 0,
  -- done visits + the citizen's own rating
  follow_ups_done       integer NOT NULL DEFAULT 0,
  first_followed_up_at  timestamptz,
  last_followed_up_at   timestamptz,
  -- overall: the latest recorded rating wins
  satisfaction          text CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  satisfaction_source   text CHECK (satisfaction_source IN ('visit', 'citizen')),
  satisfaction_at       timestamptz,
  citizen_satisfaction  text CHECK (citizen_satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  dissatisfied_count    integer NOT NULL DEFAULT 0,
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_satisfaction_rated_idx ON event_satisfaction (satisfaction_at) WHERE satisfaction IS NOT NULL;
