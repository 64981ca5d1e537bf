/**
 * Uploading an attachment (POST /api/attachments, server/storage/attachment.routes.ts): one file
 * as multipart `file`, answered with its id, which an action or a report then names in
 * `attachmentIds`. XMLHttpRequest rather than fetch because fetch reports no upload progress.
 * Failures are ApiErrors like the client's (the server's code and message; NETWORK when
 * unreachable). The server sniffs the type from the bytes and enforces its size limit
 * (MAX_UPLOAD_BYTES); the checks here only save a pointless upload.
 */
import { ApiError, CSRF_HEADERS } from './client';
import type { StoredAttachment, UploadAnswer } from '../../../server/storage/attachment.schemas.js';

/** POST /api/attachments → attachment (server/storage/attachment.schemas.ts): the id, the sniffed type, an image's pixels. */
export type UploadedAttachment = StoredAttachment;

/** What the server accepts for staff (core/attachments/file-sniffer.ts), minus video: photos and PDF. */
export const EVIDENCE_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'image/heif',
  'application/pdf',
] as const;
/** The file picker's `accept`: types and extensions (HEIC often comes without a type). */
export const EVIDENCE_ACCEPT = [
  ...EVIDENCE_TYPES,
  '.jpg',
  '.jpeg',
  '.png',
  '.gif',
  '.webp',
  '.heic',
  '.heif',
  '.pdf',
].join(',');
/** The server's default limit (MAX_UPLOAD_BYTES, 10 MB); a server set lower still refuses with ATTACHMENT_TOO_LARGE. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const EXTENSIONS = /\.(jpe?g|png|gif|webp|heic|heif|pdf)$/i;

/** Whether a picked file is of a kind the server would take (by type, or by name when the browser gives none). */
export function isEvidenceFile(file: { type: string; name: string }): boolean {
  return file.type ? (EVIDENCE_TYPES as readonly string[]).includes(file.type) : EXTENSIONS.test(file.name);
}

export function uploadAttachment(
  file: Blob,
  name: string,
  options: { onProgress?(percent: number): void; signal?: AbortSignal } = {},
): Promise<UploadedAttachment> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new DOMException('upload aborted', 'AbortError'));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/attachments');
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    for (const [name, value] of Object.entries(CSRF_HEADERS)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e: ProgressEvent) => {
      if (e.lengthComputable && e.total > 0)
        options.onProgress?.(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onload = () => {
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const attachment = (data as Partial<UploadAnswer> | undefined)?.attachment;
        if (attachment?.id) return resolve(attachment);
        return reject(new ApiError(xhr.status, `HTTP_${xhr.status}`, 'unexpected upload response'));
      }
      const payload = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
      reject(
        new ApiError(
          xhr.status,
          payload?.code ?? `HTTP_${xhr.status}`,
          payload?.message ?? xhr.statusText,
          payload?.details,
        ),
      );
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error'));
    xhr.onabort = () => reject(new DOMException('upload aborted', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, name);
    xhr.send(form);
  });
}
