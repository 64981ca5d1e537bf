/**
 * Storing an uploaded attachment: the type is sniffed from the bytes, the size limited, the bytes
 * written behind the storage interface and indexed in the database. Linking to an event happens
 * at intake or with an action, in that transaction.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { AttachmentStorage } from './attachment-storage.js';
import { sniffFileType } from '../../core/attachments/file-sniffer.js';
import { fail } from '../../core/errors.js';
import { AttachmentRepository } from './attachment.repository.js';

export interface StoredAttachment {
  id: string;
  mimeType: string;
  sizeBytes: number;
}

export async function storeAttachment(
  deps: { db: Kysely<Schema>; storage: AttachmentStorage; now: () => Date },
  file: { bytes: Buffer; filename?: string },
  uploaderId: number | null,
  options: { imagesOnly?: boolean; maxBytes: number },
): Promise<StoredAttachment> {
  if (file.bytes.length === 0) fail('VALIDATION_FAILED', 'the file is empty');
  if (file.bytes.length > options.maxBytes) fail('ATTACHMENT_TOO_LARGE', `files are limited to ${Math.floor(options.maxBytes / 1024 / 1024)} MB`);
  const type = sniffFileType(file.bytes);
  if (!type || (options.imagesOnly && !type.mime.startsWith('image/'))) {
    fail('ATTACHMENT_TYPE_UNSUPPORTED', options.imagesOnly ? 'only photos (JPEG, PNG, WebP, GIF, HEIC) are accepted' : 'accepted files: photos (JPEG, PNG, WebP, GIF, HEIC), MP4 video, PDF');
  }
  const id = randomUUID();
  const now = deps.now();
  const key = `attachments/${now.toISOString().slice(0, 7)}/${id}.${type.extension}`;
  await deps.storage.put(key, file.bytes);
  try {
    await new AttachmentRepository(deps.db).insert({
      id,
      storage_key: key,
      mime_type: type.mime,
      size_bytes: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      original_name: file.filename ? file.filename.slice(0, 200) : null,
      uploaded_by: uploaderId,
      created_at: now,
    });
  } catch (error) {
    await deps.storage.delete(key);
    throw error;
  }
  return { id, mimeType: type.mime, sizeBytes: file.bytes.length };
}
