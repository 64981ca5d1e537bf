-- 018_idempotency_fingerprint: an idempotency key answers only the request it was first sent with.
-- The fingerprint (SHA-256 of the request's canonical JSON, the key left out) is kept with the key:
-- the same key with the same body returns the first event; with another body it is refused
-- (IDEMPOTENCY_KEY_REUSED), as payment APIs do. Reports made before this have none and are
-- answered as before.
ALTER TABLE events ADD COLUMN idempotency_fingerprint text;
