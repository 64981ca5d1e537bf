/**
 * 一张图 — the map of the user's jurisdiction: village boundaries (grid boundaries from
 * GRID_MIN_ZOOM on), events as clustered points coloured by risk, a heatmap switch, filters that
 * refetch, and a click on a point opening its card with a link to the detail page. Live: changes
 * in the user's scope refetch the points, at most every LIVE_REFRESH_MS after the last load ended
 * (hooks/use-live-refresh.ts). The basemap, if any, is the server's setting (GET /api/config/map).
 *
 * MapLibre (WebGL) is in MapCanvas, a lazy chunk of its own; this file and the panels are plain React.
 */
import { Suspense, lazy, useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Card, Flex, Typography } from 'antd';
import { useUser } from '../../app/auth';
import { useApi } from '../../hooks/use-api';
import { useLiveEvents } from '../../api/live';
import { useT } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageSpinner } from '../../components/PageSpinner';
import { mapApi, type EventPointProperties } from './map-api';
import {
  DEFAULT_FILTERS,
  EVENTS_LIMIT,
  RISK_COLOURS,
  RISK_LEVELS,
  basemapKey,
  initialBounds,
  type MapFilters,
} from './map-spec';
import { MapFilterPanel } from './MapFilterPanel';
import { afterCommit, useLiveRefresh } from '../../hooks/use-live-refresh';
import { EventCard } from './EventCard';

const MapCanvas = lazy(() => import('./MapCanvas'));

/** Refetching up to 100,000 points is not free: live changes refresh at most this often. */
const LIVE_REFRESH_MS = 10_000;

/**
 * What the map draws, each load starting after the commit (afterCommit: a mount undone at once
 * sends nothing): the basemap setting, the village boundaries (county and town users; grids per
 * town come later, when zoomed in), the grids up front (village and grid users), and the events for
 * the filters, again on each `refreshKey`. `setLoading` hears when the events' load starts and ends.
 */
function useMapData(filters: MapFilters, refresh: { key: number; setLoading(loading: boolean): void }) {
  const user = useUser();
  // the basemap is the server's setting (MAP_TILES …): read at run time, so changing it needs no rebuild
  const config = useApi((signal) => afterCommit(signal, () => mapApi.config(signal)), []);
  const fixedGrids = user.jurisdictionLevel === 'village' || user.jurisdictionLevel === 'grid';
  const villages = useApi(
    (signal) =>
      user.jurisdictionLevel === 'grid'
        ? Promise.resolve({ type: 'FeatureCollection' as const, features: [] })
        : afterCommit(signal, () => mapApi.boundaries('village', undefined, signal)),
    [user.jurisdictionCode],
  );
  const grids = useApi(
    (signal) =>
      fixedGrids ? afterCommit(signal, () => mapApi.boundaries('grid', undefined, signal)) : Promise.resolve(null),
    [user.jurisdictionCode],
  );
  const events = useApi(
    (signal) => afterCommit(signal, () => mapApi.events(filters, new Date(), signal)),
    [filters, refresh.key],
  );
  useEffect(() => refresh.setLoading(events.loading), [refresh, events.loading]);
  return { config, fixedGrids, villages, grids, events };
}

/** The risk colours of the points, and that a circle with a number is a cluster. */
function MapLegend() {
  const t = useT();
  return (
    <Card
      size="small"
      style={{ position: 'absolute', left: 12, bottom: 36 }}
      styles={{ body: { padding: '6px 10px' } }}
    >
      <Flex gap={12} align="center" wrap>
        {RISK_LEVELS.map((r) => (
          <Flex key={r} gap={4} align="center">
            <span
              style={{
                width: 10,
                height: 10,
                borderRadius: '50%',
                background: RISK_COLOURS[r],
                border: '1px solid #fff',
                display: 'inline-block',
              }}
            />
            <Typography.Text style={{ fontSize: 12 }}>{t(`risk.${r}`)}</Typography.Text>
          </Flex>
        ))}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('map.legend.cluster')}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

export default function MapPage() {
  const t = useT();
  const user = useUser();
  const [filters, setFilters] = useState<MapFilters>(DEFAULT_FILTERS);
  const [heatmap, setHeatmap] = useState(false);
  const [selected, setSelected] = useState<EventPointProperties | null>(null);
  const refresh = useLiveRefresh(LIVE_REFRESH_MS);
  useLiveEvents(refresh.trigger);

  const { config, fixedGrids, villages, grids, events } = useMapData(filters, refresh);
  const basemap = config.data?.basemap ?? null;
  const loadTownGrids = useCallback((town: string) => mapApi.boundaries('grid', town), []);
  const fitTo = useMemo(
    () => initialBounds(villages.data, grids.loading && !grids.data ? undefined : grids.data, events.data),
    [villages.data, grids.data, grids.loading, events.data],
  );
  const count = events.data?.features.length;
  const error = villages.error ?? grids.error ?? events.error ?? config.error;

  return (
    <div
      style={{
        position: 'relative',
        height: 'calc(100vh - 96px)',
        minHeight: 420,
        margin: -4,
        borderRadius: 8,
        overflow: 'hidden',
        background: '#eef1f5',
      }}
    >
      <Suspense fallback={<PageSpinner />}>
        {/* the map waits for its basemap (one small call, made alongside the data) rather than being built twice;
            without the setting (the call failed) it is drawn with none */}
        {config.loading && config.error === undefined ? (
          <PageSpinner />
        ) : (
          <MapCanvas
            key={basemapKey(basemap)}
            basemap={basemap}
            villages={villages.data}
            grids={grids.data ?? undefined}
            loadTownGrids={fixedGrids ? undefined : loadTownGrids}
            events={events.data}
            heatmap={heatmap}
            fitTo={fitTo}
            onSelect={setSelected}
            clusterLabel={(n) => t('map.clusterCount', { count: n.toLocaleString() })}
          />
        )}
      </Suspense>
      <Card
        size="small"
        title={t('map.title', { name: user.jurisdictionName })}
        style={{ position: 'absolute', top: 12, left: 12, maxWidth: 'calc(100% - 24px)' }}
      >
        <Flex vertical gap={8}>
          <MapFilterPanel value={filters} onChange={setFilters} heatmap={heatmap} onHeatmapChange={setHeatmap} />
          <Typography.Text type="secondary" aria-live="polite">
            {count === undefined || events.loading
              ? t('common.loading')
              : t('map.count', { count: count.toLocaleString() })}
          </Typography.Text>
          {count !== undefined && count >= EVENTS_LIMIT && (
            <Alert type="warning" showIcon title={t('map.truncated', { limit: EVENTS_LIMIT.toLocaleString() })} />
          )}
          {error !== undefined && (
            <ApiErrorAlert
              error={error}
              onRetry={() => [config, villages, grids, events].forEach((s) => s.error !== undefined && s.reload())}
            />
          )}
        </Flex>
      </Card>
      {selected && (
        <div style={{ position: 'absolute', top: 12, right: 12 }}>
          <EventCard point={selected} onClose={() => setSelected(null)} />
        </div>
      )}
      <MapLegend />
    </div>
  );
}
