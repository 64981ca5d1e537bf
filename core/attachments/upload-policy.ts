/**
 * What an upload must be to be kept, and what is kept of it — decided from the bytes alone:
 *
 * - the type is sniffed from the first bytes (the declared Content-Type and file name are ignored);
 *   unknown types are refused;
 * - an image's size is read from its headers and must parse as the sniffed format; a picture over
 *   the pixel or side limit is refused before anything decodes it (a decompression bomb);
 * - a public upload (随手拍, no account) must be a photo whose metadata we can remove (JPEG, PNG, WebP,
 *   GIF — not HEIC) and is kept *only* without its metadata: we never hold a citizen's location
 *   taken from their photo. A staff upload is kept as it is, metadata and all: it is evidence.
 *
 * `publicViewOf` is the one way bytes reach someone outside the staff: stripped, or refused.
 */
import { fail } from '../errors.js';
import { sniffFileType, type SniffedType } from './file-sniffer.js';
import { readImageSize } from './image-formats.js';
import { canStripMetadata, stripImageMetadata } from './image-metadata.js';

/** 随手拍 (public, anonymous) or staff (signed in). */
export type UploadAudience = 'public' | 'staff';

export interface UploadLimits {
  /** Bytes. */
  maxBytes: number;
  /** Width × height. */
  maxPixels: number;
  /** The longer side, in pixels. */
  maxSide: number;
}

export interface PreparedUpload {
  type: SniffedType;
  /** What to store: the upload itself (staff) or its metadata-free copy (public). */
  bytes: Uint8Array;
  width: number | null;
  height: number | null;
  metadataStripped: boolean;
}

const megabytes = (n: number) => `${Math.floor((n / 1024 / 1024) * 10) / 10} MB`;

/** Checks an upload and returns what to store; throws a DomainError with the reason otherwise. */
export function prepareUpload(bytes: Uint8Array, audience: UploadAudience, limits: UploadLimits): PreparedUpload {
  if (bytes.length === 0) fail('VALIDATION_FAILED', 'the file is empty');
  if (bytes.length > limits.maxBytes)
    fail('ATTACHMENT_TOO_LARGE', `files are limited to ${megabytes(limits.maxBytes)}`);
  const type = sniffFileType(bytes);
  if (!type) fail('ATTACHMENT_TYPE_UNSUPPORTED', 'accepted files: photos (JPEG, PNG, WebP, GIF, HEIC), MP4 video, PDF');
  if (audience === 'public' && !canStripMetadata(type.mime)) {
    fail(
      'ATTACHMENT_TYPE_UNSUPPORTED',
      type.mime === 'image/heic'
        ? 'HEIC photos are not accepted here (their location cannot be removed): choose the photo as JPEG'
        : 'only photos (JPEG, PNG, WebP, GIF) are accepted',
    );
  }
  let width: number | null = null;
  let height: number | null = null;
  if (type.mime.startsWith('image/')) {
    ({ width, height } = readImageSize(bytes, type.mime));
    if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels) {
      fail(
        'ATTACHMENT_IMAGE_TOO_LARGE',
        `the picture is ${width} × ${height} pixels; at most ${limits.maxSide} on a side and ${Math.floor(limits.maxPixels / 1e6)} megapixels are accepted`,
        {
          width,
          height,
          maxSide: limits.maxSide,
          maxPixels: limits.maxPixels,
        },
      );
    }
  }
  if (audience === 'public')
    return { type, bytes: stripImageMetadata(bytes, type.mime), width, height, metadataStripped: true };
  return { type, bytes, width, height, metadataStripped: false };
}

/**
 * The bytes of a stored file as anyone outside the staff may see them: a photo without its
 * metadata; any other type (HEIC, video, PDF: metadata we cannot remove) is refused.
 */
export function publicViewOf(bytes: Uint8Array): Uint8Array {
  // the type from the bytes again, not from what was recorded: nothing outside decides what is shown
  const mime = sniffFileType(bytes)?.mime ?? 'application/octet-stream';
  if (!canStripMetadata(mime))
    fail('ATTACHMENT_NOT_PUBLIC', 'this file can be seen by the staff only (its metadata cannot be removed)');
  return stripImageMetadata(bytes, mime);
}
