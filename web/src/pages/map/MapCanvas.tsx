/**
 * The WebGL part of the map, kept thin: creates the MapLibre map with the style and layers from
 * map-spec.ts, pushes the data it is given into GeoJSON sources (clustered in MapLibre's worker:
 * no DOM node per marker), loads grid boundaries per town from GRID_MIN_ZOOM on, and reports
 * clicks. Everything worth testing lives in map-spec.ts; this file only wires it to MapLibre.
 *
 * The only module that imports maplibre-gl at run time — the map page loads it lazily.
 */
import { useCallback, useEffect, useRef } from 'react';
import * as maplibregl from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import 'maplibre-gl/dist/maplibre-gl.css';
// the worker as a file of its own: MapLibre's default (next to import.meta.url) does not survive bundling
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import {
  CLUSTER_MAX_ZOOM,
  CLUSTER_PROPERTIES,
  EMPTY_COLLECTION,
  GRID_MIN_ZOOM,
  LAYER,
  MAX_ZOOM,
  SOURCE,
  baseStyle,
  clusterZoomTarget,
  layerVisibility,
  overlayLayers,
  toBasemapCrs,
  townsToLoad,
  wgs84ToGcj02,
  type BasemapConfig,
  type Bounds,
} from './map-spec';
import type { BoundaryProperties, EventPointProperties } from './map-api';

maplibregl.setWorkerUrl(workerUrl);

export interface MapCanvasProps {
  basemap: BasemapConfig | null;
  villages: FeatureCollection | undefined;
  /** Grids of a fixed scope (village or grid users): drawn as they are, no per-town loading. */
  grids: FeatureCollection | undefined;
  /** Loads the grids of a town (county and town users, from GRID_MIN_ZOOM on). */
  loadTownGrids?: (townCode: string) => Promise<FeatureCollection>;
  events: FeatureCollection | undefined;
  heatmap: boolean;
  /** Where to look first (the user's jurisdiction); fitted once, when it is first known. */
  fitTo: Bounds | null;
  onSelect(point: EventPointProperties): void;
  clusterLabel(count: number): string;
}

/** The sources (empty until data arrives) and the overlay layers: villages, grids, clustered events, the heatmap. */
function addOverlays(map: maplibregl.Map): void {
  map.addSource(SOURCE.villages, { type: 'geojson', data: EMPTY_COLLECTION });
  map.addSource(SOURCE.grids, { type: 'geojson', data: EMPTY_COLLECTION });
  map.addSource(SOURCE.events, {
    type: 'geojson',
    data: EMPTY_COLLECTION,
    cluster: true,
    clusterRadius: 50,
    clusterMaxZoom: CLUSTER_MAX_ZOOM,
    clusterProperties: CLUSTER_PROPERTIES as unknown as Record<string, [unknown, unknown]>,
  });
  map.addSource(SOURCE.heat, { type: 'geojson', data: EMPTY_COLLECTION });
  for (const layer of overlayLayers()) map.addLayer(layer);
}

/** The heatmap, or the clusters and points. */
function showHeatmap(map: maplibregl.Map, heatmap: boolean): void {
  for (const [id, v] of Object.entries(layerVisibility(heatmap))) map.setLayoutProperty(id, 'visibility', v);
}

/**
 * What the pointer does: a click on a cluster zooms in to where it splits, a click on a point
 * selects it; both show a pointer cursor, and a cluster its count as a hover label (text on the map
 * would need glyphs, which are not available offline).
 */
function followPointer(map: maplibregl.Map, hover: maplibregl.Popup, latest: { readonly current: MapCanvasProps }) {
  map.on('click', LAYER.clusters, (e) => {
    const feature = e.features?.[0];
    if (!feature) return;
    const source = map.getSource(SOURCE.events) as maplibregl.GeoJSONSource;
    const center = (feature.geometry as Point).coordinates as [number, number];
    void source.getClusterExpansionZoom(feature.properties.cluster_id as number).then((zoom) => {
      map.easeTo({ center, zoom: clusterZoomTarget(map.getZoom(), zoom) });
    });
  });
  map.on('click', LAYER.points, (e) => {
    const feature = e.features?.[0];
    if (feature) latest.current.onSelect(feature.properties as EventPointProperties);
  });
  for (const layer of [LAYER.clusters, LAYER.points]) {
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', layer, () => {
      map.getCanvas().style.cursor = '';
      hover.remove();
    });
  }
  map.on('mousemove', LAYER.clusters, (e) => {
    const feature = e.features?.[0];
    if (!feature) return;
    hover
      .setLngLat(e.lngLat)
      .setText(latest.current.clusterLabel(feature.properties.point_count as number))
      .addTo(map);
  });
}

/** The grids loaded per town so far, and the towns asked for (loaded or on their way). */
interface TownGrids {
  loaded: Set<string>;
  features: FeatureCollection['features'];
}

