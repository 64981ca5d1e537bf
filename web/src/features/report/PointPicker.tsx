/**
 * A small map to tap where a report happened (MapLibre GL, a lazy chunk of its own: the report
 * form loads it only when "on the map" is chosen). The installation's basemap if any (GET
 * /api/config/map), the worker's grid or village outlines, a marker on the tapped point. A
 * tapped point is in the basemap's coordinates: GCJ-02 tiles give GCJ-02 points (the server
 * converts), and the outlines are shifted onto such tiles.
 */
import { useEffect, useRef } from 'react';
import * as maplibregl from 'maplibre-gl';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { wgs84ToGcj02 } from '../../../../core/geo/coord-transform';

maplibregl.setWorkerUrl(workerUrl);

export interface PickerBasemap {
  tiles: string;
  subdomains: string[];
  crs: 'wgs84' | 'gcj02';
  attribution: string | null;
  tileSize: number;
  maxZoom: number;
}

export interface PickedPoint {
  lng: number;
  lat: number;
  crs: 'wgs84' | 'gcj02';
}

function shift(geometry: Geometry, move: (p: Position) => Position): Geometry {
  switch (geometry.type) {
    case 'Point':
      return { ...geometry, coordinates: move(geometry.coordinates) };
    case 'LineString':
    case 'MultiPoint':
      return { ...geometry, coordinates: geometry.coordinates.map(move) };
    case 'Polygon':
    case 'MultiLineString':
      return { ...geometry, coordinates: geometry.coordinates.map((r) => r.map(move)) };
    case 'MultiPolygon':
      return { ...geometry, coordinates: geometry.coordinates.map((p) => p.map((r) => r.map(move))) };
    default:
      return geometry;
  }
}

function boundsOf(collection: FeatureCollection): [number, number, number, number] | null {
  let box: [number, number, number, number] | null = null;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as number[];
      box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const f of collection.features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  return box;
}

export default function PointPicker({
  basemap,
  outlines,
  start,
  value,
  onPick,
}: {
  basemap: PickerBasemap | null;
  outlines: FeatureCollection | null;
  /** Where to look first when there are no outlines (e.g. an imprecise GPS fix), WGS-84. */
  start: { lng: number; lat: number } | null;
  value: PickedPoint | null;
  onPick(point: PickedPoint): void;
}) {
  const container = useRef<HTMLDivElement | null>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const marker = useRef<maplibregl.Marker | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const crs = basemap?.crs ?? 'wgs84';

  useEffect(() => {
    if (!container.current) return;
    const toMap = (p: Position): Position => (crs === 'gcj02' ? wgs84ToGcj02(p[0], p[1]) : p);
    const style: maplibregl.StyleSpecification = {
      version: 8,
      sources: {},
      layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#eef1f5' } }],
    };
    if (basemap) {
      const tiles =
        basemap.tiles.includes('{s}') && basemap.subdomains.length > 0
          ? basemap.subdomains.map((s) => basemap.tiles.replaceAll('{s}', s))
          : [basemap.tiles];
      style.sources.basemap = {
        type: 'raster',
        tiles,
        tileSize: basemap.tileSize,
        maxzoom: basemap.maxZoom,
        attribution: basemap.attribution ?? undefined,
      };
      style.layers.push({ id: 'basemap', type: 'raster', source: 'basemap' });
    }
    const shown: FeatureCollection | null = outlines
      ? {
          ...outlines,
          features: outlines.features.map((f) => ({
            ...f,
            geometry: f.geometry ? shift(f.geometry, toMap) : f.geometry,
          })),
        }
      : null;
    const box = shown ? boundsOf(shown) : null;
    const first = start ? toMap([start.lng, start.lat]) : null;
    const map = new maplibregl.Map({
      container: container.current,
      style,
      ...(box
        ? { bounds: box, fitBoundsOptions: { padding: 16 } }
        : first
          ? { center: first as [number, number], zoom: 15 }
          : { center: [105, 35], zoom: 3 }),
      attributionControl: basemap?.attribution ? {} : false,
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right');
    map.on('load', () => {
      if (!shown) return;
      map.addSource('outlines', { type: 'geojson', data: shown });
      map.addLayer({
        id: 'outline-fill',
        type: 'fill',
        source: 'outlines',
        paint: { 'fill-color': '#1677ff', 'fill-opacity': 0.06 },
      });
      map.addLayer({
        id: 'outline-line',
        type: 'line',
        source: 'outlines',
        paint: { 'line-color': '#1677ff', 'line-width': 1.5 },
      });
    });
    map.on('click', (e) => pick.current({ lng: e.lngLat.lng, lat: e.lngLat.lat, crs }));
    mapRef.current = map;
    return () => {
      marker.current = null;
      mapRef.current = null;
      map.remove();
    };
  }, [basemap, outlines, start, crs]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (!value) {
      marker.current?.remove();
      marker.current = null;
      return;
    }
    marker.current ??= new maplibregl.Marker({ color: '#cf1322' }).setLngLat([value.lng, value.lat]).addTo(map);
    marker.current.setLngLat([value.lng, value.lat]);
  }, [value, basemap, outlines, start, crs]);

  return (
    <div
      ref={container}
      style={{ width: '100%', height: 260, borderRadius: 8, overflow: 'hidden' }}
      data-testid="point-picker"
    />
  );
}
