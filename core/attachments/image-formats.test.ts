import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../errors.js';
import { parseJpeg, readImageSize } from './image-formats.js';
import { buildGif, buildHeic, buildJpeg, buildPng, buildWebp } from './test-images.js';

const codeOf = errorCodeOf;

describe('image sizes from headers', () => {
  it('reads the size of each format without decoding', () => {
    expect(readImageSize(buildJpeg({ width: 641, height: 479 }), 'image/jpeg')).toEqual({ width: 641, height: 479 });
    expect(readImageSize(buildPng({ width: 300, height: 20 }), 'image/png')).toEqual({ width: 300, height: 20 });
    expect(readImageSize(buildWebp({ width: 4000, height: 3000 }), 'image/webp')).toEqual({
      width: 4000,
      height: 3000,
    });
    expect(readImageSize(buildWebp({ width: 1000, height: 700, simple: 'lossless' }), 'image/webp')).toEqual({
      width: 1000,
      height: 700,
    });
    expect(readImageSize(buildWebp({ width: 1920, height: 1080, simple: 'lossy' }), 'image/webp')).toEqual({
      width: 1920,
      height: 1080,
    });
    expect(readImageSize(buildGif({ width: 120, height: 90 }), 'image/gif')).toEqual({ width: 120, height: 90 });
    expect(readImageSize(buildHeic({ width: 4032, height: 3024 }), 'image/heic')).toEqual({
      width: 4032,
      height: 3024,
    });
    // a bomb's size is read just as cheaply: no pixel is decoded
    expect(readImageSize(buildPng({ width: 100_000, height: 100_000 }), 'image/png')).toEqual({
      width: 100_000,
      height: 100_000,
    });
  });

  it('walks a scan past stuffed bytes and restart markers to the end-of-image marker', () => {
    const jpeg = buildJpeg({
      width: 16,
      height: 16,
      metadata: false,
      entropy: [0x12, 0xff, 0x00, 0x34, 0xff, 0xd3, 0x56],
    });
    const { segments } = parseJpeg(jpeg);
    expect(segments.map((s) => s.marker.toString(16))).toEqual(['e0', 'e2', 'db', 'c0', 'c4', 'c4', 'da', 'd9']);
    expect(segments.at(-1)!.end).toBe(jpeg.length);
  });

  it('refuses bytes that do not parse as the format they start like', () => {
    const jpeg = buildJpeg({ width: 8, height: 8, metadata: false });
    expect(codeOf(() => readImageSize(jpeg.subarray(0, jpeg.length - 2), 'image/jpeg'))).toBe('ATTACHMENT_CORRUPT'); // no EOI
    expect(codeOf(() => readImageSize(jpeg.subarray(0, 40), 'image/jpeg'))).toBe('ATTACHMENT_CORRUPT'); // cut in a segment
    expect(codeOf(() => readImageSize(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]), 'image/jpeg'))).toBe(
      'ATTACHMENT_CORRUPT',
    ); // no frame
    const png = buildPng({ width: 2, height: 2 });
    expect(codeOf(() => readImageSize(png.subarray(0, png.length - 12), 'image/png'))).toBe('ATTACHMENT_CORRUPT'); // no IEND
    const noIhdr = Uint8Array.from([...png.subarray(0, 8), ...png.subarray(33)]);
    expect(codeOf(() => readImageSize(noIhdr, 'image/png'))).toBe('ATTACHMENT_CORRUPT');
    const webp = buildWebp({ width: 10, height: 10 });
    expect(codeOf(() => readImageSize(webp.subarray(0, webp.length - 10), 'image/webp'))).toBe('ATTACHMENT_CORRUPT');
    const gif = buildGif({ width: 1, height: 1 });
    expect(codeOf(() => readImageSize(gif.subarray(0, gif.length - 1), 'image/gif'))).toBe('ATTACHMENT_CORRUPT'); // no trailer
    expect(codeOf(() => readImageSize(buildGif({ width: 0, height: 0 }), 'image/gif'))).toBe('ATTACHMENT_CORRUPT');
    expect(codeOf(() => readImageSize(buildHeic({ width: 10, height: 10 }).subarray(0, 30), 'image/heic'))).toBe(
      'ATTACHMENT_CORRUPT',
    );
  });
});
