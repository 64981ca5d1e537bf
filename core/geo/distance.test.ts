import { describe, expect, it } from 'vitest';
import { boxAround, distanceMeters } from './distance.js';

describe('distance', () => {
  it('measures known distances', () => {
    // one degree of latitude ≈ 111.2 km
    expect(distanceMeters(105, 35, 105, 36)).toBeCloseTo(111_195, -2);
    // one degree of longitude at 35°N ≈ 91.1 km
    expect(distanceMeters(105, 35, 106, 35)).toBeCloseTo(91_090, -2);
    expect(distanceMeters(105, 35, 105, 35)).toBe(0);
  });

  it('boxes every point within the radius', () => {
    const box = boxAround(105, 35, 300);
    for (const [dx, dy] of [
      [1, 0],
      [0, 1],
      [-1, 0],
      [0, -1],
      [0.7, 0.7],
    ]) {
      // walk out 299 m in this direction and check the point is in the box
      const step = 0.00001;
      let lng = 105;
      let lat = 35;
      while (distanceMeters(105, 35, lng, lat) < 299) {
        lng += dx * step;
        lat += dy * step;
      }
      expect(lng).toBeGreaterThanOrEqual(box.minLng);
      expect(lng).toBeLessThanOrEqual(box.maxLng);
      expect(lat).toBeGreaterThanOrEqual(box.minLat);
      expect(lat).toBeLessThanOrEqual(box.maxLat);
    }
  });
});
