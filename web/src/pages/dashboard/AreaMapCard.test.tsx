// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useState, type ComponentProps } from 'react';
import { act, screen, waitFor } from '@testing-library/react';
import type { Feature, Geometry } from 'geojson';
import { renderWithApp } from '../../testing/render';
import type { BoundaryProperties } from '../../api/analytics';
import type { Breakdown, BreakdownRow, KpiValue } from '../../api/types';
import { BAD_COLOUR, GOOD_COLOUR, NEUTRAL_COLOURS, type MapArea } from './choropleth';
import { FIGURE_SOURCE, zeroCounters } from '../../testing/figures';

type ChartProps = {
  option: {
    series: { map: string; data: { name: string; value: number; area: MapArea }[] }[];
    visualMap?: { inRange: { color: string[] } };
  };
  onClick?: (item: { dataIndex: number; seriesIndex: number; name: string }) => void;
  ariaLabel?: string;
};

const mocks = vi.hoisted(() => ({
  chart: null as null | ChartProps,
  registerMap: vi.fn(),
  boundaries: vi.fn(),
  breakdown: vi.fn(),
}));

vi.mock('../../charts/EChart', () => ({
  EChart: (props: ChartProps) => {
    mocks.chart = props;
    return <div data-testid="chart" aria-label={props.ariaLabel} />;
  },
  loadECharts: () => Promise.resolve({ registerMap: mocks.registerMap }),
}));
vi.mock('../../api/analytics', () => ({ analyticsApi: { boundaries: mocks.boundaries, breakdown: mocks.breakdown } }));

// imported after the mocks
const { AreaMapCard } = await import('./AreaMapCard');

const COUNTY = '620999000000';
const TOWN_A = '620999101000';
const TOWN_B = '620999102000';
const TOWN_C = '620999103000';

function square(
  code: string,
  level: BoundaryProperties['level'],
  name: string,
  x: number,
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
    properties: { code, parentCode: null, level, kind: level, name, households: null },
  };
}
const rate = (key: string, n: number, d: number): KpiValue => ({
  key,
  kind: 'rate',
  value: d ? n / d : null,
  numerator: n,
  denominator: d,
  display: d ? `${(n / d) * 100}%` : '—',
});
const count = (key: string, n: number): KpiValue => ({
  key,
  kind: 'count',
  value: n,
  numerator: n,
  denominator: null,
  display: String(n),
});
const group = (key: string | null, name: string, ...kpis: KpiValue[]): BreakdownRow => ({
  key,
  name,
  own: name.endsWith('（本级）'),
  counters: zeroCounters(),
  kpis: Object.fromEntries(kpis.map((k) => [k.key, k])),
});
const breakdown = (rows: BreakdownRow[]): Breakdown => ({
  scope: { code: COUNTY, level: 'county', name: '一网示范县' },
  span: { from: '2026-11-01', to: '2026-11-24', toExclusive: '2026-11-25', unit: 'month', days: 24 },
  groupBy: 'town',
  source: FIGURE_SOURCE,
  rows,
});
const fc = (features: Feature<Geometry, BoundaryProperties>[]) => ({ type: 'FeatureCollection' as const, features });

const towns = fc([square(TOWN_A, 'town', '甲镇', 0), square(TOWN_B, 'town', '乙镇', 1)]);
const villages = fc([
  square('620999101001', 'village', '甲一村', 0),
  square('620999103001', 'village', '丙一村', 2),
  square('620999103002', 'village', '丙二村', 3),
]);
const figures = breakdown([
  group(COUNTY, '一网示范县（本级）', rate('overdueRate', 1, 4), count('entered', 4)),
  group(TOWN_A, '甲镇', rate('overdueRate', 1, 10), count('entered', 10)),
  group(TOWN_B, '乙镇', rate('overdueRate', 5, 20), count('entered', 20)),
  group(TOWN_C, '丙镇', rate('overdueRate', 0, 0), count('entered', 0)),
]);

const options = [
  { value: 'overdueRate', label: '逾期率' },
  { value: 'entered', label: '受理量' },
];
const period = { preset: 'this_month' } as const;

/** The map's data: region → [group key, value] as handed to ECharts. */
const drawn = () => Object.fromEntries(mocks.chart!.option.series[0].data.map((d) => [d.name, [d.area.key, d.value]]));

type CardProps = ComponentProps<typeof AreaMapCard>;
/** Renders the card with the app's providers; the returned function changes its props. */
function renderCard(props: CardProps): (next: Partial<CardProps>) => void {
  let update: (next: Partial<CardProps>) => void = () => {};
  function Harness() {
    const [current, setCurrent] = useState(props);
    update = (next) => setCurrent((p) => ({ ...p, ...next }));
    return <AreaMapCard {...current} />;
  }
  renderWithApp(<Harness />);
  return (next) => act(() => update(next));
}

beforeEach(() => {
  mocks.chart = null;
  mocks.registerMap.mockReset();
  mocks.boundaries.mockReset();
  mocks.breakdown.mockReset();
  mocks.boundaries.mockImplementation((level: string) => Promise.resolve(level === 'town' ? towns : villages));
  mocks.breakdown.mockResolvedValue(figures);
});

