/**
 * The attachment routes' contract: what an upload answers and what a download is sent as. Only
 * typebox, the schema primitives and core are imported, so the web app may `import type` from here.
 */
import { Type, type Static } from 'typebox';
import type { ErrorCode } from '../../core/errors.js';
import { FileAnswer, Nullable } from '../http/schema-primitives.js';

export const AttachmentIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) });

/** A file as stored (StoredAttachment): its type as sniffed from the bytes, and an image's pixels. */
export const StoredAttachment = Type.Object({
  id: Type.String({ description: 'the id to name in a report or an action (attachmentIds)' }),
  mimeType: Type.String(),
  sizeBytes: Type.Integer(),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
});
export type StoredAttachment = Static<typeof StoredAttachment>;

/** POST /api/attachments, POST /api/public/attachments (201). */
export const UploadAnswer = Type.Object({ attachment: StoredAttachment });
export type UploadAnswer = Static<typeof UploadAnswer>;

/** What an upload is: one file in a multipart form (the OpenAPI document's words; upload-body.ts reads it). */
export const UPLOAD_DESCRIPTION =
  'multipart/form-data with one file in the field "file". The type is read from the bytes: photos (JPEG, PNG, WebP, GIF, HEIC), MP4 video, PDF.';
export const PUBLIC_UPLOAD_DESCRIPTION =
  'multipart/form-data with one photo (JPEG, PNG, WebP, GIF) in the field "file"; it is kept without its metadata (no location).';

/** What an upload may be refused with (server/http/upload-body.ts reads it, core/attachments/upload-policy.ts checks it). */
export const UPLOAD_ERRORS = [
  'BODY_INCOMPLETE',
  'ATTACHMENT_TOO_LARGE',
  'ATTACHMENT_IMAGE_TOO_LARGE',
  'ATTACHMENT_TYPE_UNSUPPORTED',
  'ATTACHMENT_CORRUPT',
] as const satisfies readonly ErrorCode[];

/** The types a stored file is sent as (core/attachments/file-sniffer.ts). */
export const ATTACHMENT_MEDIA_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'video/mp4',
  'application/pdf',
] as const;

/** GET /api/attachments/:id: the file as uploaded (staff), or a photo without its metadata (a citizen). */
export const AttachmentFile = FileAnswer(
  ATTACHMENT_MEDIA_TYPES,
  'the file: as uploaded for the staff; for a citizen a photo without its metadata',
);
