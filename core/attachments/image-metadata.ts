/**
 * Removing location (EXIF GPS) and other identifying metadata from an image, bytes in → bytes out,
 * without decoding: whole segments, chunks or blocks are dropped, the picture's own data is copied
 * as it is. What is kept is what a viewer needs to draw the picture correctly — by a list of what
 * to keep, never of what to drop, so a metadata format we have not heard of is removed too:
 *
 * - JPEG: JFIF (APP0), the ICC colour profile (APP2 `ICC_PROFILE`), Adobe's colour transform
 *   (APP14), the frame, tables and scans. Exif, XMP, MPF (and the extra images it points to past
 *   the end-of-image marker), IPTC/Photoshop (APP13), comments and everything after EOI go. The
 *   Exif *orientation* is kept, in a fresh Exif of its one tag: phone photos are stored sideways
 *   with a tag that says so, and without it a photo would show turned on its side.
 * - PNG: IHDR, PLTE, IDAT, IEND and the chunks that affect how pixels look (transparency, gamma,
 *   colour space, ICC, physical size, animation). eXIf, tEXt, zTXt, iTXt, tIME and others go.
 * - WebP: the bitstream, alpha, animation and ICC chunks; EXIF and XMP chunks go and the VP8X flags
 *   that announced them are cleared.
 * - GIF: images, graphic control and plain-text extensions, and the NETSCAPE2.0/ANIMEXTS1.0
 *   looping extension; comments and other application extensions (XMP) go.
 *
 * HEIC cannot be rewritten here (its metadata items are referenced by offsets into the file), nor
 * can MP4 video (Apple's ©xyz location atom) or PDF: `canStripMetadata` says no, and callers refuse
 * them wherever metadata must be gone.
 */
import { fail } from '../errors.js';
import { ascii, parseGif, parseJpeg, parsePng, parseWebp, PNG_CRITICAL, type ImagePart } from './image-formats.js';

const STRIPPABLE = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];

/** Whether `stripImageMetadata` can clean files of this (sniffed) type. */
export function canStripMetadata(mime: string): boolean {
  return STRIPPABLE.includes(mime);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const slice = (b: Uint8Array, part: ImagePart) => b.subarray(part.start, part.end);

/**
 * The image without its metadata. Throws ATTACHMENT_CORRUPT when the bytes do not parse, and
 * ATTACHMENT_TYPE_UNSUPPORTED for a type it cannot clean (see `canStripMetadata`).
 */
export function stripImageMetadata(bytes: Uint8Array, mime: string): Uint8Array {
  switch (mime) {
    case 'image/jpeg':
      return stripJpeg(bytes);
    case 'image/png':
      return stripPng(bytes);
    case 'image/webp':
      return stripWebp(bytes);
    case 'image/gif':
      return stripGif(bytes);
    default:
      return fail('ATTACHMENT_TYPE_UNSUPPORTED', `metadata cannot be removed from ${mime} files`);
  }
}

// ---------------------------------------------------------------------------------------- JPEG

function keepJpegSegment(b: Uint8Array, marker: number, payload: number, end: number): boolean {
  if (marker === 0xfe) return false; // COM
  if (marker < 0xe0 || marker > 0xef) return true; // not APPn: frame, tables, scans, restarts, EOI
  const id = ascii(b, payload, Math.min(end, payload + 12));
  if (marker === 0xe0) return id.startsWith('JFIF\0') || id.startsWith('JFXX\0');
  if (marker === 0xe2) return id.startsWith('ICC_PROFILE\0');
  if (marker === 0xee) return id.startsWith('Adobe');
  return false;
}

/** The Exif orientation (2–8) of an APP1 Exif payload, or null when absent, 1 (upright) or unreadable. */
export function exifOrientation(b: Uint8Array, payload: number, end: number): number | null {
  if (ascii(b, payload, payload + 6) !== 'Exif\0\0') return null;
  const tiff = payload + 6;
  if (tiff + 8 > end) return null;
  const order = ascii(b, tiff, tiff + 2);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  const u16 = (at: number) => (le ? b[at] | (b[at + 1] << 8) : (b[at] << 8) | b[at + 1]);
  const u32 = (at: number) =>
    le
      ? (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 2 ** 24
      : b[at] * 2 ** 24 + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);
  if (u16(tiff + 2) !== 42) return null;
  const ifd = tiff + u32(tiff + 4);
  if (ifd + 2 > end) return null;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) return null;
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
      const value = u16(entry + 8);
      return value >= 2 && value <= 8 ? value : null;
    }
  }
  return null;
}

