/**
 * 辖区着色 — the pure half of the dashboard's choropleth: which breakdown row colours which
 * boundary, the value range and which end of it is good, and the ECharts option (a `map` series
 * over our own GeoJSON, registered under `mapName`, with a continuous `visualMap`). No React, no
 * ECharts import: choropleth.test.ts runs this option through ECharts itself.
 *
 * - An area is one boundary feature. A county user's areas are towns; a town that has no polygon
 *   of its own is drawn from its villages' polygons, each coloured by the town's figure (so the
 *   map still covers the county when only village boundaries were imported). A town user's areas
 *   are villages, a village user's grids.
 * - The breakdown lists every town / village of the scope (zeros included) but only grids with
 *   events; an area without a row counts 0 for a count KPI and has no figure for a rate.
 * - A rate with no denominator has no figure: grey, "—". Rows with no area (events held at the
 *   centre itself, "（本级）", or a place without a polygon) are returned as `unmapped`.
 * - Colours run red (worse) → yellow → green (better) in the direction the KPI definition gives
 *   (`higherIsBetter`: 逾期率 high is red, 办结率 high is green). Demand volumes (接报总量, 受理量)
 *   are neither good nor bad: a light-to-dark blue.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { BreakdownRow, KpiValue } from '../../api/types';
import type { BoundaryProperties } from '../../api/analytics';
import { KPI_BY_KEY, townOf } from '../../domain';

export type AreaLevel = 'town' | 'village' | 'grid';

export type Boundaries = FeatureCollection<Geometry, BoundaryProperties>;

export interface MapArea {
  /** The feature's code: the region's name in the registered map. */
  region: string;
  /** The breakdown row (and drill-down group) it is coloured by: its own code, or its town's. */
  key: string;
  /** The row's name (the town's, for a village drawn for its town). */
  name: string;
  /** The figure; null when there is none (a rate with no denominator). */
  value: number | null;
  /** As the server formats it: "91.5%", "3,638", "—". */
  display: string;
  /** The events behind the figure: a rate's denominator, or the events entered for a count. */
  volume: number;
}

export interface UnmappedRow {
  key: string | null;
  name: string;
  display: string;
  volume: number;
}

export const GOOD_COLOUR = '#389e0d';
export const MIDDLE_COLOUR = '#ffd666';
export const BAD_COLOUR = '#cf1322';
export const NEUTRAL_COLOURS = ['#e6f4ff', '#69b1ff', '#0958d9'] as const;
export const NO_VALUE_COLOUR = '#d9d9d9';
const NO_VALUE = '—';

/** Volumes of demand: more is neither better nor worse. */
const NEUTRAL_KPIS = new Set(['received', 'entered']);

const DIGITS: Record<AreaLevel, number> = { town: 9, village: 12, grid: 15 };

/**
 * The code of the area at `level` that `code` lies in — itself when it is of that level — or null
 * when `code` lies above it (a county's code has no town).
 */
export function areaCodeAt(code: string, level: AreaLevel): string | null {
  if (level === 'grid') return code.length === 15 ? code : null;
  if (code.length < 12) return null;
  const own = code.slice(DIGITS[level] - 3, DIGITS[level]);
  if (own === '000') return null;
  return level === 'town' ? townOf(code) : code.slice(0, 12);
}

/** Towns of the breakdown with no polygon among the town boundaries: draw them from their villages. */
export function townsWithoutBoundary(rows: readonly BreakdownRow[], towns: Boundaries | undefined): string[] {
  const drawn = new Set((towns?.features ?? []).map((f) => f.properties.code));
  return rows
    .map((g) => g.key)
    .filter((key): key is string => key !== null && areaCodeAt(key, 'town') === key && !drawn.has(key))
    .sort();
}

function volumeOf(row: BreakdownRow, kpi: string): number {
  const value = row.kpis[kpi];
  if (KPI_BY_KEY.get(kpi)?.kind === 'rate') return value?.denominator ?? 0;
  return row.kpis.entered?.value ?? 0;
}

