import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { gcj02ToWgs84, isInsideChina, wgs84ToGcj02 } from './coord-transform.js';

/** Points well inside the "China" rectangle, so that neither the input nor its image crosses its edge. */
const chinaPoint = fc.tuple(
  fc.double({ min: 73, max: 135, noNaN: true }),
  fc.double({ min: 18, max: 53.5, noNaN: true }),
);

describe('isInsideChina', () => {
  it('uses the standard rough rectangle', () => {
    expect(isInsideChina(116.397428, 39.90923)).toBe(true); // Beijing
    expect(isInsideChina(87.6168, 43.8256)).toBe(true); // Ürümqi
    expect(isInsideChina(139.6917, 35.6895)).toBe(false); // Tokyo, east of 137.8347
    expect(isInsideChina(-0.1276, 51.5072)).toBe(false); // London
    expect(isInsideChina(116.4, 56)).toBe(false); // north of 55.8271
    expect(isInsideChina(72.004, 30)).toBe(true); // the edges themselves are inside
    expect(isInsideChina(72.0039, 30)).toBe(false);
    expect(isInsideChina(137.8347, 0.8293)).toBe(true);
    expect(isInsideChina(NaN, 30)).toBe(false);
  });
});

describe('wgs84ToGcj02', () => {
  it('matches the published offset at Tian’anmen', () => {
    const [lng, lat] = wgs84ToGcj02(116.397428, 39.90923);
    expect(Math.abs(lng - 116.40367)).toBeLessThan(1e-4);
    expect(Math.abs(lat - 39.91063)).toBeLessThan(1e-4);
  });

  it('offsets every point in China by tens to hundreds of metres (between 1e-4° and 0.011°)', () => {
    fc.assert(
      fc.property(chinaPoint, ([lng, lat]) => {
        const [gLng, gLat] = wgs84ToGcj02(lng, lat);
        const shift = Math.hypot(gLng - lng, gLat - lat);
        expect(shift).toBeGreaterThan(1e-4);
        expect(shift).toBeLessThan(0.011);
      }),
      { numRuns: 2000 },
    );
  });

  it('is the identity outside China', () => {
    for (const [lng, lat] of [
      [-0.1276, 51.5072], // London
      [-74.006, 40.7128], // New York
      [139.6917, 35.6895], // Tokyo
      [151.2093, -33.8688], // Sydney
      [116.4, 60], // north of the rectangle
    ]) {
      expect(wgs84ToGcj02(lng, lat)).toEqual([lng, lat]);
      expect(gcj02ToWgs84(lng, lat)).toEqual([lng, lat]);
    }
  });
});

describe('gcj02ToWgs84', () => {
  it('inverts the published pair', () => {
    const [lng, lat] = gcj02ToWgs84(...wgs84ToGcj02(116.397428, 39.90923));
    expect(Math.abs(lng - 116.397428)).toBeLessThan(1e-9);
    expect(Math.abs(lat - 39.90923)).toBeLessThan(1e-9);
  });

  it('round-trips WGS-84 → GCJ-02 → WGS-84 to better than 1e-7° across China', () => {
    fc.assert(
      fc.property(chinaPoint, ([lng, lat]) => {
        const [back, backLat] = gcj02ToWgs84(...wgs84ToGcj02(lng, lat));
        expect(Math.abs(back - lng)).toBeLessThan(1e-7);
        expect(Math.abs(backLat - lat)).toBeLessThan(1e-7);
      }),
      { numRuns: 5000 },
    );
  });

  it('is a true inverse of the forward transform, not the one-step approximation', () => {
    fc.assert(
      fc.property(chinaPoint, ([gLng, gLat]) => {
        const [wLng, wLat] = gcj02ToWgs84(gLng, gLat);
        const [again, againLat] = wgs84ToGcj02(wLng, wLat);
        expect(Math.abs(again - gLng)).toBeLessThan(1e-9);
        expect(Math.abs(againLat - gLat)).toBeLessThan(1e-9);
      }),
      { numRuns: 2000 },
    );
  });

  it('passes non-finite input through rather than looping or throwing', () => {
    const [lng, lat] = gcj02ToWgs84(NaN, 39.9);
    expect(lng).toBeNaN();
    expect(lat).toBe(39.9);
  });
});
