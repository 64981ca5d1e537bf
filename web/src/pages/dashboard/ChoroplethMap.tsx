/**
 * The choropleth itself: registers the boundaries with ECharts (`registerMap`, in the lazy ECharts
 * chunk — nothing here imports ECharts) and draws `choroplethOption`. A click on an area hands it
 * to the caller. Everything worth testing is in choropleth.ts.
 */
import { useEffect, useMemo, useState } from 'react';
import { Skeleton } from 'antd';
import { EChart, loadECharts } from '../../charts/EChart';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import {
  aspectScaleOf,
  choroplethOption,
  type Boundaries,
  type ColourScale,
  type MapArea,
  type OptionLabels,
} from './choropleth';

/** Areas up to this many get their names drawn on the map (towns, a town's villages); more would crowd. */
const MAX_LABELLED = 40;
const HEIGHT = 420;

let registered = 0;

export interface ChoroplethMapProps {
  boundaries: Boundaries;
  areas: readonly MapArea[];
  scale: ColourScale | null;
  labels: OptionLabels;
  ariaLabel?: string;
  onSelect?: (area: MapArea) => void;
}

export function ChoroplethMap({ boundaries, areas, scale, labels, ariaLabel, onSelect }: ChoroplethMapProps) {
  const [mapName, setMapName] = useState<string | null>(null);
  const [failed, setFailed] = useState<unknown>(undefined);

  useEffect(() => {
    let cancelled = false;
    loadECharts().then(
      (echarts) => {
        if (cancelled) return;
        // a new name per boundary set: ECharts caches a map's regions by name
        const name = `yiwang-areas-${++registered}`;
        echarts.registerMap(name, boundaries as unknown as Parameters<typeof echarts.registerMap>[1]);
        setMapName(name);
      },
      (error: unknown) => !cancelled && setFailed(error),
    );
    return () => {
      cancelled = true;
    };
  }, [boundaries]);

  const aspectScale = useMemo(() => aspectScaleOf(boundaries.features), [boundaries]);
  const option = useMemo(
    () =>
      mapName
        ? choroplethOption({ mapName, areas, scale, labels, showLabels: areas.length <= MAX_LABELLED, aspectScale })
        : null,
    [mapName, areas, scale, labels, aspectScale],
  );

  if (!option) return failed ? <ApiErrorAlert error={failed} /> : <Skeleton active paragraph={{ rows: 8 }} />;
  return (
    <EChart
      option={option}
      height={HEIGHT}
      ariaLabel={ariaLabel}
      onClick={onSelect ? ({ dataIndex }) => areas[dataIndex] && onSelect(areas[dataIndex]) : undefined}
    />
  );
}
