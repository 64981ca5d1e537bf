// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithApp } from '../../testing/render';
import type { Breakdown, BreakdownRow, KpiValue } from '../../api/types';
import { FIGURE_SOURCE, zeroCounters } from '../../testing/figures';

vi.mock('../../charts/EChart', () => ({ EChart: () => <div data-testid="chart" /> }));

// imported after the mock
const { DistributionChart, distributionOption } = await import('./DistributionChart');

const count = (key: string, n: number): KpiValue => ({
  key,
  kind: 'count',
  value: n,
  numerator: n,
  denominator: null,
  display: String(n),
});
const row = (key: string, name: string, entered: number, own = false): BreakdownRow => ({
  key,
  name,
  own,
  counters: zeroCounters(),
  kpis: { entered: count('entered', entered), resolved: count('resolved', 0) },
});
const rows = [
  row('620999100000', '甲镇', 4),
  row('620999101000', '乙镇', 0),
  row('620999000000', '一网示范县（本级）', 5, true),
];
const breakdown: Breakdown = {
  scope: { code: '620999000000', level: 'county', name: '一网示范县' },
  span: { from: '2026-11-01', to: '2026-11-24', toExclusive: '2026-11-25', unit: 'month', days: 24 },
  groupBy: 'town',
  source: FIGURE_SOURCE,
  rows,
};

describe('DistributionChart', () => {
  it('sets the centre’s own row apart: its label greyed and italic, its bars faded', () => {
    const option = distributionOption(rows, { entered: '受理', resolved: '化解' });
    expect(option.xAxis.data).toEqual([
      '甲镇',
      '乙镇',
      { value: '一网示范县（本级）', textStyle: { fontStyle: 'italic', color: '#8c8c8c' } },
    ]);
    expect(option.series[0].data).toEqual([4, 0, { value: 5, itemStyle: { opacity: 0.45 } }]);
  });

  it('says under the chart that the own row is not a place and never ranked', () => {
    renderWithApp(<DistributionChart breakdown={breakdown} />);
    expect(screen.getByTestId('own-note').textContent).toMatch(/一网示范县（本级）.*不参与排名/);
  });

  it('adds no note when every row is a place', () => {
    renderWithApp(<DistributionChart breakdown={{ ...breakdown, rows: rows.filter((r) => !r.own) }} />);
    expect(screen.queryByTestId('own-note')).toBeNull();
  });
});
