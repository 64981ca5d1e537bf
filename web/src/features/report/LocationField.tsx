/**
 * The report form's 定位: the phone's GPS with its accuracy and a retry, and the ways to give a
 * place when the GPS is denied, unavailable or too imprecise — the worker's own grid (area), a
 * point tapped on a small lazy map (staff: their outlines, the installation's basemap), or for a
 * citizen a town or village chosen from the public place list (a picker the page supplies; the
 * address is then required). A line says what will be sent and where it comes from. The rules are
 * pure code in location.ts.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ComponentType } from 'react';
import { Alert, Button, Segmented, Space, Spin, Typography } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import type { FeatureCollection } from 'geojson';
import { useT, type Translate } from '../../i18n';
import {
  chosenLocation,
  defaultSource,
  isImprecise,
  type GeoState,
  type LocationChoice,
  type LocationSource,
  type NamedArea,
} from './location';
import type { PickedPoint, PickerBasemap } from './PointPicker';

const PointPicker = lazy(() => import('./PointPicker'));

/** The browser's position, asked once on mount and again on retry. */
export function useGeolocation(): { state: GeoState; locate(): void } {
  const [state, setState] = useState<GeoState>({ status: 'idle' });
  const locate = useCallback(() => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      setState({ status: 'error', message: 'unsupported' });
      return;
    }
    setState({ status: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (p) =>
        setState({
          status: 'ok',
          position: { lng: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy },
        }),
      (e) => setState({ status: 'error', message: e.message || String(e.code) }),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
    );
  }, []);
  useEffect(() => locate(), [locate]);
  return { state, locate };
}

/** A way to choose a place by name (the citizen's county → town → village cascader). */
export type PlacePicker = ComponentType<{ value: NamedArea | null; onChange(area: NamedArea | null): void }>;

/** What the small map needs: the basemap and outlines, loaded when the map is first opened. */
export type MapSetupLoader = () => Promise<{ basemap: PickerBasemap | null; outlines: FeatureCollection | null }>;

export interface LocationControl {
  geo: { state: GeoState; locate(): void };
  source: LocationSource | null;
  setSource(source: LocationSource): void;
  mapPoint: PickedPoint | null;
  setMapPoint(point: PickedPoint | null): void;
  choice: LocationChoice | null;
  /** Back to automatic (after a report is sent). */
  reset(): void;
}

/** `areaPickable`: the area is chosen in a picker (the citizen's), so the way is offered before one is chosen. */
export function useLocationChoice(area: NamedArea | null, areaPickable = false): LocationControl {
  const geo = useGeolocation();
  const [chosen, setChosen] = useState<LocationSource | null>(null);
  const [mapPoint, setMapPoint] = useState<PickedPoint | null>(null);
  const source = chosen ?? defaultSource(geo.state, area, mapPoint, areaPickable);
  const choice = chosenLocation(source, geo.state, area, mapPoint);
  const reset = useCallback(() => {
    setChosen(null);
    setMapPoint(null);
  }, []);
  return { geo, source, setSource: setChosen, mapPoint, setMapPoint, choice, reset };
}

/** The small map's setup, loaded the first time the map is chosen; on failure a blank map (and `failed`). */
function useMapSetup(
  wanted: boolean,
  loadMap: MapSetupLoader | null,
): { setup: Awaited<ReturnType<MapSetupLoader>> | null; failed: boolean } {
  const [setup, setSetup] = useState<Awaited<ReturnType<MapSetupLoader>> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!wanted || !loadMap || setup) return;
    let cancelled = false;
    loadMap().then(
      (loaded) => !cancelled && setSetup(loaded),
      () => !cancelled && (setFailed(true), setSetup({ basemap: null, outlines: null })),
    );
    return () => {
      cancelled = true;
    };
  }, [wanted, loadMap, setup]);
  return { setup, failed };
}

/** Where the small map opens: the GPS fix, if any (a new object only when the fix moves). */
function useMapStart(geo: GeoState): { lng: number; lat: number } | null {
  const lng = geo.status === 'ok' ? geo.position.lng : null;
  const lat = geo.status === 'ok' ? geo.position.lat : null;
  return useMemo(() => (lng !== null && lat !== null ? { lng, lat } : null), [lng, lat]);
}

/** The ways offered: the GPS always; a place (the citizen's picker, or the worker's own area); the map. */
function sourceOptions(
  t: Translate,
  hasPicker: boolean,
  area: NamedArea | null,
  hasMap: boolean,
): { value: LocationSource; label: string }[] {
  const options: { value: LocationSource; label: string }[] = [{ value: 'gps', label: t('mobile.location.gps') }];
  if (hasPicker) options.push({ value: 'area', label: t('mobile.location.pickPlace') });
  else if (area) options.push({ value: 'area', label: t(`mobile.location.area.${area.level}`) });
  if (hasMap) options.push({ value: 'map', label: t('mobile.location.map') });
  return options;
}

