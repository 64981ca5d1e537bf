/**
 * Storing an uploaded attachment and handing its bytes out. What is accepted and what is kept is
 * decided in the core (core/attachments/upload-policy.ts): the type sniffed from the bytes, images'
 * sizes read from their headers, a public upload kept only without its metadata. Here the bytes
 * are written behind the storage interface and indexed in the database. Linking to an event
 * happens at intake or with an action, in that transaction.
 *
 * `attachmentBytesFor` is the one place stored bytes are read for a viewer: the staff get the file
 * as uploaded (evidence, metadata and all); a citizen or anyone without an account gets a photo
 * without its metadata, or nothing.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { AttachmentsTable, Schema } from '../db/schema.js';
import type { Config } from '../config.js';
import type { AttachmentStorage } from './attachment-storage.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import { prepareUpload, publicViewOf, type UploadAudience } from '../../core/attachments/upload-policy.js';
import { fail } from '../../core/errors.js';
import { eventFactsFrom, relationTo } from '../../core/events/event-access.js';
import { AttachmentRepository } from './attachment.repository.js';
import type { JobDefinition } from '../jobs/job-scheduler.js';

export interface StoredAttachment {
  id: string;
  mimeType: string;
  sizeBytes: number;
  /** Pixels, for images. */
  width: number | null;
  height: number | null;
}

type MediaConfig = Pick<Config, 'maxUploadBytes' | 'publicMaxUploadBytes' | 'maxImagePixels' | 'maxImageSide'>;

/** The byte limit of an upload from this audience. */
export function uploadByteLimit(config: MediaConfig, audience: UploadAudience): number {
  return audience === 'public' ? Math.min(config.publicMaxUploadBytes, config.maxUploadBytes) : config.maxUploadBytes;
}

export async function storeAttachment(
  deps: { config: MediaConfig; db: Kysely<Schema>; storage: AttachmentStorage; now: () => Date },
  file: { bytes: Buffer; filename?: string },
  uploaderId: number | null,
  audience: UploadAudience,
): Promise<StoredAttachment> {
  const prepared = prepareUpload(file.bytes, audience, {
    maxBytes: uploadByteLimit(deps.config, audience),
    maxPixels: deps.config.maxImagePixels,
    maxSide: deps.config.maxImageSide,
  });
  const bytes = Buffer.from(prepared.bytes.buffer, prepared.bytes.byteOffset, prepared.bytes.byteLength);
  const id = randomUUID();
  const now = deps.now();
  const key = `attachments/${now.toISOString().slice(0, 7)}/${id}.${prepared.type.extension}`;
  await deps.storage.put(key, bytes);
  try {
    await new AttachmentRepository(deps.db).insert({
      id,
      storage_key: key,
      mime_type: prepared.type.mime,
      size_bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      original_name: file.filename ? file.filename.slice(0, 200) : null,
      uploaded_by: uploaderId,
      created_at: now,
    });
  } catch (error) {
    await deps.storage.delete(key);
    throw error;
  }
  return { id, mimeType: prepared.type.mime, sizeBytes: bytes.length, width: prepared.width, height: prepared.height };
}

/**
 * An event's files are read by whoever may see the event (core/events/event-access.ts, the rule
 * the event's own pages use); otherwise EVENT_NOT_FOUND, as if it did not exist.
 */
export async function assertEventVisible(db: Kysely<Schema>, user: CurrentUser, eventId: number): Promise<void> {
  const facts = await new AttachmentRepository(db).eventAccessFacts(eventId);
  if (!facts || !relationTo(user, eventFactsFrom(facts.event, facts.assignments)).canSee)
    fail('EVENT_NOT_FOUND', `no event ${eventId}`);
}

/** Whether a viewer sees stored files as uploaded: signed-in staff, not citizens, not anonymous visitors. */
export function seesOriginals(viewer: CurrentUser | null): viewer is CurrentUser {
  return viewer !== null && viewer.role !== 'citizen';
}

/**
 * The bytes of a stored attachment as this viewer may see them (who may see the attachment at all
 * is the caller's check). Throws ATTACHMENT_NOT_PUBLIC for a file that cannot be cleaned.
 */
export async function attachmentBytesFor(
  deps: { storage: AttachmentStorage },
  row: Pick<Selectable<AttachmentsTable>, 'storage_key'>,
  viewer: CurrentUser | null,
): Promise<Buffer> {
  const stored = await deps.storage.get(row.storage_key);
  if (seesOriginals(viewer)) return stored;
  const clean = publicViewOf(stored);
  return Buffer.from(clean.buffer, clean.byteOffset, clean.byteLength);
}

/**
 * Deletes uploads never linked to an event — public ones after `publicOrphanHours`, staff ones after
 * `staffOrphanHours` — rows first (in one statement that skips rows an intake is linking right now),
 * then their files, so the public upload is no free file store. A file whose row is gone is never
 * served; a crash between the two leaves at worst an unreachable file. Returns how many were removed.
 */
export async function removeOrphanAttachments(deps: {
  config: Pick<Config, 'publicOrphanHours' | 'staffOrphanHours'>;
  db: Kysely<Schema>;
  storage: AttachmentStorage;
  now: () => Date;
}): Promise<number> {
  const now = deps.now().getTime();
  const hours = 3_600_000;
  const repository = new AttachmentRepository(deps.db);
  let removed = 0;
  for (;;) {
    const keys = await repository.deleteOrphans({
      publicBefore: new Date(now - deps.config.publicOrphanHours * hours),
      staffBefore: new Date(now - deps.config.staffOrphanHours * hours),
      limit: 500,
    });
    for (const key of keys) await deps.storage.delete(key);
    removed += keys.length;
    if (keys.length < 500) return removed;
  }
}

/** The periodic job: hourly, orphaned uploads are removed (see removeOrphanAttachments). */
export function orphanAttachmentsJob(deps: Parameters<typeof removeOrphanAttachments>[0]): JobDefinition {
  return { name: 'orphan-attachments', intervalMs: 60 * 60_000, run: () => removeOrphanAttachments(deps) };
}
