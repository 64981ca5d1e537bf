import { afterEach, describe, expect, it } from 'vitest';
import type { Feature, Geometry } from 'geojson';
import * as echarts from 'echarts/core';
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { BoundaryProperties } from '../../api/analytics';
import type { BreakdownRow, KpiValue } from '../../api/types';
import {
  BAD_COLOUR,
  GOOD_COLOUR,
  NEUTRAL_COLOURS,
  NO_VALUE_COLOUR,
  areaCodeAt,
  areaFeatures,
  aspectScaleOf,
  choroplethOption,
  colourScale,
  directionOf,
  joinAreas,
  townsWithoutBoundary,
  tooltipHtml,
  type MapArea,
} from './choropleth';
import { zeroCounters } from '../../testing/figures';

const COUNTY = '620999000000';
const TOWN_A = '620999101000';
const TOWN_B = '620999102000';
const TOWN_C = '620999103000';
const VILLAGE_A1 = '620999101001';
const VILLAGE_C1 = '620999103001';
const VILLAGE_C2 = '620999103002';

/** A unit square at column `x`: every area its own, easy to tell apart. */
function square(
  code: string,
  level: BoundaryProperties['level'],
  name: string,
  x: number,
  parentCode: string | null = null,
): Feature<Geometry, BoundaryProperties> {
  const ring = [
    [100 + x, 30],
    [101 + x, 30],
    [101 + x, 31],
    [100 + x, 31],
    [100 + x, 30],
  ];
  return {
    type: 'Feature',
    id: code,
    geometry: { type: 'Polygon', coordinates: [ring] },
    properties: { code, parentCode, level, kind: level, name, households: null },
  };
}

function rate(key: string, numerator: number, denominator: number): KpiValue {
  return {
    key,
    kind: 'rate',
    value: denominator ? numerator / denominator : null,
    numerator,
    denominator,
    display: denominator ? `${Math.round((numerator / denominator) * 1000) / 10}%` : '—',
  };
}
function count(key: string, n: number): KpiValue {
  return { key, kind: 'count', value: n, numerator: n, denominator: null, display: n.toLocaleString('en-US') };
}
function group(key: string | null, name: string, kpis: KpiValue[]): BreakdownRow {
  return {
    key,
    name,
    own: name.endsWith('（本级）'),
    counters: zeroCounters(),
    kpis: Object.fromEntries(kpis.map((k) => [k.key, k])),
  };
}

// A county of three towns: A and B have polygons, C only its two villages.
const features = [
  square(TOWN_A, 'town', '甲镇', 0),
  square(TOWN_B, 'town', '乙镇', 1),
  square(VILLAGE_A1, 'village', '甲一村', 0, TOWN_A),
  square(VILLAGE_C1, 'village', '丙一村', 2, TOWN_C),
  square(VILLAGE_C2, 'village', '丙二村', 3, TOWN_C),
];
const groups = [
  group(COUNTY, '一网示范县（本级）', [rate('overdueRate', 1, 4), count('entered', 4)]),
  group(TOWN_A, '甲镇', [rate('overdueRate', 1, 10), count('entered', 10)]),
  group(TOWN_B, '乙镇', [rate('overdueRate', 6, 20), count('entered', 20)]),
  group(TOWN_C, '丙镇', [rate('overdueRate', 0, 0), count('entered', 0)]),
];

describe('areaCodeAt', () => {
  it('finds the town, village or grid a code lies in', () => {
    expect(areaCodeAt(VILLAGE_C1, 'town')).toBe(TOWN_C);
    expect(areaCodeAt(TOWN_C, 'town')).toBe(TOWN_C);
    expect(areaCodeAt('620999103001004', 'village')).toBe(VILLAGE_C1);
    expect(areaCodeAt('620999103001004', 'grid')).toBe('620999103001004');
    expect(areaCodeAt(COUNTY, 'town')).toBeNull();
    expect(areaCodeAt(TOWN_A, 'village')).toBeNull();
    expect(areaCodeAt(VILLAGE_A1, 'grid')).toBeNull();
  });
});

