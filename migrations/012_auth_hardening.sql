-- 012_auth_hardening: sessions that end when unused, that name their client, and that end with the
-- person's access; sign-in lockout after repeated wrong passwords.

-- When a session was last used (the idle timeout, SESSION_IDLE_MINUTES) and from what client
-- (GET /api/auth/sessions lists them). The server writes last_used_at at most once a minute.
ALTER TABLE sessions ADD COLUMN last_used_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE sessions ADD COLUMN user_agent text;
ALTER TABLE sessions ADD COLUMN client_address text;

-- Consecutive wrong passwords per username (lower-cased, as typed). Counted for names that do not
-- exist too, so a lockout tells nothing about which usernames are real. A success deletes the row;
-- rows of long-past failures are deleted as new failures come in.
CREATE TABLE login_failures (
  username         text PRIMARY KEY,
  failures         integer NOT NULL,
  last_failure_at  timestamptz NOT NULL,
  locked_until     timestamptz
);
CREATE INDEX login_failures_last_failure_idx ON login_failures (last_failure_at);

-- A person deactivated, or whose password changes, is signed out everywhere — whatever path made
-- the change (the password route, an import, an operator's SQL). The password route then opens a
-- fresh session for the client that made the change.
CREATE FUNCTION people_revoke_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE sessions SET revoked_at = now() WHERE person_id = NEW.id AND revoked_at IS NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER people_revoke_sessions AFTER UPDATE OF active, password_hash ON people
  FOR EACH ROW
  WHEN ((OLD.active AND NOT NEW.active) OR OLD.password_hash IS DISTINCT FROM NEW.password_hash)
  EXECUTE FUNCTION people_revoke_sessions();
