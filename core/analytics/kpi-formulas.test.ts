import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KPI_COUNTERS, emptyCounters, type KpiCounters } from './kpi-counters.js';
import { KPI_DEFINITIONS, compareKpi, computeKpi, computeKpis, formatRate, KPI_BY_KEY } from './kpi-formulas.js';

const counters = (values: Partial<KpiCounters>): KpiCounters => ({ ...emptyCounters(), ...values });

describe('formatRate', () => {
  it('prints the articles’ figures exactly', () => {
    expect(formatRate(3330, 3638)).toBe('91.5%');
    expect(formatRate(3200, 3211)).toBe('99.66%');
    expect(formatRate(2880, 3200)).toBe('90%');
    expect(formatRate(7088, 7276)).toBe('97.4%');
    expect(formatRate(7024, 7088)).toBe('99.1%');
  });

  it('never shows 100% unless all count, nor 0% when some do, nor NaN', () => {
    expect(formatRate(9999, 10000)).toBe('99.99%');
    expect(formatRate(99999, 100000)).toBe('99.99%');
    expect(formatRate(5, 5)).toBe('100%');
    expect(formatRate(0, 5)).toBe('0%');
    expect(formatRate(1, 100000)).toBe('<0.1%');
    expect(formatRate(0, 0)).toBe('—');
  });

  it('rounds half up on the shown digit', () => {
    expect(formatRate(1, 8)).toBe('12.5%');
    expect(formatRate(1, 3)).toBe('33.3%');
    expect(formatRate(2, 3)).toBe('66.7%');
    expect(formatRate(19_905, 20_000)).toBe('99.53%');
  });

  it('always gives a number with a % sign or —, within 0–100', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(1_000_000), (a, b) => {
        const [num, den] = a <= b ? [a, b] : [b, a];
        const shown = formatRate(num, den);
        if (den === 0) return shown === '—';
        const match = /^<?(\d{1,3}(\.\d{1,2})?)%$/.exec(shown);
        expect(match, shown).not.toBeNull();
        const v = Number(match![1]);
        expect(v).toBeLessThanOrEqual(100);
        if (num < den) expect(shown).not.toBe('100%');
        expect(Math.abs(v - (num / den) * 100)).toBeLessThanOrEqual(
          num > 0 && v === 0.1 && shown.startsWith('<') ? 0.1 : 0.05,
        );
        return true;
      }),
    );
  });
});

describe('computeKpi', () => {
  it('counts and divides the counters its definition names', () => {
    const c = counters({
      entered: 3638,
      closed: 3330,
      completed: 3400,
      completedTown: 100,
      completedVillage: 3000,
      completedGrid: 200,
      completedCounty: 100,
    });
    expect(computeKpi(KPI_BY_KEY.get('resolutionRate')!, c)).toMatchObject({
      value: 3330 / 3638,
      numerator: 3330,
      denominator: 3638,
      display: '91.5%',
    });
    expect(computeKpi(KPI_BY_KEY.get('townOrBelowShare')!, c)).toMatchObject({ numerator: 3300, denominator: 3400 });
    expect(computeKpi(KPI_BY_KEY.get('entered')!, c)).toMatchObject({ value: 3638, display: '3,638' });
  });

  it('gives null, never NaN or Infinity, for any counters', () => {
    fc.assert(
      fc.property(
        fc.record(
          Object.fromEntries(KPI_COUNTERS.map((k) => [k, fc.nat(50)])) as Record<
            keyof KpiCounters,
            fc.Arbitrary<number>
          >,
        ),
        (c) => {
          for (const v of Object.values(computeKpis(c))) {
            if (v.value !== null) expect(Number.isFinite(v.value)).toBe(true);
            expect(v.display).not.toMatch(/NaN|Infinity/);
          }
        },
      ),
    );
  });

  it('compares counts by change and rates by percentage points', () => {
    const def = KPI_BY_KEY.get('resolutionRate')!;
    const now = computeKpi(def, counters({ entered: 100, closed: 95 }));
    const before = computeKpi(def, counters({ entered: 50, closed: 40 }));
    expect(compareKpi(now, before)).toMatchObject({ delta: 15, display: '+15.00pp' });
    expect(compareKpi(now, computeKpi(def, emptyCounters())).display).toBe('—');
    const entered = KPI_BY_KEY.get('entered')!;
    expect(
      compareKpi(computeKpi(entered, counters({ entered: 90 })), computeKpi(entered, counters({ entered: 100 }))),
    ).toMatchObject({ delta: -10, ratio: -0.1, display: '-10.0%' });
    expect(
      compareKpi(computeKpi(entered, counters({ entered: 3 })), computeKpi(entered, emptyCounters())),
    ).toMatchObject({ delta: 3, ratio: null, display: '+3' });
  });
});

describe('docs/metrics.md', () => {
  it('documents every KPI with its key and Chinese name, and every counter', () => {
    const doc = fs.readFileSync(
      path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/metrics.md'),
      'utf8',
    );
    for (const k of KPI_DEFINITIONS) {
      expect(doc, k.key).toContain(`\`${k.key}\``);
      expect(doc, k.zh).toContain(k.zh);
    }
    for (const c of KPI_COUNTERS) expect(doc, c).toContain(`\`${c}\``);
  });
});
