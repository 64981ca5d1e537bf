-- 002_work_calendar: the county centre's adjustments to the work calendar (工作日历调整). The
-- statutory arrangements come from the chinese-days package; a row here wins over it for its date:
-- a local day off, a swapped working day, or next year's arrangement before the package has it.
CREATE TABLE calendar_overrides (
  date        date PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('workday', 'holiday')),
  name        text CHECK (name IS NULL OR length(name) BETWEEN 1 AND 50),
  note        text CHECK (note IS NULL OR length(note) <= 500),
  updated_by  integer REFERENCES people(id),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
