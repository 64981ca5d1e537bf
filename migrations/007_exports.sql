-- 007_exports: event-list exports (事件清单导出) as background jobs. The file is written by the
-- export worker (server/exports/export.service.ts) into the exports folder; the row tracks it.

CREATE TABLE export_jobs (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  requested_by       integer NOT NULL REFERENCES people(id),
  -- The requester's jurisdiction when they asked (the rows are chosen by their rights when it runs).
  jurisdiction_code  text NOT NULL,
  format             text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  -- The event list's filters as given (the keys of GET /api/events' query).
  filters            jsonb NOT NULL DEFAULT '{}'::jsonb,
  status             text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed', 'expired')),
  total_rows         integer CHECK (total_rows >= 0),
  rows_written       integer NOT NULL DEFAULT 0 CHECK (rows_written >= 0),
  -- The finished file's name inside the exports folder (never a path).
  file_name          text,
  file_bytes         bigint CHECK (file_bytes >= 0),
  error              text,
  -- The running attempt's lease: past it, the worker is taken for dead and the job runs again from
  -- the start. locked_by names the attempt, so a worker that lost its lease cannot finish the job.
  locked_until       timestamptz,
  locked_by          text,
  attempts           integer NOT NULL DEFAULT 0,
  created_at         timestamptz NOT NULL DEFAULT now(),
  started_at         timestamptz,
  finished_at        timestamptz,
  -- When the file is deleted (7 days after it was finished).
  expires_at         timestamptz,
  CHECK (status <> 'done' OR (file_name IS NOT NULL AND file_bytes IS NOT NULL AND finished_at IS NOT NULL AND expires_at IS NOT NULL)),
  CHECK (status <> 'running' OR (locked_until IS NOT NULL AND locked_by IS NOT NULL))
);
-- "My exports", newest first (and the count of my unfinished ones).
CREATE INDEX export_jobs_requester_idx ON export_jobs (requested_by, id DESC);
-- The worker's work: queued jobs in order, and running ones whose lease may have run out.
CREATE INDEX export_jobs_work_idx ON export_jobs (id) WHERE status IN ('queued', 'running');
-- Finished files to delete when they expire.
CREATE INDEX export_jobs_expiry_idx ON export_jobs (expires_at) WHERE status = 'done';
