-- 个人信息保护: the reporter's phone and ID numbers encrypted at rest (AES-256-GCM envelopes made in
-- the application — the key is never in SQL), each with a keyed search hash (HMAC-SHA256) and the
-- masked form every list, export and log shows. The plaintext column events.reporter_phone stays for
-- now but is emptied: a start-up step (encryptLegacyPhones in server/personal-data/personal-data-upkeep.ts) encrypts what earlier
-- versions stored and sets it to NULL in batches; nothing writes it any more. A later migration may
-- drop it once every installation has started this version.
ALTER TABLE events
  ADD COLUMN reporter_phone_enc        text,
  ADD COLUMN reporter_phone_hash       text,
  ADD COLUMN reporter_phone_masked     text,
  ADD COLUMN reporter_id_number_enc    text,
  ADD COLUMN reporter_id_number_hash   text,
  ADD COLUMN reporter_id_number_masked text,
  -- 匿名反映: the handling side sees no identity of the reporter
  ADD COLUMN reporter_anonymous        boolean NOT NULL DEFAULT false;

CREATE INDEX events_reporter_phone_hash_idx ON events (reporter_phone_hash) WHERE reporter_phone_hash IS NOT NULL;
CREATE INDEX events_reporter_id_number_hash_idx ON events (reporter_id_number_hash) WHERE reporter_id_number_hash IS NOT NULL;
-- the start-up encryption and rotate-pii-key find what is left to do through these
CREATE INDEX events_reporter_phone_plain_idx ON events (id) WHERE reporter_phone IS NOT NULL;
