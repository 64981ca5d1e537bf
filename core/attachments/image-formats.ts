/**
 * The structure of the image formats we take — JPEG, PNG, WebP, GIF, HEIC — read from their
 * headers without decoding a pixel: the picture's size (so a decompression bomb is refused before
 * anything decodes it) and the segments, chunks or blocks it is made of (so metadata can be cut out,
 * see image-metadata.ts). Bytes that do not parse as the format they claim to be are refused as
 * ATTACHMENT_CORRUPT.
 */
import { fail } from '../errors.js';

export interface ImageSize {
  width: number;
  height: number;
}

/** A piece of a file: bytes [start, end). */
export interface ImagePart {
  start: number;
  end: number;
}

const corrupt = (format: string, why: string): never =>
  fail('ATTACHMENT_CORRUPT', `the file is not a valid ${format} image (${why})`);

const u16be = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const u16le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u24le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
const u32be = (b: Uint8Array, at: number) => ((b[at] << 24) >>> 0) + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);
const u32le = (b: Uint8Array, at: number) => ((b[at + 3] << 24) >>> 0) + ((b[at + 2] << 16) | (b[at + 1] << 8) | b[at]);
export const ascii = (b: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));

// ---------------------------------------------------------------------------------------- JPEG

export interface JpegSegment extends ImagePart {
  /** The byte after 0xFF: 0xE1 APP1, 0xFE COM, 0xDA SOS (its part runs to the end of the scan's data) … */
  marker: number;
  /** Where the segment's payload starts (after marker and length). */
  payload: number;
}

export interface JpegStructure extends ImageSize {
  /** Everything between SOI and EOI, in order; the last one is EOI. */
  segments: JpegSegment[];
}

/** Start-of-frame markers: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
const isStartOfFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
const isRestart = (m: number) => m >= 0xd0 && m <= 0xd7;

export function parseJpeg(b: Uint8Array): JpegStructure {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) corrupt('JPEG', 'no start-of-image marker');
  const segments: JpegSegment[] = [];
  let size: ImageSize | null = null;
  let scans = 0;
  let pos = 2;
  for (;;) {
    if (pos + 1 >= b.length) corrupt('JPEG', 'it ends before the end-of-image marker');
    if (b[pos] !== 0xff) corrupt('JPEG', `no marker at byte ${pos}`);
    while (b[pos + 1] === 0xff && pos + 2 < b.length) pos++; // fill bytes
    const start = pos;
    const marker = b[pos + 1];
    if (marker === 0xd9) {
      segments.push({ marker, start, end: pos + 2, payload: pos + 2 });
      break;
    }
    if (isRestart(marker) || marker === 0x01) {
      segments.push({ marker, start, end: pos + 2, payload: pos + 2 });
      pos += 2;
      continue;
    }
    if (marker === 0x00 || marker === 0xd8 || marker === 0xff) corrupt('JPEG', `unexpected marker at byte ${pos}`);
    if (pos + 4 > b.length) corrupt('JPEG', 'a segment is cut off');
    const length = u16be(b, pos + 2);
    let end = pos + 2 + length;
    if (length < 2 || end > b.length) corrupt('JPEG', 'a segment is cut off');
    if (isStartOfFrame(marker)) {
      if (length < 8) corrupt('JPEG', 'a frame header is too short');
      const frame = { height: u16be(b, pos + 5), width: u16be(b, pos + 7) };
      if (frame.width === 0 || frame.height === 0) corrupt('JPEG', 'the frame has no size');
      size ??= frame;
    }
    if (marker === 0xda) {
      if (!size) corrupt('JPEG', 'image data comes before the frame header');
      scans++;
      // the entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart
      let i = end;
      for (;;) {
        if (i + 1 >= b.length) corrupt('JPEG', 'it ends inside the image data');
        if (b[i] === 0xff) {
          const next = b[i + 1];
          if (next === 0x00 || isRestart(next)) i += 2;
          else if (next === 0xff) i += 1;
          else break;
        } else i++;
      }
      end = i;
    }
    segments.push({ marker, start, end, payload: pos + 4 });
    pos = end;
  }
  if (!size || scans === 0) corrupt('JPEG', 'no image data');
  return { ...size!, segments };
}

// ----------------------------------------------------------------------------------------- PNG

export interface PngChunk extends ImagePart {
  type: string;
}

export interface PngStructure extends ImageSize {
  /** From IHDR to IEND, in order. */
  chunks: PngChunk[];
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Critical chunks a decoder must understand; any other critical chunk makes the file unreadable. */
export const PNG_CRITICAL = ['IHDR', 'PLTE', 'IDAT', 'IEND'];