/** Loads the grids of the towns in view that are not loaded yet, and shows them with the others; a failed town is tried again on the next move. */
function loadGridsInView(
  map: maplibregl.Map,
  load: (townCode: string) => Promise<FeatureCollection>,
  state: TownGrids,
  show: (grids: FeatureCollection) => void,
): void {
  const visible = map
    .queryRenderedFeatures({ layers: [LAYER.villageFill] })
    .map((f) => f.properties as BoundaryProperties);
  for (const town of townsToLoad(visible, state.loaded)) {
    state.loaded.add(town);
    load(town).then(
      (grids) => {
        state.features = state.features.concat(grids.features);
        show({ type: 'FeatureCollection', features: state.features });
      },
      () => state.loaded.delete(town), // try again on the next move
    );
  }
}

export default function MapCanvas(props: MapCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const readyRef = useRef(false);
  const latest = useRef(props);
  latest.current = props;
  const crs = props.basemap?.crs ?? 'wgs84';
  const fitted = useRef(false);
  const gridState = useRef<TownGrids>({ loaded: new Set<string>(), features: [] });

  const setSource = useCallback(
    (id: string, data: FeatureCollection | undefined) => {
      const map = mapRef.current;
      if (!map || !readyRef.current) return;
      // the promise only says when MapLibre's worker has the data; a failure is the map's 'error' event
      void (map.getSource(id) as maplibregl.GeoJSONSource | undefined)?.setData(
        toBasemapCrs(data ?? EMPTY_COLLECTION, crs),
      );
    },
    [crs],
  );

  const fitOnce = useCallback(
    (bounds: Bounds | null) => {
      const map = mapRef.current;
      if (!map || !readyRef.current || fitted.current || !bounds) return;
      fitted.current = true;
      const [[w, s], [e, n]] = bounds;
      const shift = (x: number, y: number) => (crs === 'gcj02' ? wgs84ToGcj02(x, y) : ([x, y] as [number, number]));
      // room on the left for the filter panel
      map.fitBounds([shift(w, s), shift(e, n)], {
        padding: { top: 32, bottom: 48, right: 32, left: Math.min(300, map.getContainer().clientWidth / 3) },
        duration: 0,
        maxZoom: 16,
      });
    },
    [crs],
  );

  // the map itself: created once (a new basemap, and so a new crs, is a new MapCanvas: MapPage keys it)
  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: baseStyle(latest.current.basemap),
      center: [112, 32],
      zoom: 4,
      maxZoom: MAX_ZOOM,
      attributionControl: latest.current.basemap?.attribution ? { compact: true } : false,
    });
    mapRef.current = map;
    // for measurement (bench/web.bench.ts pans it and times the frames) and debugging from the console
    (window as { __yiwangMap?: maplibregl.Map }).__yiwangMap = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right');
    map.addControl(new maplibregl.ScaleControl({}), 'bottom-left');
    const hover = new maplibregl.Popup({ closeButton: false, closeOnClick: false, offset: 12 });

    map.on('load', () => {
      addOverlays(map);
      readyRef.current = true;
      const p = latest.current;
      setSource(SOURCE.villages, p.villages);
      setSource(SOURCE.grids, p.grids);
      setSource(SOURCE.events, p.events);
      setSource(SOURCE.heat, p.heatmap ? p.events : undefined);
      showHeatmap(map, p.heatmap);
      fitOnce(p.fitTo);
    });
    followPointer(map, hover, latest);
    // grids per town, from GRID_MIN_ZOOM on (county and town users)
    map.on('moveend', () => {
      const load = latest.current.loadTownGrids;
      if (!load || !readyRef.current || map.getZoom() < GRID_MIN_ZOOM) return;
      loadGridsInView(map, load, gridState.current, (grids) => setSource(SOURCE.grids, grids));
    });

    return () => {
      readyRef.current = false;
      mapRef.current = null;
      const w = window as { __yiwangMap?: maplibregl.Map };
      if (w.__yiwangMap === map) delete w.__yiwangMap;
      hover.remove();
      map.remove();
    };
  }, [setSource, fitOnce]);

  const { fitTo, villages, grids, events, heatmap } = props;
  useEffect(() => fitOnce(fitTo), [fitOnce, fitTo]);
  useEffect(() => setSource(SOURCE.villages, villages), [setSource, villages]);
  useEffect(() => {
    if (grids) setSource(SOURCE.grids, grids);
  }, [setSource, grids]);
  useEffect(() => setSource(SOURCE.events, events), [setSource, events]);
  useEffect(() => {
    // the heatmap gets its own unclustered copy only while it is shown
    setSource(SOURCE.heat, heatmap ? events : undefined);
    const map = mapRef.current;
    if (map && readyRef.current) showHeatmap(map, heatmap);
  }, [setSource, heatmap, events]);

  return <div ref={container} style={{ position: 'absolute', inset: 0 }} data-testid="map-canvas" />;
}
