-- Uploads never linked to an event (a 随手拍 photo whose report never came, a staff upload left
-- behind) are deleted after a while by the orphan-attachments job; this partial index keeps its
-- search small however many linked attachments there are.
CREATE INDEX attachments_orphan_idx ON attachments (created_at) WHERE event_id IS NULL;
