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
import { useT } from '../../i18n';
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
  const [mapSetup, setMapSetup] = useState<Awaited<ReturnType<MapSetupLoader>> | null>(null);
  const [mapFailed, setMapFailed] = useState(false);

  useEffect(() => {
    if (source !== 'map' || !loadMap || mapSetup) return;
    let cancelled = false;
    loadMap().then(
      (setup) => !cancelled && setMapSetup(setup),
      () => !cancelled && (setMapFailed(true), setMapSetup({ basemap: null, outlines: null })),
    );
    return () => {
      cancelled = true;
    };
  }, [source, loadMap, mapSetup]);

  const gpsStart = geo.state.status === 'ok' ? geo.state.position : null;
  const start = useMemo(
    () => (gpsStart ? { lng: gpsStart.lng, lat: gpsStart.lat } : null),
    [gpsStart?.lng, gpsStart?.lat],
  ); // eslint-disable-line react-hooks/exhaustive-deps

  const options: { value: LocationSource; label: string }[] = [{ value: 'gps', label: t('mobile.location.gps') }];
  if (picker) options.push({ value: 'area', label: t('mobile.location.pickPlace') });
  else if (area) options.push({ value: 'area', label: t(`mobile.location.area.${area.level}`) });
  if (loadMap) options.push({ value: 'map', label: t('mobile.location.map') });

  const gpsText =
    geo.state.status === 'ok'
      ? t('mobile.geo.ok', {
          lng: geo.state.position.lng.toFixed(6),
          lat: geo.state.position.lat.toFixed(6),
          accuracy: Math.round(geo.state.position.accuracy),
        })
      : geo.state.status === 'error'
        ? t('mobile.geo.error', { message: geo.state.message })
        : t('mobile.geo.locating');

  const summary = (() => {
    if (!choice) return picker && source === 'area' ? t('mobile.location.pickNone') : t('mobile.location.none');
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
        return picker
          ? t('mobile.location.sendPlace', { name: choice.area.name || choice.area.code })
          : t('mobile.location.sendArea', { name: choice.area.name || choice.area.code });
    }
  })();

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
        <span data-testid="geo">{gpsText}</span>
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
        <>
          {mapFailed && <Alert type="warning" showIcon title={t('mobile.location.mapFailed')} />}
          <Typography.Text type="secondary">{t('mobile.location.tapHint')}</Typography.Text>
          {mapSetup ? (
            <Suspense fallback={<Spin />}>
              <PointPicker
                basemap={mapSetup.basemap}
                outlines={mapSetup.outlines}
                start={start}
                value={control.mapPoint}
                onPick={control.setMapPoint}
              />
            </Suspense>
          ) : (
            <Spin />
          )}
        </>
      )}
      <Typography.Text
        strong
        type={error && !choice ? 'danger' : undefined}
        data-testid="location-summary"
        style={{ overflowWrap: 'anywhere' }}
      >
        {summary}
      </Typography.Text>
    </Space>
  );
}
