import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyCounters, type KpiCounters } from './kpi-counters.js';
import { KPI_BY_KEY } from './kpi-formulas.js';
import { isOwnBucket, rankByKpi } from './ranking.js';

const village = (key: string, entered: number, closed: number, overdue = 0) => ({
  key,
  name: key,
  counters: { ...emptyCounters(), entered, closed, overdue } as KpiCounters,
});

describe('rankByKpi', () => {
  const rate = KPI_BY_KEY.get('resolutionRate')!;

  it('ranks by the rate, ties sharing a rank, small volumes listed unranked', () => {
    const rows = rankByKpi(
      [village('a', 2, 2), village('b', 40, 38), village('c', 20, 19), village('d', 30, 27), village('e', 0, 0)],
      rate,
      { minVolume: 10 },
    );
    expect(rows.map((r) => [r.key, r.rank, r.unranked ?? null])).toEqual([
      ['b', 1, null],
      ['c', 1, null],
      ['d', 3, null],
      ['a', null, 'below_minimum_volume'],
      ['e', null, 'no_value'],
    ]);
  });

  it('puts the lowest first when lower is better', () => {
    const overdue = KPI_BY_KEY.get('overdueRate')!;
    const rows = rankByKpi([village('a', 100, 0, 10), village('b', 100, 0, 2), village('c', 100, 0, 2)], overdue, {
      minVolume: 1,
    });
    expect(rows.map((r) => [r.key, r.rank])).toEqual([
      ['b', 1],
      ['c', 1],
      ['a', 3],
    ]);
  });

  it('ties exactly equal rates even where floating point would not (1/3 vs 2/6)', () => {
    const rows = rankByKpi([village('x', 3, 1), village('y', 6, 2), village('z', 300, 100)], rate, { minVolume: 0 });
    expect(rows.map((r) => r.rank)).toEqual([1, 1, 1]);
  });

  it('orders ranks consistently for any villages', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(60), fc.nat(60)), { maxLength: 40 }), fc.nat(20), (pairs, minVolume) => {
        const rows = rankByKpi(
          pairs.map(([a, b], i) => village(`v${String(i).padStart(2, '0')}`, Math.max(a, b), Math.min(a, b))),
          rate,
          { minVolume },
        );
        expect(rows).toHaveLength(pairs.length);
        const ranked = rows.filter((r) => r.rank !== null);
        ranked.forEach((r, i) => {
          expect(r.volume).toBeGreaterThanOrEqual(minVolume);
          if (i > 0) {
            const prev = ranked[i - 1];
            expect(prev.value.value!).toBeGreaterThanOrEqual(r.value.value! - 1e-12);
            expect(r.rank === prev.rank).toBe(Math.abs(prev.value.value! - r.value.value!) < 1e-12);
            if (r.rank !== prev.rank) expect(r.rank).toBe(i + 1);
          } else expect(r.rank).toBe(1);
        });
        expect(rows.slice(ranked.length).every((r) => r.rank === null)).toBe(true);
      }),
    );
  });

  it('never ranks nor lists a centre’s own bucket (本级), whatever its figures', () => {
    const county = { ...village('620999000000', 500, 500), own: true };
    const rows = rankByKpi([county, village('620999100000', 40, 30), village('620999101000', 40, 20)], rate, {
      minVolume: 0,
    });
    expect(rows.map((r) => [r.key, r.rank])).toEqual([
      ['620999100000', 1],
      ['620999101000', 2],
    ]);
  });
});

describe('isOwnBucket', () => {
  it('knows a centre among the places of a level below it', () => {
    expect(isOwnBucket('town', '620999000000')).toBe(true); // the county among its towns
    expect(isOwnBucket('town', '620999100000')).toBe(false);
    expect(isOwnBucket('village', '620999100000')).toBe(true); // a town among villages
    expect(isOwnBucket('village', '620999000000')).toBe(true);
    expect(isOwnBucket('village', '620999100201')).toBe(false);
    expect(isOwnBucket('grid', '620999100201')).toBe(true); // a village among its grids
    expect(isOwnBucket('grid', '620999100201001')).toBe(false);
  });
});
