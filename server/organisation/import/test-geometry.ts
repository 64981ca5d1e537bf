/** Geometry for the import tests. */
export interface Polygon {
  type: 'Polygon';
  coordinates: [number, number][][];
}

/** An axis-aligned square, counter-clockwise, closed. */
export function square(lng: number, lat: number, size: number): Polygon {
  const r = (v: number) => Math.round(v * 1e9) / 1e9;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [r(lng), r(lat)],
        [r(lng + size), r(lat)],
        [r(lng + size), r(lat + size)],
        [r(lng), r(lat + size)],
        [r(lng), r(lat)],
      ],
    ],
  };
}

/** An axis-aligned rectangle. */
export function rect(lng: number, lat: number, width: number, height: number): Polygon {
  const r = (v: number) => Math.round(v * 1e9) / 1e9;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [r(lng), r(lat)],
        [r(lng + width), r(lat)],
        [r(lng + width), r(lat + height)],
        [r(lng), r(lat + height)],
        [r(lng), r(lat)],
      ],
    ],
  };
}