describe('joining the breakdown to the boundaries', () => {
  it('colours each town by its own row, and a town without a polygon through its villages', () => {
    const { areas, unmapped } = joinAreas(features, 'town', groups, 'overdueRate');
    // 甲一村 is not drawn: 甲镇 has a polygon of its own
    expect(areas.map((a) => [a.region, a.key, a.name, a.value, a.display, a.volume])).toEqual([
      [TOWN_A, TOWN_A, '甲镇', 0.1, '10%', 10],
      [TOWN_B, TOWN_B, '乙镇', 0.3, '30%', 20],
      [VILLAGE_C1, TOWN_C, '丙镇', null, '—', 0],
      [VILLAGE_C2, TOWN_C, '丙镇', null, '—', 0],
    ]);
    // the county's own events are on no town
    expect(unmapped).toEqual([{ key: COUNTY, name: '一网示范县（本级）', display: '25%', volume: 4 }]);
    expect(areaFeatures(features, 'town').map((f) => f.properties.code)).toEqual([
      TOWN_A,
      TOWN_B,
      VILLAGE_C1,
      VILLAGE_C2,
    ]);
  });

  it('names the towns to draw from villages', () => {
    expect(townsWithoutBoundary(groups, { type: 'FeatureCollection', features: features.slice(0, 2) })).toEqual([
      TOWN_C,
    ]);
    expect(townsWithoutBoundary(groups, undefined)).toEqual([TOWN_A, TOWN_B, TOWN_C]);
  });

  it('takes an area with no row as nothing reported: 0 for a count, no figure for a rate', () => {
    const grids = [square('620999101001001', 'grid', '一网格', 0), square('620999101001002', 'grid', '二网格', 1)];
    const rows = [group('620999101001001', '一网格', [count('overdue', 3), count('entered', 7)])];
    expect(joinAreas(grids, 'grid', rows, 'overdue').areas.map((a) => [a.value, a.display, a.volume])).toEqual([
      [3, '3', 7],
      [0, '0', 0],
    ]);
    expect(joinAreas(grids, 'grid', [], 'overdueRate').areas.map((a) => [a.name, a.value, a.display])).toEqual([
      ['一网格', null, '—'],
      ['二网格', null, '—'],
    ]);
  });

  it('gives a count its entered events as the volume, a rate its denominator', () => {
    const rows = [
      group(TOWN_A, '甲镇', [rate('onTimeCompletionRate', 3, 4), count('completed', 4), count('entered', 9)]),
    ];
    expect(joinAreas(features, 'town', rows, 'onTimeCompletionRate').areas[0].volume).toBe(4);
    expect(joinAreas(features, 'town', rows, 'completed').areas[0].volume).toBe(9);
  });
});

describe('the colour scale', () => {
  const areas = joinAreas(features, 'town', groups, 'overdueRate').areas;

  it('follows the KPI definition: a higher overdue rate is worse, a higher resolution rate better, volumes neutral', () => {
    expect(directionOf('overdueRate')).toBe('higher-worse');
    expect(directionOf('resolutionRate')).toBe('higher-better');
    expect(directionOf('openRed')).toBe('higher-worse');
    expect(directionOf('entered')).toBe('neutral');

    const overdue = colourScale('overdueRate', areas)!;
    expect([overdue.min, overdue.max, overdue.lowDisplay, overdue.highDisplay]).toEqual([0.1, 0.3, '10%', '30%']);
    expect(overdue.colours[0]).toBe(GOOD_COLOUR);
    expect(overdue.colours.at(-1)).toBe(BAD_COLOUR);

    const resolution = colourScale(
      'resolutionRate',
      areas.map((a) => ({ ...a })),
    )!;
    expect(resolution.colours[0]).toBe(BAD_COLOUR);
    expect(resolution.colours.at(-1)).toBe(GOOD_COLOUR);
    expect(colourScale('entered', areas)!.colours).toEqual(NEUTRAL_COLOURS);
  });

  it('keeps shapes: a degree of longitude shrinks with the cosine of the latitude', () => {
    expect(aspectScaleOf(features)).toBeCloseTo(Math.cos((30.5 * Math.PI) / 180));
    expect(aspectScaleOf([])).toBe(0.75);
  });

  it('has no scale without figures, and widens a single figure around itself', () => {
    expect(
      colourScale(
        'overdueRate',
        areas.filter((a) => a.value === null),
      ),
    ).toBeNull();
    const one = colourScale('overdueRate', areas.slice(0, 1))!;
    expect(one.min).toBeLessThan(0.1);
    expect(one.max).toBeGreaterThan(0.1);
    expect((one.min + one.max) / 2).toBeCloseTo(0.1);
  });
});