/** An APP1 segment holding an Exif with one tag: Orientation (big-endian TIFF, IFD0 of one entry). */
export function orientationOnlyExif(orientation: number): Uint8Array {
  const payload = [
    0x45,
    0x78,
    0x69,
    0x66,
    0x00,
    0x00, // "Exif\0\0"
    0x4d,
    0x4d,
    0x00,
    0x2a,
    0x00,
    0x00,
    0x00,
    0x08, // MM, 42, IFD0 at 8
    0x00,
    0x01, // one entry
    0x01,
    0x12,
    0x00,
    0x03,
    0x00,
    0x00,
    0x00,
    0x01,
    0x00,
    orientation,
    0x00,
    0x00, // Orientation, SHORT, 1, value
    0x00,
    0x00,
    0x00,
    0x00, // no next IFD
  ];
  const length = payload.length + 2;
  return Uint8Array.from([0xff, 0xe1, length >> 8, length & 0xff, ...payload]);
}

function stripJpeg(b: Uint8Array): Uint8Array {
  const { segments } = parseJpeg(b);
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  let orientationDone = false;
  for (const s of segments) {
    if (s.marker === 0xe1 && !orientationDone && ascii(b, s.payload, s.payload + 6) === 'Exif\0\0') {
      orientationDone = true;
      const orientation = exifOrientation(b, s.payload, s.end);
      if (orientation) parts.push(orientationOnlyExif(orientation));
      continue;
    }
    if (keepJpegSegment(b, s.marker, s.payload, s.end)) parts.push(slice(b, s));
  }
  return concat(parts); // the last segment is EOI: anything after it (MPF images, trailers) is gone
}

// ----------------------------------------------------------------------------------------- PNG

/** Ancillary chunks that change how the pixels look (or animate); every other ancillary chunk is dropped. */
const PNG_RENDERING = [
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'cICP',
  'mDCV',
  'cLLI',
  'sBIT',
  'bKGD',
  'pHYs',
  'hIST',
  'acTL',
  'fcTL',
  'fdAT',
];

function stripPng(b: Uint8Array): Uint8Array {
  const { chunks } = parsePng(b);
  const kept = chunks.filter((c) => PNG_CRITICAL.includes(c.type) || PNG_RENDERING.includes(c.type));
  return concat([b.subarray(0, 8), ...kept.map((c) => slice(b, c))]);
}

// ---------------------------------------------------------------------------------------- WebP

const WEBP_KEEP = ['VP8X', 'VP8 ', 'VP8L', 'ALPH', 'ANIM', 'ANMF', 'ICCP'];
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

function stripWebp(b: Uint8Array): Uint8Array {
  const { chunks } = parseWebp(b);
  const kept = chunks
    .filter((c) => WEBP_KEEP.includes(c.fourcc))
    .map((c) => {
      const bytes = Uint8Array.from(slice(b, c)); // a copy: the VP8X flags are changed in it
      if (c.fourcc === 'VP8X') bytes[8] &= ~(VP8X_EXIF | VP8X_XMP);
      return bytes;
    });
  const body = concat(kept);
  const riffSize = 4 + body.length;
  const head = Uint8Array.from([
    0x52,
    0x49,
    0x46,
    0x46,
    riffSize & 0xff,
    (riffSize >> 8) & 0xff,
    (riffSize >> 16) & 0xff,
    (riffSize >>> 24) & 0xff,
    0x57,
    0x45,
    0x42,
    0x50,
  ]);
  return concat([head, body]);
}

// ----------------------------------------------------------------------------------------- GIF

const GIF_LOOPING = ['NETSCAPE2.0', 'ANIMEXTS1.0'];

function stripGif(b: Uint8Array): Uint8Array {
  const { head, blocks } = parseGif(b);
  const kept = blocks.filter(
    (x) =>
      x.kind === 'image' ||
      x.label === 0xf9 ||
      x.label === 0x01 ||
      (x.label === 0xff && GIF_LOOPING.includes(x.application ?? '')),
  );
  return concat([slice(b, head), ...kept.map((x) => slice(b, x)), Uint8Array.of(0x3b)]);
}