export function parsePng(b: Uint8Array): PngStructure {
  if (b.length < 8 || PNG_SIGNATURE.some((v, i) => b[i] !== v)) corrupt('PNG', 'no PNG signature');
  const chunks: PngChunk[] = [];
  let pos = 8;
  for (;;) {
    if (pos + 12 > b.length) corrupt('PNG', 'it ends before the IEND chunk');
    const length = u32be(b, pos);
    const type = ascii(b, pos + 4, pos + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) corrupt('PNG', `a chunk has a bad type at byte ${pos}`);
    const end = pos + 12 + length;
    if (length > 0x7fffffff || end > b.length) corrupt('PNG', `the ${type} chunk is cut off`);
    if (chunks.length === 0 && (type !== 'IHDR' || length !== 13)) corrupt('PNG', 'the first chunk is not IHDR');
    if (type[0] === type[0].toUpperCase() && !PNG_CRITICAL.includes(type))
      corrupt('PNG', `unknown critical chunk ${type}`);
    chunks.push({ type, start: pos, end });
    pos = end;
    if (type === 'IEND') break;
  }
  if (!chunks.some((c) => c.type === 'IDAT')) corrupt('PNG', 'no image data');
  const width = u32be(b, 16);
  const height = u32be(b, 20);
  if (width === 0 || height === 0) corrupt('PNG', 'the image has no size');
  return { width, height, chunks };
}

// ---------------------------------------------------------------------------------------- WebP

export interface WebpChunk extends ImagePart {
  fourcc: string;
  /** Where the chunk's data starts. */
  data: number;
}

export interface WebpStructure extends ImageSize {
  chunks: WebpChunk[];
}

export function parseWebp(b: Uint8Array): WebpStructure {
  if (b.length < 20 || ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 12) !== 'WEBP') corrupt('WebP', 'no RIFF/WEBP header');
  const riffEnd = 8 + u32le(b, 4);
  if (riffEnd > b.length) corrupt('WebP', 'the file is shorter than its header says');
  const chunks: WebpChunk[] = [];
  let pos = 12;
  while (pos < riffEnd) {
    if (pos + 8 > riffEnd) corrupt('WebP', `a chunk header is cut off at byte ${pos}`);
    const fourcc = ascii(b, pos, pos + 4);
    const size = u32le(b, pos + 4);
    const dataEnd = pos + 8 + size;
    if (dataEnd > riffEnd) corrupt('WebP', `the ${fourcc.trim()} chunk is cut off`);
    const end = Math.min(dataEnd + (size & 1), riffEnd);
    chunks.push({ fourcc, start: pos, end, data: pos + 8 });
    pos = end;
  }
  const first = chunks[0];
  if (!first) corrupt('WebP', 'no chunks');
  const d = first.data;
  const size = first.end - first.data;
  let dims: ImageSize;
  if (first.fourcc === 'VP8 ') {
    if (size < 10 || b[d + 3] !== 0x9d || b[d + 4] !== 0x01 || b[d + 5] !== 0x2a)
      corrupt('WebP', 'bad VP8 frame header');
    dims = { width: u16le(b, d + 6) & 0x3fff, height: u16le(b, d + 8) & 0x3fff };
  } else if (first.fourcc === 'VP8L') {
    if (size < 5 || b[d] !== 0x2f) corrupt('WebP', 'bad VP8L header');
    const bits = u32le(b, d + 1);
    dims = { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  } else if (first.fourcc === 'VP8X') {
    if (size < 10) corrupt('WebP', 'bad VP8X header');
    dims = { width: u24le(b, d + 4) + 1, height: u24le(b, d + 7) + 1 };
    if (!chunks.some((c) => c.fourcc === 'VP8 ' || c.fourcc === 'VP8L' || c.fourcc === 'ANMF'))
      corrupt('WebP', 'no image data');
  } else {
    return corrupt('WebP', `unexpected first chunk ${first.fourcc.trim()}`);
  }
  if (dims.width === 0 || dims.height === 0) corrupt('WebP', 'the image has no size');
  return { ...dims, chunks };
}

// ----------------------------------------------------------------------------------------- GIF

export interface GifBlock extends ImagePart {
  kind: 'image' | 'extension';
  /** An extension's label: 0xF9 graphic control, 0xFE comment, 0xFF application, 0x01 plain text. */
  label?: number;
  /** An application extension's identifier and code (`NETSCAPE2.0`). */
  application?: string;
}

export interface GifStructure extends ImageSize {
  /** Header, logical screen descriptor and global colour table. */
  head: ImagePart;
  blocks: GifBlock[];
}

