/**
 * 辖区分布图: the places one level below the user's jurisdiction (a county's towns, a town's
 * villages, a village's grids) coloured by one KPI for the dashboard's period. The KPI is the
 * ranking's (one choice drives both; the card repeats the selector, which is the only one a
 * village user has). Boundaries come from GET /api/geo/boundaries once; the figures from GET
 * /api/analytics/breakdown, again on every live refresh. A county whose towns have no polygons
 * of their own is drawn from its villages' polygons, each coloured by its town. A click on an
 * area lists its events (the drill-down).
 */
import { useMemo } from 'react';
import { Card, Empty, Flex, Select, Space, Typography } from 'antd';
import { analyticsApi } from '../../api/analytics';
import type { Period } from '../../api/period';
import { useApi } from '../../hooks/use-api';
import { useT } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ChoroplethMap } from './ChoroplethMap';
import {
  NO_VALUE_COLOUR,
  areaFeatures,
  colourScale,
  joinAreas,
  townsWithoutBoundary,
  type AreaLevel,
  type Boundaries,
  type MapArea,
  type OptionLabels,
} from './choropleth';

export interface AreaMapCardProps {
  period: Period;
  level: AreaLevel;
  kpi: string;
  kpiOptions: { value: string; label: string }[];
  onKpiChange(kpi: string): void;
  /** Changes on every live refresh. */
  refreshKey: number;
  onSelect?(area: MapArea): void;
}

export function AreaMapCard({ period, level, kpi, kpiOptions, onKpiChange, refreshKey, onSelect }: AreaMapCardProps) {
  const t = useT();
  const kpiName = t.dynamic(`kpi.${kpi}`, kpi);

  const own = useApi((signal) => analyticsApi.boundaries(level, undefined, signal), [level]);
  const figures = useApi(
    (signal) => analyticsApi.breakdown(period, level, kpi === 'entered' ? [kpi] : [kpi, 'entered'], signal),
    [period, level, kpi, refreshKey],
  );
  const rows = useMemo(() => figures.data?.rows ?? [], [figures.data]);

  // towns without a polygon of their own: drawn from their villages' polygons
  const needVillages =
    level === 'town' &&
    own.data !== undefined &&
    figures.data !== undefined &&
    townsWithoutBoundary(rows, own.data).length > 0;
  const villages = useApi(
    (signal) => (needVillages ? analyticsApi.boundaries('village', undefined, signal) : Promise.resolve(undefined)),
    [needVillages],
  );

  const boundaries = useMemo<Boundaries | undefined>(() => {
    if (!own.data) return undefined;
    if (!needVillages || !villages.data) return own.data;
    return { type: 'FeatureCollection', features: [...own.data.features, ...villages.data.features] };
  }, [own.data, needVillages, villages.data]);

  // only the polygons drawn (no village under a town that has its own): registered once per boundary set
  const drawn = useMemo<Boundaries>(
    () => ({ type: 'FeatureCollection', features: areaFeatures(boundaries?.features ?? [], level) }),
    [boundaries, level],
  );
  const { areas, unmapped } = useMemo(() => joinAreas(drawn.features, level, rows, kpi), [drawn, level, rows, kpi]);
  const scale = useMemo(() => colourScale(kpi, areas), [kpi, areas]);
  const labels = useMemo<OptionLabels>(
    () => ({ kpi: kpiName, volume: (volume) => t('dashboard.map.volume', { volume }), drillHint: t('kpi.drillHint') }),
    [kpiName, t],
  );

  const loading =
    !boundaries || (!figures.data && !figures.error) || (needVillages && !villages.data && !villages.error);
  const error = own.error ?? figures.error ?? villages.error;
  const retry = () => {
    if (own.error) own.reload();
    if (figures.error) figures.reload();
    if (villages.error) villages.reload();
  };

  return (
    <Card
      size="small"
      title={t(`dashboard.map.${level}`)}
      extra={
        <Select
          size="small"
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('dashboard.map.kpi')}
          value={kpi}
          onChange={onKpiChange}
          options={kpiOptions}
          style={{ width: 150 }}
        />
      }
    >
      <ApiErrorAlert error={error} onRetry={retry} />
      {loading && !error ? (
        <div style={{ height: 420 }} aria-busy="true" />
      ) : boundaries && !areas.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.map.noBoundaries')} />
      ) : areas.length ? (
        <>
          <ChoroplethMap
            boundaries={drawn}
            areas={areas}
            scale={scale}
            labels={labels}
            ariaLabel={t('dashboard.map.ariaLabel', { kpi: kpiName })}
            onSelect={onSelect}
          />
          <Flex vertical gap={4} style={{ fontSize: 12 }}>
            <Space size={16} wrap>
              <Typography.Text type="secondary" data-direction={scale?.direction ?? 'none'}>
                {scale
                  ? t(scale.direction === 'neutral' ? 'dashboard.map.legendNeutral' : 'dashboard.map.legendGoodBad')
                  : t('dashboard.map.allNoValue')}
              </Typography.Text>
              <Typography.Text type="secondary">
                <span
                  style={{
                    display: 'inline-block',
                    width: 10,
                    height: 10,
                    background: NO_VALUE_COLOUR,
                    marginRight: 4,
                    verticalAlign: 'middle',
                  }}
                />
                {t('dashboard.map.noValue')}
              </Typography.Text>
              {needVillages && (
                <Typography.Text type="secondary">{t('dashboard.map.townsFromVillages')}</Typography.Text>
              )}
            </Space>
            {unmapped.length > 0 && (
              <Typography.Text type="secondary">
                {t('dashboard.map.unmapped', {
                  list: unmapped.map((u) => `${u.name} ${u.display}`).join(t('dashboard.map.separator')),
                })}
              </Typography.Text>
            )}
          </Flex>
        </>
      ) : null}
    </Card>
  );
}