/** The GPS line: the fix with its accuracy, the failure, or that it is still locating. */
function gpsLine(t: Translate, geo: GeoState): string {
  return geo.status === 'ok'
    ? t('mobile.geo.ok', {
        lng: geo.position.lng.toFixed(6),
        lat: geo.position.lat.toFixed(6),
        accuracy: Math.round(geo.position.accuracy),
      })
    : geo.status === 'error'
      ? t('mobile.geo.error', { message: geo.message })
      : t('mobile.geo.locating');
}

/** The line saying what will be sent and where it comes from. */
function locationSummary(
  t: Translate,
  choice: LocationChoice | null,
  hasPicker: boolean,
  source: LocationSource | null,
): string {
  if (!choice) return hasPicker && source === 'area' ? t('mobile.location.pickNone') : t('mobile.location.none');
  switch (choice.source) {
    case 'gps':
      return t('mobile.location.sendGps', {
        lng: choice.fix.lng.toFixed(6),
        lat: choice.fix.lat.toFixed(6),
        accuracy: Math.round(choice.fix.accuracy),
      });
    case 'map':
      return t('mobile.location.sendMap', { lng: choice.lng.toFixed(6), lat: choice.lat.toFixed(6) });
    case 'area':
      return hasPicker
        ? t('mobile.location.sendPlace', { name: choice.area.name || choice.area.code })
        : t('mobile.location.sendArea', { name: choice.area.name || choice.area.code });
  }
}

/** The map way: a hint, and the small map once its setup is loaded (with a warning if that failed). */
function MapPoint({
  setup,
  failed,
  start,
  value,
  onPick,
}: {
  setup: Awaited<ReturnType<MapSetupLoader>> | null;
  failed: boolean;
  start: { lng: number; lat: number } | null;
  value: PickedPoint | null;
  onPick(point: PickedPoint | null): void;
}) {
  const t = useT();
  return (
    <>
      {failed && <Alert type="warning" showIcon title={t('mobile.location.mapFailed')} />}
      <Typography.Text type="secondary">{t('mobile.location.tapHint')}</Typography.Text>
      {setup ? (
        <Suspense fallback={<Spin />}>
          <PointPicker basemap={setup.basemap} outlines={setup.outlines} start={start} value={value} onPick={onPick} />
        </Suspense>
      ) : (
        <Spin />
      )}
    </>
  );
}

export function LocationField({
  control,
  area,
  picker = null,
  loadMap,
  error,
}: {
  control: LocationControl;
  /** The worker's own grid/area — or, with `picker`, the place chosen in it so far. */
  area: NamedArea | null;
  /** The citizen's place picker, shown when that way is chosen (always offered). */
  picker?: React.ReactNode;
  loadMap: MapSetupLoader | null;
  error: boolean;
}) {
  const t = useT();
  const { geo, source, choice } = control;
  const map = useMapSetup(source === 'map', loadMap);
  const start = useMapStart(geo.state);
  const options = sourceOptions(t, Boolean(picker), area, Boolean(loadMap));

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={8}>
      {options.length > 1 && (
        <Segmented<LocationSource>
          block
          options={options}
          value={source ?? undefined}
          onChange={(value) => control.setSource(value)}
          data-testid="location-source"
        />
      )}
      <Space wrap>
        <span data-testid="geo">{gpsLine(t, geo.state)}</span>
        <Button icon={<AimOutlined />} onClick={geo.locate} loading={geo.state.status === 'locating'}>
          {t('mobile.geo.retry')}
        </Button>
      </Space>
      {geo.state.status === 'ok' && isImprecise(geo.state.position) && (
        <Alert
          type="warning"
          showIcon
          title={t('mobile.location.imprecise', { accuracy: Math.round(geo.state.position.accuracy) })}
        />
      )}
      {geo.state.status === 'error' && options.length > 1 && source === null && (
        <Alert type="info" showIcon title={t('mobile.location.chooseOther')} />
      )}
      {geo.state.status === 'error' && options.length === 1 && (
        <Alert type="warning" showIcon title={t('mobile.location.needGps')} />
      )}
      {source === 'area' && picker}
      {source === 'map' && loadMap && (
        <MapPoint
          setup={map.setup}
          failed={map.failed}
          start={start}
          value={control.mapPoint}
          onPick={control.setMapPoint}
        />
      )}
      <Typography.Text
        strong
        type={error && !choice ? 'danger' : undefined}
        data-testid="location-summary"
        style={{ overflowWrap: 'anywhere' }}
      >
        {locationSummary(t, choice, Boolean(picker), source)}
      </Typography.Text>
    </Space>
  );
}
