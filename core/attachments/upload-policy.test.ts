import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../errors.js';
import { prepareUpload, publicViewOf, type UploadLimits } from './upload-policy.js';
import { buildGif, buildHeic, buildJpeg, buildPng, buildWebp, containsBytes, GPS_LATITUDE } from './test-images.js';

const limits: UploadLimits = { maxBytes: 1024 * 1024, maxPixels: 40_000_000, maxSide: 16_384 };
const codeOf = errorCodeOf;
const pdf = Uint8Array.from(new TextEncoder().encode('%PDF-1.7\n%fake\n'));

describe('what an upload must be, and what is kept of it', () => {
  it('a public photo is kept only without its metadata; a staff photo is kept as it is', () => {
    const photo = buildJpeg({ width: 64, height: 48 });
    const pub = prepareUpload(photo, 'public', limits);
    expect(pub).toMatchObject({ type: { mime: 'image/jpeg' }, width: 64, height: 48, metadataStripped: true });
    expect(containsBytes(pub.bytes, GPS_LATITUDE)).toBe(false);
    const staff = prepareUpload(photo, 'staff', limits);
    expect(staff.metadataStripped).toBe(false);
    expect(staff.bytes).toBe(photo);
    for (const image of [
      buildPng({ width: 3, height: 3 }),
      buildWebp({ width: 3, height: 3 }),
      buildGif({ width: 3, height: 3 }),
    ]) {
      expect(containsBytes(prepareUpload(image, 'public', limits).bytes, GPS_LATITUDE)).toBe(false);
    }
  });

  it('sniffs the type from the bytes and refuses what it does not know', () => {
    expect(
      codeOf(() => prepareUpload(Uint8Array.from(new TextEncoder().encode('<svg onload=alert(1)>')), 'staff', limits)),
    ).toBe('ATTACHMENT_TYPE_UNSUPPORTED');
    expect(codeOf(() => prepareUpload(new Uint8Array(0), 'staff', limits))).toBe('VALIDATION_FAILED');
    expect(prepareUpload(pdf, 'staff', limits)).toMatchObject({ type: { mime: 'application/pdf' }, width: null });
  });

  it('public intake refuses what it cannot clean: HEIC, video, PDF', () => {
    expect(codeOf(() => prepareUpload(buildHeic({ width: 4032, height: 3024 }), 'public', limits))).toBe(
      'ATTACHMENT_TYPE_UNSUPPORTED',
    );
    expect(codeOf(() => prepareUpload(pdf, 'public', limits))).toBe('ATTACHMENT_TYPE_UNSUPPORTED');
    expect(prepareUpload(buildHeic({ width: 4032, height: 3024 }), 'staff', limits)).toMatchObject({
      type: { mime: 'image/heic' },
      width: 4032,
    });
  });

  it('refuses decompression bombs by pixels and by side, and files over the byte limit', () => {
    expect(codeOf(() => prepareUpload(buildPng({ width: 7000, height: 7000 }), 'staff', limits))).toBe(
      'ATTACHMENT_IMAGE_TOO_LARGE',
    ); // 49 MP
    expect(codeOf(() => prepareUpload(buildGif({ width: 20_000, height: 10 }), 'public', limits))).toBe(
      'ATTACHMENT_IMAGE_TOO_LARGE',
    ); // a side
    expect(codeOf(() => prepareUpload(buildHeic({ width: 50_000, height: 50_000 }), 'staff', limits))).toBe(
      'ATTACHMENT_IMAGE_TOO_LARGE',
    );
    expect(prepareUpload(buildPng({ width: 6000, height: 6000 }), 'staff', limits).width).toBe(6000); // 36 MP: fine
    expect(codeOf(() => prepareUpload(buildPng({ width: 3, height: 3 }), 'staff', { ...limits, maxBytes: 50 }))).toBe(
      'ATTACHMENT_TOO_LARGE',
    );
  });

  it('refuses bytes that start like an image but do not parse as one', () => {
    const jpeg = buildJpeg({ width: 8, height: 8 });
    expect(codeOf(() => prepareUpload(jpeg.subarray(0, 100), 'staff', limits))).toBe('ATTACHMENT_CORRUPT');
  });

  it('shows the public only cleaned photos, whatever was stored', () => {
    expect(containsBytes(publicViewOf(buildJpeg({ width: 8, height: 8 })), GPS_LATITUDE)).toBe(false);
    expect(codeOf(() => publicViewOf(pdf))).toBe('ATTACHMENT_NOT_PUBLIC');
    expect(codeOf(() => publicViewOf(buildHeic({ width: 8, height: 8 })))).toBe('ATTACHMENT_NOT_PUBLIC');
  });
});
