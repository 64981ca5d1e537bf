-- 008_village_classes: village classes per month (放心 / 较好 / 一般 / 滞后), the county's settings
-- for them, and the pairing of villages with county departments (挂钩).

-- Settings a county centre edits, by key ('village_class:<county code>' …), as JSON validated by core.
CREATE TABLE analytics_settings (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  updated_by  integer REFERENCES people(id),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per village per month: the score, the class and the figures behind them, with the
-- settings used, so a past month's class reads as it was decided. Recomputed until the month is
-- over (final = false), then kept.
CREATE TABLE village_class_months (
  month         text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  village_code  text NOT NULL REFERENCES jurisdictions(code),
  town_code     text NOT NULL,
  county_code   text NOT NULL,
  score         numeric(5, 1),
  class         text CHECK (class IN ('reassured', 'good', 'average', 'lagging')),
  unclassed     text CHECK (unclassed IN ('below_minimum_volume', 'no_value')),
  entered       integer NOT NULL,
  parts         jsonb NOT NULL,
  settings      jsonb NOT NULL,
  final         boolean NOT NULL DEFAULT false,
  computed_at   timestamptz NOT NULL,
  PRIMARY KEY (month, village_code),
  CHECK ((class IS NULL) = (score IS NULL))
);
CREATE INDEX village_class_months_county_idx ON village_class_months (county_code, month, class);
CREATE INDEX village_class_months_town_idx ON village_class_months (town_code, month);
CREATE INDEX village_class_months_village_idx ON village_class_months (village_code, month);

-- 挂钩: a county department paired with a village (usually a lagging one) to help it catch up.
CREATE TABLE village_pairings (
  village_code   text NOT NULL REFERENCES jurisdictions(code),
  department_id  integer NOT NULL REFERENCES departments(id),
  note           text,
  created_by     integer REFERENCES people(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (village_code, department_id)
);
CREATE INDEX village_pairings_department_idx ON village_pairings (department_id);
