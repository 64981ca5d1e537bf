-- 011_audit: the audit trail (审计日志). One append-only, hash-chained record per write request and
-- per read of personal data: who (actor, role, jurisdiction — null for anonymous public calls), what
-- (a stable action name, the target), when, from where (client address), and how it ended (HTTP
-- status, error code). `details` holds small facts (ids, field names, the username tried at sign-in),
-- never personal data, passwords or tokens.
--
-- The chain: hash = sha256(prev_hash ‖ audit_record_text(record)), prev_hash = the previous record's
-- hash (64 zeros for the first). Ids and chain order are one and the same: the BEFORE INSERT trigger
-- takes the one-row chain head FOR UPDATE — which serialises appends across connections and
-- processes — and gives the new record the next id (gapless: a rolled-back append rolls the head
-- back too), the head's hash as prev_hash, and its own hash. `verify-audit` recomputes the chain.

CREATE TABLE audit_records (
  id                  bigint PRIMARY KEY,
  at                  timestamptz NOT NULL,
  actor_id            integer,          -- no foreign key: the record outlives the person
  actor_name          text,
  actor_role          text,
  actor_jurisdiction  text,
  action              text NOT NULL,    -- 'POST /api/events/:id/actions/resolve', 'READ GET /api/people' …
  target_type         text,
  target_id           text,
  client_address      text,
  status              integer NOT NULL, -- the HTTP status answered
  error_code          text,             -- the error's stable code when refused or failed
  details             jsonb,
  prev_hash           text NOT NULL,
  hash                text NOT NULL
);
CREATE INDEX audit_records_at_idx ON audit_records (at);
CREATE INDEX audit_records_actor_idx ON audit_records (actor_id, id);
CREATE INDEX audit_records_target_idx ON audit_records (target_type, target_id, id);
CREATE INDEX audit_records_jurisdiction_idx ON audit_records (actor_jurisdiction text_pattern_ops, id);

-- The chain's head: the last record's id and hash. Exactly one row.
CREATE TABLE audit_chain_head (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_id    bigint NOT NULL,
  last_hash  text NOT NULL
);
INSERT INTO audit_chain_head (singleton, last_id, last_hash) VALUES (true, 0, repeat('0', 64));

-- The canonical text of a record: a JSON array of every field but the hashes, the time in UTC to
-- the microsecond — the same on PGlite and PostgreSQL whatever the session's TimeZone, and jsonb's
-- text form is canonical (keys sorted, fixed spacing).
CREATE FUNCTION audit_record_text(r audit_records) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_array(
    r.id, to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    r.actor_id, r.actor_name, r.actor_role, r.actor_jurisdiction,
    r.action, r.target_type, r.target_id, r.client_address, r.status, r.error_code, r.details
  )::text
$$;

CREATE FUNCTION audit_record_hash(r audit_records) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(r.prev_hash || audit_record_text(r), 'UTF8')), 'hex')
$$;

CREATE FUNCTION audit_records_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
BEGIN
  SELECT * INTO head FROM audit_chain_head WHERE singleton FOR UPDATE;
  NEW.id := head.last_id + 1;
  NEW.at := coalesce(NEW.at, clock_timestamp());
  NEW.prev_hash := head.last_hash;
  NEW.hash := audit_record_hash(NEW);
  UPDATE audit_chain_head SET last_id = NEW.id, last_hash = NEW.hash WHERE singleton;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_records_chain BEFORE INSERT ON audit_records
  FOR EACH ROW EXECUTE FUNCTION audit_records_chain();

CREATE FUNCTION audit_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_records is append-only';
END $$;
CREATE TRIGGER audit_records_no_update BEFORE UPDATE OR DELETE ON audit_records
  FOR EACH ROW EXECUTE FUNCTION audit_records_append_only();
CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
  FOR EACH STATEMENT EXECUTE FUNCTION audit_records_append_only();
