import { describe, expect, it } from 'vitest';
import { parseGif, parseJpeg, parsePng, parseWebp, readImageSize } from './image-formats.js';
import { exifOrientation, stripImageMetadata } from './image-metadata.js';
import { buildGif, buildJpeg, buildPng, buildWebp, containsBytes, crc32, GPS_LATITUDE, SECRET } from './test-images.js';

/** The metadata is there before and gone after; the picture still parses at the same size. */
function expectClean(original: Uint8Array, mime: string) {
  expect(containsBytes(original, GPS_LATITUDE)).toBe(true);
  expect(containsBytes(original, SECRET)).toBe(true);
  const clean = stripImageMetadata(original, mime);
  expect(containsBytes(clean, GPS_LATITUDE)).toBe(false);
  expect(containsBytes(clean, SECRET)).toBe(false);
  expect(containsBytes(clean, 'GPSLatitude')).toBe(false);
  expect(readImageSize(clean, mime)).toEqual(readImageSize(original, mime));
  // idempotent: a clean file comes out as it went in
  expect(stripImageMetadata(clean, mime)).toEqual(clean);
  return clean;
}

describe('removing location and identifying metadata', () => {
  it('JPEG: drops Exif/GPS, XMP, MPF, IPTC, comments and what follows EOI; keeps JFIF, ICC, tables and scan; keeps the orientation alone', () => {
    const original = buildJpeg({ width: 40, height: 24, orientation: 6 });
    const clean = expectClean(original, 'image/jpeg');
    const { segments } = parseJpeg(clean);
    expect(segments.map((s) => s.marker.toString(16))).toEqual(['e0', 'e1', 'e2', 'db', 'c0', 'c4', 'c4', 'da', 'd9']);
    const exif = segments[1];
    expect(exif.end - exif.start).toBe(36); // marker, length, "Exif\0\0" and one IFD entry
    expect(exifOrientation(clean, exif.payload, exif.end)).toBe(6);
    expect(containsBytes(clean, 'ICC_PROFILE\0')).toBe(true);
    expect(containsBytes(clean, 'MPF\0')).toBe(false);
    expect(clean.at(-2)).toBe(0xff);
    expect(clean.at(-1)).toBe(0xd9);
    // the picture itself (tables, frame, scan) is byte for byte the original's
    const scanOf = (b: Uint8Array) =>
      b.subarray(parseJpeg(b).segments.find((s) => s.marker === 0xdb)!.start, parseJpeg(b).segments.at(-1)!.end);
    expect(scanOf(clean)).toEqual(scanOf(original));
  });

  it('JPEG: an upright photo keeps no Exif at all', () => {
    const clean = stripImageMetadata(buildJpeg({ width: 8, height: 8, orientation: 1 }), 'image/jpeg');
    expect(parseJpeg(clean).segments.some((s) => s.marker === 0xe1)).toBe(false);
  });

  it('PNG: drops tEXt, iTXt, eXIf and tIME; keeps IHDR, gAMA, IDAT, IEND with their checksums', () => {
    const clean = expectClean(buildPng({ width: 5, height: 3 }), 'image/png');
    const { chunks } = parsePng(clean);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'gAMA', 'IDAT', 'IEND']);
    for (const c of chunks) {
      const body = clean.subarray(c.start + 4, c.end - 4);
      const crc = new DataView(clean.buffer, clean.byteOffset + c.end - 4, 4).getUint32(0);
      expect(crc32(body)).toBe(crc);
    }
  });

  it('WebP: drops the EXIF and XMP chunks, clears their VP8X flags and rewrites the RIFF size', () => {
    const clean = expectClean(buildWebp({ width: 300, height: 200 }), 'image/webp');
    const { chunks } = parseWebp(clean);
    expect(chunks.map((c) => c.fourcc)).toEqual(['VP8X', 'ICCP', 'VP8L']);
    expect(clean[20] & 0x0c).toBe(0); // EXIF (0x08) and XMP (0x04) flags
    expect(clean[20] & 0x20).toBe(0x20); // ICC still announced
    expect(new DataView(clean.buffer, clean.byteOffset).getUint32(4, true)).toBe(clean.length - 8);
  });

  it('GIF: drops comments and the XMP application extension; keeps the NETSCAPE loop, graphic control and image', () => {
    const clean = expectClean(buildGif({ width: 4, height: 4 }), 'image/gif');
    const { blocks } = parseGif(clean);
    expect(blocks.map((b) => b.application ?? (b.label ?? 0).toString(16) + b.kind)).toEqual([
      'NETSCAPE2.0',
      'f9extension',
      '0image',
    ]);
    expect(clean.at(-1)).toBe(0x3b);
  });

  it('refuses what it cannot clean', () => {
    expect(() => stripImageMetadata(Uint8Array.from([1, 2, 3]), 'image/heic')).toThrow(/cannot be removed/);
  });
});