describe('the ECharts option, drawn by ECharts', () => {
  echarts.use([MapChart, TooltipComponent, VisualMapComponent, SVGRenderer]);
  let chart: echarts.EChartsType | null = null;
  afterEach(() => {
    chart?.dispose();
    chart = null;
  });

  const labels = { kpi: '逾期率', volume: (v: string) => `件数 ${v}`, drillHint: '点击查看事件清单' };

  /** The fill of each region as ECharts draws it (server-side, to SVG), by region code. */
  function fills(kpi: string, rows: BreakdownRow[]): Map<string, string> {
    const drawn = areaFeatures(features, 'town');
    const { areas } = joinAreas(drawn, 'town', rows, kpi);
    echarts.registerMap('test-county', { type: 'FeatureCollection', features: drawn } as never);
    chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 400, height: 300 });
    chart.setOption(
      choroplethOption({
        mapName: 'test-county',
        areas,
        scale: colourScale(kpi, areas),
        labels,
        showLabels: true,
      }) as never,
    );
    const svg = chart.renderToSVGString();
    const out = new Map<string, string>();
    for (const [path] of svg.matchAll(/<path [^>]*ecmeta_series_index="0"[^>]*>/g)) {
      const index = Number(/ecmeta_data_index="(\d+)"/.exec(path)![1]);
      // every region inside the chart: the map is fitted to the box, its shape kept
      for (const [, x, y] of /\bd="([^"]+)"/.exec(path)![1].matchAll(/(-?[\d.]+) (-?[\d.]+)/g)) {
        expect(Number(x)).toBeGreaterThanOrEqual(0);
        expect(Number(x)).toBeLessThanOrEqual(400);
        expect(Number(y)).toBeGreaterThanOrEqual(0);
        expect(Number(y)).toBeLessThanOrEqual(300);
      }
      out.set(areas[index].region, rgba(/\bfill="([^"]+)"/.exec(path)![1]));
    }
    expect(out.size).toBe(areas.length);
    return out;
  }
  const rgba = (colour: string) => echarts.color.stringify(echarts.color.parse(colour), 'rgba');
  const [GOOD, BAD, GREY] = [GOOD_COLOUR, BAD_COLOUR, NO_VALUE_COLOUR].map(rgba);

  it('paints the worse town red and the better green, whichever way the KPI runs, and no-figure towns grey', () => {
    const overdue = fills('overdueRate', groups);
    expect(overdue.get(TOWN_A)).toBe(GOOD); // 10% overdue
    expect(overdue.get(TOWN_B)).toBe(BAD); // 30% overdue
    expect(overdue.get(VILLAGE_C1)).toBe(GREY); // 丙镇: nothing entered
    expect(overdue.get(VILLAGE_C2)).toBe(GREY);

    const resolution = fills('resolutionRate', [
      group(TOWN_A, '甲镇', [rate('resolutionRate', 9, 10)]),
      group(TOWN_B, '乙镇', [rate('resolutionRate', 10, 20)]),
      group(TOWN_C, '丙镇', [rate('resolutionRate', 7, 10)]),
    ]);
    expect(resolution.get(TOWN_A)).toBe(GOOD); // 90% resolved
    expect(resolution.get(TOWN_B)).toBe(BAD); // 50% resolved
    // 丙镇 (70%) between the two, the same colour on both its villages
    expect([GOOD, BAD, GREY]).not.toContain(resolution.get(VILLAGE_C1));
    expect(resolution.get(VILLAGE_C2)).toBe(resolution.get(VILLAGE_C1));
  });

  it('puts a click on the right area: data follow the areas, matched to regions by code', () => {
    const { areas } = joinAreas(features, 'town', groups, 'overdueRate');
    const option = choroplethOption({
      mapName: 'm',
      areas,
      scale: colourScale('overdueRate', areas),
      labels,
      showLabels: false,
    });
    const series = option.series[0];
    expect(series.nameProperty).toBe('code');
    expect(series.data.map((d) => [d.name, d.area.key])).toEqual(areas.map((a) => [a.region, a.key]));
    expect(Number.isNaN(series.data[2].value)).toBe(true);
    expect(option.visualMap).toMatchObject({
      min: 0.1,
      max: 0.3,
      text: ['30%', '10%'],
      unboundedRange: false,
      outOfRange: { color: NO_VALUE_COLOUR },
    });
  });

  it('writes a tooltip with the name, the figure and the volume, escaping names', () => {
    const area: MapArea = { region: TOWN_A, key: TOWN_A, name: '<甲镇>', value: 0.1, display: '10%', volume: 1234 };
    const html = tooltipHtml(area, labels);
    expect(html).toContain('&#60;甲镇&#62;');
    expect(html).not.toContain('<甲镇>');
    expect(html).toContain('逾期率: 10%');
    expect(html).toContain('件数 1,234');
  });
});
