-- 010_live: live updates. Every statement that inserts or updates events announces the rows it
-- touched on the channel `yiwang_events` with pg_notify. PostgreSQL delivers a notification only
-- when its transaction commits (a rolled-back change announces nothing), to every session that
-- LISTENs on the channel — in this process or another, on PostgreSQL and on PGlite alike. The
-- server (server/live/) listens and pushes each message to the signed-in browsers that may see the
-- event (GET /api/live, server-sent events).
--
-- One message per row, each far under pg_notify's 8000-byte limit:
--   {"v":1,"schema":…,"kind":"created"|"updated","id":…,"serialNo":…,"status":…,"light":…,
--    "jurisdictionCode":…,"countyCode":…,"townCode":…,"villageCode":…,"gridCode":…,"reporterId":…}
-- `schema` lets servers sharing a database in different schemas (the tests on PostgreSQL) ignore
-- each other's events. A statement touching more than 50 rows (a bulk load, a sweep turning many
-- lights at once) sends one message instead:
--   {"v":1,"schema":…,"kind":"bulk","count":…,"counties":[…]}
-- Statement-level triggers with transition tables keep a bulk load at one notification per
-- statement rather than one per row.

CREATE FUNCTION events_live_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  total integer;
  kind text := CASE WHEN TG_OP = 'INSERT' THEN 'created' ELSE 'updated' END;
  r record;
BEGIN
  SELECT count(*) INTO total FROM live_changed;
  IF total = 0 THEN
    RETURN NULL;
  END IF;
  IF total > 50 THEN
    PERFORM pg_notify('yiwang_events', json_build_object(
      'v', 1, 'schema', current_schema(), 'kind', 'bulk', 'count', total,
      'counties', (SELECT COALESCE(json_agg(c), '[]'::json) FROM (SELECT DISTINCT county_code AS c FROM live_changed WHERE county_code IS NOT NULL LIMIT 20) x)
    )::text);
    RETURN NULL;
  END IF;
  FOR r IN SELECT * FROM live_changed ORDER BY id LOOP
    PERFORM pg_notify('yiwang_events', json_build_object(
      'v', 1, 'schema', current_schema(), 'kind', kind,
      'id', r.id, 'serialNo', r.serial_no, 'status', r.status, 'light', r.light,
      'jurisdictionCode', r.jurisdiction_code, 'countyCode', r.county_code, 'townCode', r.town_code,
      'villageCode', r.village_code, 'gridCode', r.grid_code, 'reporterId', r.reporter_id
    )::text);
  END LOOP;
  RETURN NULL;
END $$;

-- A trigger with transition tables serves one event kind, hence two.
CREATE TRIGGER events_live_insert AFTER INSERT ON events
  REFERENCING NEW TABLE AS live_changed
  FOR EACH STATEMENT EXECUTE FUNCTION events_live_notify();
CREATE TRIGGER events_live_update AFTER UPDATE ON events
  REFERENCING NEW TABLE AS live_changed
  FOR EACH STATEMENT EXECUTE FUNCTION events_live_notify();