describe('AreaMapCard', () => {
  it('colours each town by its own figure, draws a town without a polygon from its villages, and lists the rest', async () => {
    renderWithApp(
      <AreaMapCard
        period={period}
        level="town"
        kpi="overdueRate"
        kpiOptions={options}
        onKpiChange={() => {}}
        refreshKey={0}
      />,
    );
    await waitFor(() => expect(mocks.chart).not.toBeNull());
    // the first map drawn already has 丙镇's villages: no towns-only map in between
    expect(mocks.registerMap).toHaveBeenCalledTimes(1);
    expect(mocks.breakdown).toHaveBeenCalledWith(period, 'town', ['overdueRate', 'entered'], expect.anything());
    expect(mocks.boundaries).toHaveBeenCalledWith('town', undefined, expect.anything());
    expect(mocks.boundaries).toHaveBeenCalledWith('village', undefined, expect.anything());
    const data = drawn();
    expect(data[TOWN_A]).toEqual([TOWN_A, 0.1]);
    expect(data[TOWN_B]).toEqual([TOWN_B, 0.25]);
    expect(data['620999103001'][0]).toBe(TOWN_C);
    expect(Number.isNaN(data['620999103002'][1])).toBe(true); // 丙镇: nothing entered, no rate
    expect(data['620999101001']).toBeUndefined(); // 甲镇 has its own polygon
    // what ECharts registered is exactly what it draws
    const registered = mocks.registerMap.mock.calls.at(-1)!;
    expect(registered[0]).toBe(mocks.chart!.option.series[0].map);
    expect(registered[1].features.map((f: Feature<Geometry, BoundaryProperties>) => f.properties.code)).toEqual([
      TOWN_A,
      TOWN_B,
      '620999103001',
      '620999103002',
    ]);

    expect(screen.getByText('各乡镇（街道）着色图')).toBeTruthy();
    expect(screen.getByText('绿色较好，红色较差')).toBeTruthy();
    expect(screen.getByText('未导入边界的乡镇按其村（社区）边界着色')).toBeTruthy();
    expect(screen.getByText('未上图：一网示范县（本级） 25%')).toBeTruthy();
    expect(screen.getByTestId('chart').getAttribute('aria-label')).toBe('按辖区着色的逾期率地图');
  });

  it('runs the colours the KPI’s way: a higher overdue rate red, more entered darker blue', async () => {
    const change = renderCard({
      period,
      level: 'town',
      kpi: 'overdueRate',
      kpiOptions: options,
      onKpiChange: () => {},
      refreshKey: 0,
    });
    await waitFor(() => expect(mocks.chart?.option.visualMap).toBeDefined());
    expect(mocks.chart!.option.visualMap!.inRange.color[0]).toBe(GOOD_COLOUR);
    expect(mocks.chart!.option.visualMap!.inRange.color.at(-1)).toBe(BAD_COLOUR);

    change({ kpi: 'entered' });
    await waitFor(() => expect(mocks.chart!.option.visualMap!.inRange.color).toEqual([...NEUTRAL_COLOURS]));
    expect(mocks.breakdown).toHaveBeenLastCalledWith(period, 'town', ['entered'], expect.anything());
    expect(screen.getByText('颜色越深，数量越多')).toBeTruthy();
  });

  it('hands a clicked area to the caller as its group', async () => {
    const onSelect = vi.fn();
    renderWithApp(
      <AreaMapCard
        period={period}
        level="town"
        kpi="overdueRate"
        kpiOptions={options}
        onKpiChange={() => {}}
        refreshKey={0}
        onSelect={onSelect}
      />,
      { locale: 'en' },
    );
    await waitFor(() => expect(Object.keys(drawn())).toHaveLength(4));
    const index = mocks.chart!.option.series[0].data.findIndex((d) => d.name === '620999103002');
    act(() => mocks.chart!.onClick!({ dataIndex: index, seriesIndex: 0, name: '620999103002' }));
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ key: TOWN_C, name: '丙镇' }));
    expect(screen.getByText('Towns on the map')).toBeTruthy();
  });

  it('reloads the figures on a live refresh, not the boundaries', async () => {
    const change = renderCard({
      period,
      level: 'town',
      kpi: 'overdueRate',
      kpiOptions: options,
      onKpiChange: () => {},
      refreshKey: 0,
    });
    await waitFor(() => expect(drawn()[TOWN_A]).toEqual([TOWN_A, 0.1]));
    const boundaryCalls = mocks.boundaries.mock.calls.length;
    mocks.breakdown.mockResolvedValue(
      breakdown([
        group(TOWN_A, '甲镇', rate('overdueRate', 3, 10), count('entered', 10)),
        group(TOWN_B, '乙镇', rate('overdueRate', 5, 20), count('entered', 20)),
      ]),
    );
    change({ refreshKey: 1 });
    await waitFor(() => expect(drawn()[TOWN_A]).toEqual([TOWN_A, 0.3]));
    expect(mocks.boundaries.mock.calls.length).toBe(boundaryCalls);
  });

  it('says so when there are no boundaries to colour', async () => {
    mocks.boundaries.mockResolvedValue(fc([]));
    renderWithApp(
      <AreaMapCard
        period={period}
        level="grid"
        kpi="overdueRate"
        kpiOptions={options}
        onKpiChange={() => {}}
        refreshKey={0}
      />,
    );
    expect(await screen.findByText('尚未导入这些辖区的边界，无法着色。')).toBeTruthy();
    expect(mocks.chart).toBeNull();
  });
});
