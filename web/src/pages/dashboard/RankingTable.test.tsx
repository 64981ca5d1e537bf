// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { renderWithApp } from '../../testing/render';
import { RankingTable } from './RankingTable';
import type { RankedRow, Ranking } from '../../api/types';
import { FIGURE_SOURCE } from '../../testing/figures';

const row = (
  rank: number | null,
  name: string,
  display: string,
  volume: number,
  unranked?: RankedRow['unranked'],
): RankedRow => ({
  rank,
  key: name,
  name,
  value: { key: 'resolutionRate', kind: 'rate', value: null, numerator: 0, denominator: volume, display },
  volume,
  ...(unranked ? { unranked } : {}),
});

const ranking: Ranking = {
  scope: { code: '620999100000', level: 'town', name: '甲镇' },
  span: { from: '2026-11-01', to: '2026-11-24', toExclusive: '2026-11-25', unit: 'month', days: 24 },
  level: 'village',
  kpi: { key: 'resolutionRate', zh: '化解率', en: 'Resolution rate', higherIsBetter: true },
  minVolume: 10,
  source: FIGURE_SOURCE,
  rows: [
    row(1, '东村', '97.4%', 3638),
    row(1, '西村', '97.4%', 120),
    row(3, '南村', '91.5%', 3330),
    row(null, '北村', '100%', 2, 'below_minimum_volume'),
    row(null, '新村', '—', 0, 'no_value'),
  ],
};

describe('RankingTable', () => {
  it('lists ranks, names, figures and the volume beside each', () => {
    renderWithApp(<RankingTable ranking={ranking} />);
    const rows = document.querySelectorAll('tbody tr.ant-table-row');
    expect(rows).toHaveLength(5);
    expect(rows[0].textContent).toContain('东村');
    expect(rows[0].textContent).toContain('97.4%');
    expect(rows[0].textContent).toContain('3,638');
    expect([...rows].slice(0, 3).map((r) => r.querySelector('td')!.textContent)).toEqual(['1', '1', '3']);
  });

  it('greys unranked rows and says why', () => {
    renderWithApp(<RankingTable ranking={ranking} />);
    const rows = [...document.querySelectorAll('tbody tr.ant-table-row')] as HTMLElement[];
    const [north, fresh] = rows.slice(3);
    for (const r of [north, fresh]) {
      expect(r.classList.contains('ranking-row-unranked')).toBe(true);
      expect(r.style.color).not.toBe('');
      expect(r.textContent).toContain('未排名');
    }
    expect(north.textContent).toContain('件数少于 10 件，不参与排名');
    expect(fresh.textContent).toContain('本期无数据，不参与排名');
    expect(rows[0].classList.contains('ranking-row-unranked')).toBe(false);
    expect(rows[0].style.color).toBe('');
  });

  it('hands a clicked row to the caller', () => {
    const onSelect = vi.fn();
    renderWithApp(<RankingTable ranking={ranking} onSelect={onSelect} />, { locale: 'en' });
    fireEvent.click(screen.getByText('南村'));
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ key: '南村', rank: 3 }));
    expect(screen.getByText('Fewer than 10 events: not ranked')).toBeTruthy();
  });
});