function figureOf(value: KpiValue | undefined, kpi: string): { value: number | null; display: string } {
  if (value) return { value: value.value, display: value.display || NO_VALUE };
  // no row: nothing was reported there this period
  return KPI_BY_KEY.get(kpi)?.kind === 'rate' ? { value: null, display: NO_VALUE } : { value: 0, display: '0' };
}

/**
 * The polygons to draw, from the areas' own polygons and any of places below them (villages, for
 * towns without one): a lower polygon is drawn only for an area that has no polygon of its own;
 * polygons above the level, and repeats, are dropped.
 */
export function areaFeatures(
  features: readonly Feature<Geometry, BoundaryProperties>[],
  level: AreaLevel,
): Feature<Geometry, BoundaryProperties>[] {
  const own = new Set(
    features.filter((f) => areaCodeAt(f.properties.code, level) === f.properties.code).map((f) => f.properties.code),
  );
  const seen = new Set<string>();
  return features.filter((feature) => {
    const region = feature.properties.code;
    const key = areaCodeAt(region, level);
    if (key === null || seen.has(region) || (key !== region && own.has(key))) return false;
    seen.add(region);
    return true;
  });
}

/**
 * Joins the breakdown to the polygons (as `areaFeatures` chooses them): one area per polygon, in
 * their order, coloured by its own row or its town's.
 */
export function joinAreas(
  features: readonly Feature<Geometry, BoundaryProperties>[],
  level: AreaLevel,
  rows: readonly BreakdownRow[],
  kpi: string,
): { areas: MapArea[]; unmapped: UnmappedRow[] } {
  const byKey = new Map(rows.filter((g) => g.key !== null).map((g) => [g.key!, g]));
  const areas = areaFeatures(features, level).map((feature): MapArea => {
    const region = feature.properties.code;
    const key = areaCodeAt(region, level)!;
    const row = byKey.get(key);
    const figure = figureOf(row?.kpis[kpi], kpi);
    return {
      region,
      key,
      name: row?.name ?? (key === region ? feature.properties.name : key),
      value: figure.value,
      display: figure.display,
      volume: row ? volumeOf(row, kpi) : 0,
    };
  });
  const mapped = new Set(areas.map((a) => a.key));
  const unmapped = rows
    .filter((g) => (g.key === null || !mapped.has(g.key)) && volumeOf(g, kpi) > 0)
    .map((g) => ({ key: g.key, name: g.name, display: figureOf(g.kpis[kpi], kpi).display, volume: volumeOf(g, kpi) }));
  return { areas, unmapped };
}

export type ColourDirection = 'higher-better' | 'higher-worse' | 'neutral';

export function directionOf(kpi: string): ColourDirection {
  if (NEUTRAL_KPIS.has(kpi)) return 'neutral';
  return (KPI_BY_KEY.get(kpi)?.higherIsBetter ?? true) ? 'higher-better' : 'higher-worse';
}

export interface ColourScale {
  direction: ColourDirection;
  min: number;
  max: number;
  /** Low → high, as ECharts' visualMap takes them. */
  colours: readonly string[];
  /** The figures at the two ends, as the server formats them. */
  lowDisplay: string;
  highDisplay: string;
}

/**
 * The range the colours span — the lowest to the highest figure on the map — and which colour
 * each end gets. Null when no area has a figure. When every area has the same figure the range
 * is widened around it, so they all take the middle colour instead of one extreme.
 */
export function colourScale(kpi: string, areas: readonly MapArea[]): ColourScale | null {
  const withValue = areas.filter((a): a is MapArea & { value: number } => a.value !== null && Number.isFinite(a.value));
  if (!withValue.length) return null;
  let low = withValue[0];
  let high = withValue[0];
  for (const a of withValue) {
    if (a.value < low.value) low = a;
    if (a.value > high.value) high = a;
  }
  const direction = directionOf(kpi);
  const colours =
    direction === 'neutral'
      ? NEUTRAL_COLOURS
      : direction === 'higher-better'
        ? [BAD_COLOUR, MIDDLE_COLOUR, GOOD_COLOUR]
        : [GOOD_COLOUR, MIDDLE_COLOUR, BAD_COLOUR];
  const pad = low.value === high.value ? (KPI_BY_KEY.get(kpi)?.kind === 'rate' ? 0.01 : 1) : 0;
  return {
    direction,
    min: low.value - pad,
    max: high.value + pad,
    colours,
    lowDisplay: low.display,
    highDisplay: high.display,
  };
}