export function parseGif(b: Uint8Array): GifStructure {
  const version = ascii(b, 0, 6);
  if (b.length < 14 || (version !== 'GIF87a' && version !== 'GIF89a')) corrupt('GIF', 'no GIF header');
  let width = u16le(b, 6);
  let height = u16le(b, 8);
  let pos = 13;
  if (b[10] & 0x80) pos += 3 * (1 << ((b[10] & 7) + 1));
  const head = { start: 0, end: pos };
  const blocks: GifBlock[] = [];
  const skipSubBlocks = (p: number) => {
    for (;;) {
      if (p >= b.length) corrupt('GIF', 'it ends inside a block');
      const n = b[p];
      p += 1 + n;
      if (n === 0) return p;
    }
  };
  for (;;) {
    if (pos >= b.length) corrupt('GIF', 'it ends before the trailer');
    const introducer = b[pos];
    if (introducer === 0x3b) break;
    if (introducer === 0x21) {
      if (pos + 2 > b.length) corrupt('GIF', 'an extension is cut off');
      const label = b[pos + 1];
      const application = label === 0xff && b[pos + 2] === 11 ? ascii(b, pos + 3, pos + 14) : undefined;
      const end = skipSubBlocks(pos + 2);
      blocks.push({ kind: 'extension', label, application, start: pos, end });
      pos = end;
    } else if (introducer === 0x2c) {
      if (pos + 11 > b.length) corrupt('GIF', 'an image descriptor is cut off');
      width = Math.max(width, u16le(b, pos + 5));
      height = Math.max(height, u16le(b, pos + 7));
      let p = pos + 10;
      if (b[pos + 9] & 0x80) p += 3 * (1 << ((b[pos + 9] & 7) + 1));
      const end = skipSubBlocks(p + 1); // after the LZW minimum code size
      blocks.push({ kind: 'image', start: pos, end });
      pos = end;
    } else {
      corrupt('GIF', `unexpected byte ${introducer} at ${pos}`);
    }
  }
  if (!blocks.some((x) => x.kind === 'image')) corrupt('GIF', 'no image');
  if (width === 0 || height === 0) corrupt('GIF', 'the image has no size');
  return { width, height, head, blocks };
}

// ---------------------------------------------------------------------------------------- HEIC

/**
 * HEIC (ISO-BMFF): the largest `ispe` (image spatial extent) property under meta/iprp/ipco — the
 * primary image's, or its grid's, never smaller than any tile's.
 */
export function parseHeicSize(b: Uint8Array): ImageSize {
  const boxes = (from: number, to: number): { type: string; start: number; body: number; end: number }[] => {
    const found = [];
    let pos = from;
    while (pos + 8 <= to) {
      let size = u32be(b, pos);
      const type = ascii(b, pos + 4, pos + 8);
      let body = pos + 8;
      if (size === 1) {
        if (pos + 16 > to || u32be(b, pos + 8) !== 0) corrupt('HEIC', 'a box is too large');
        size = u32be(b, pos + 12);
        body = pos + 16;
      } else if (size === 0) size = to - pos;
      if (size < body - pos || pos + size > to) corrupt('HEIC', `the ${type} box is cut off`);
      found.push({ type, start: pos, body, end: pos + size });
      pos += size;
    }
    return found;
  };
  const top = boxes(0, b.length);
  if (top[0]?.type !== 'ftyp') corrupt('HEIC', 'no ftyp box');
  const meta = top.find((x) => x.type === 'meta');
  if (!meta) return corrupt('HEIC', 'no meta box');
  const iprp = boxes(meta.body + 4, meta.end).find((x) => x.type === 'iprp'); // meta is a full box
  const ipco = iprp && boxes(iprp.body, iprp.end).find((x) => x.type === 'ipco');
  const extents = ipco ? boxes(ipco.body, ipco.end).filter((x) => x.type === 'ispe' && x.end - x.body >= 12) : [];
  if (!extents.length) corrupt('HEIC', 'no image size (ispe)');
  const width = Math.max(...extents.map((x) => u32be(b, x.body + 4)));
  const height = Math.max(...extents.map((x) => u32be(b, x.body + 8)));
  if (width === 0 || height === 0) corrupt('HEIC', 'the image has no size');
  return { width, height };
}

/** The size of an image of the given (sniffed) type, from its headers; throws ATTACHMENT_CORRUPT. */
export function readImageSize(bytes: Uint8Array, mime: string): ImageSize {
  const pick = ({ width, height }: ImageSize) => ({ width, height });
  switch (mime) {
    case 'image/jpeg':
      return pick(parseJpeg(bytes));
    case 'image/png':
      return pick(parsePng(bytes));
    case 'image/webp':
      return pick(parseWebp(bytes));
    case 'image/gif':
      return pick(parseGif(bytes));
    case 'image/heic':
      return parseHeicSize(bytes);
    default:
      throw new Error(`readImageSize: not an image type ${mime}`);
  }
}
