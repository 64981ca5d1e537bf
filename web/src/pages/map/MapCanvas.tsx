/**
 * The WebGL part of the map, kept thin: creates the MapLibre map with the style and layers from
 * map-spec.ts, pushes the data it is given into GeoJSON sources (clustered in MapLibre's worker:
 * no DOM node per marker), loads grid boundaries per town from GRID_MIN_ZOOM on, and reports
 * clicks. Everything worth testing lives in map-spec.ts; this file only wires it to MapLibre.
 *
 * The only module that imports maplibre-gl at run time — the map page loads it lazily.
 */
import { useEffect, useRef } from 'react';
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

export default function MapCanvas(props: MapCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const readyRef = useRef(false);
  const latest = useRef(props);
  latest.current = props;
  const crs = props.basemap?.crs ?? 'wgs84';
  const fitted = useRef(false);
  const gridState = useRef({ loaded: new Set<string>(), features: [] as FeatureCollection['features'] });

  const setSource = (id: string, data: FeatureCollection | undefined) => {
    const map = mapRef.current;
    if (!map || !readyRef.current) return;
    (map.getSource(id) as maplibregl.GeoJSONSource | undefined)?.setData(toBasemapCrs(data ?? EMPTY_COLLECTION, crs));
  };

  const fitOnce = () => {
    const map = mapRef.current;
    const bounds = latest.current.fitTo;
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
  };

  // the map itself: created once
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
      readyRef.current = true;
      const p = latest.current;
      setSource(SOURCE.villages, p.villages);
      setSource(SOURCE.grids, p.grids);
      setSource(SOURCE.events, p.events);
      setSource(SOURCE.heat, p.heatmap ? p.events : undefined);
      for (const [id, v] of Object.entries(layerVisibility(p.heatmap))) map.setLayoutProperty(id, 'visibility', v);
      fitOnce();
    });

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
    // counts as a hover label: text on the map would need glyphs, which are not available offline
    map.on('mousemove', LAYER.clusters, (e) => {
      const feature = e.features?.[0];
      if (!feature) return;
      hover
        .setLngLat(e.lngLat)
        .setText(latest.current.clusterLabel(feature.properties.point_count as number))
        .addTo(map);
    });

    // grids per town, from GRID_MIN_ZOOM on (county and town users)
    map.on('moveend', () => {
      const load = latest.current.loadTownGrids;
      if (!load || !readyRef.current || map.getZoom() < GRID_MIN_ZOOM) return;
      const visible = map
        .queryRenderedFeatures({ layers: [LAYER.villageFill] })
        .map((f) => f.properties as BoundaryProperties);
      const state = gridState.current;
      for (const town of townsToLoad(visible, state.loaded)) {
        state.loaded.add(town);
        load(town).then(
          (grids) => {
            state.features = state.features.concat(grids.features);
            setSource(SOURCE.grids, { type: 'FeatureCollection', features: state.features });
          },
          () => state.loaded.delete(town), // try again on the next move
        );
      }
    });

    return () => {
      readyRef.current = false;
      mapRef.current = null;
      const w = window as { __yiwangMap?: maplibregl.Map };
      if (w.__yiwangMap === map) delete w.__yiwangMap;
      hover.remove();
      map.remove();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    fitOnce();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.fitTo]);
  useEffect(() => {
    setSource(SOURCE.villages, props.villages);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.villages]);
  useEffect(() => {
    if (props.grids) setSource(SOURCE.grids, props.grids);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.grids]);
  useEffect(() => {
    setSource(SOURCE.events, props.events);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.events]);
  useEffect(() => {
    // the heatmap gets its own unclustered copy only while it is shown
    setSource(SOURCE.heat, props.heatmap ? props.events : undefined);
    const map = mapRef.current;
    if (map && readyRef.current)
      for (const [id, v] of Object.entries(layerVisibility(props.heatmap))) map.setLayoutProperty(id, 'visibility', v);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.heatmap, props.events]);

  return <div ref={container} style={{ position: 'absolute', inset: 0 }} data-testid="map-canvas" />;
}