/**
 * How much narrower a degree of longitude is than one of latitude in the middle of these
 * polygons (cos of the latitude), so the areas keep their shape — ECharts' default, 0.75, is
 * right only near 41°.
 */
export function aspectScaleOf(features: readonly Feature<Geometry, BoundaryProperties>[]): number {
  let low = Infinity;
  let high = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      low = Math.min(low, c[1] as number);
      high = Math.max(high, c[1] as number);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const f of features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  if (!Number.isFinite(low)) return 0.75;
  return Math.cos((((low + high) / 2) * Math.PI) / 180);
}

export interface OptionLabels {
  /** The KPI's name, shown in the tooltip. */
  kpi: string;
  /** "件数 {volume}" with the volume filled in. */
  volume(volume: string): string;
  /** The hint under the tooltip: click to list the events. */
  drillHint: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The tooltip of one area (HTML: names are escaped). */
export function tooltipHtml(area: MapArea, labels: OptionLabels): string {
  return [
    `<b>${escapeHtml(area.name)}</b>`,
    `${escapeHtml(labels.kpi)}: ${escapeHtml(area.display)}`,
    escapeHtml(labels.volume(area.volume.toLocaleString('en-US'))),
    `<span style="color:#8c8c8c">${escapeHtml(labels.drillHint)}</span>`,
  ].join('<br/>');
}

/** The ECharts option: one map series, data in the order of `areas` (a click's dataIndex indexes it). */
export function choroplethOption(input: {
  mapName: string;
  areas: readonly MapArea[];
  scale: ColourScale | null;
  labels: OptionLabels;
  showLabels: boolean;
  aspectScale?: number;
}) {
  const { mapName, areas, scale, labels } = input;
  return {
    tooltip: {
      trigger: 'item',
      formatter: (params: { data?: { area?: MapArea } }) =>
        params.data?.area ? tooltipHtml(params.data.area, labels) : '',
    },
    visualMap: scale
      ? {
          type: 'continuous',
          seriesIndex: 0,
          min: scale.min,
          max: scale.max,
          // a value outside [min, max] — NaN, an area without a figure — is out of range: grey
          unboundedRange: false,
          calculable: false,
          inRange: { color: [...scale.colours] },
          outOfRange: { color: NO_VALUE_COLOUR },
          text: [scale.highDisplay, scale.lowDisplay],
          textStyle: { fontSize: 11 },
          itemWidth: 12,
          itemHeight: 100,
          left: 8,
          bottom: 8,
        }
      : undefined,
    series: [
      {
        type: 'map',
        map: mapName,
        nameProperty: 'code',
        roam: false,
        selectedMode: false,
        // the whole area in the box, its shape kept; room on the left for the colour scale
        top: 8,
        bottom: 8,
        left: 64,
        right: 64,
        preserveAspect: 'contain',
        aspectScale: input.aspectScale ?? 0.75,
        label: {
          show: input.showLabels,
          fontSize: 10,
          color: '#262626',
          formatter: (params: { data?: { area?: MapArea } }) => params.data?.area?.name ?? '',
        },
        itemStyle: { areaColor: NO_VALUE_COLOUR, borderColor: '#ffffff', borderWidth: 0.8 },
        // keep the area's colour on hover, outline it instead
        emphasis: {
          label: { show: true },
          itemStyle: { areaColor: null, color: null, borderColor: '#1f5fbf', borderWidth: 2 },
        },
        data: areas.map((area) => ({ name: area.region, value: area.value ?? Number.NaN, area })),
      },
    ],
  };
}
