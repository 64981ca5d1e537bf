-- 017_setting_faults: 设置故障. A stored setting the platform cannot use — a time-limit rule or a
-- 五级九天 rung the work calendar cannot count (saved before settings were checked on save, or
-- broken by a later change), village-class settings this version no longer accepts — never stops
-- a report or a computation: the built-in default is used, and the county centre is told once.

-- What has been told, to which county: one row per fault (its key names the setting, its values
-- and the engine's refusal), so the same fault is not told again for every event it touches.
CREATE TABLE setting_faults (
  county_code    text NOT NULL,
  key            text NOT NULL,
  setting        text NOT NULL,
  detail         jsonb NOT NULL,
  -- the event on which it was first met, if any (kept as a plain number: it only points the way)
  first_event_id integer,
  reported_at    timestamptz NOT NULL,
  PRIMARY KEY (county_code, key)
);

-- A clock counted by a built-in default instead of its stored setting says so: the setting, the
-- engine's reason and the limit used (core/deadlines/clocks.ts, ClockFallback).
ALTER TABLE event_deadlines ADD COLUMN fallback jsonb;
