import { describe, expect, it } from 'vitest';
import { emptyCounters, type KpiCounters } from './kpi-counters.js';
import {
  DEFAULT_VILLAGE_CLASS_SETTINGS,
  classOfScore,
  scoreVillage,
  usableVillageClassSettings,
  validateVillageClassSettings,
  villageClassFaultText,
  type VillageClassSettings,
} from './village-class.js';
import { isDomainError } from '../errors.js';

const c = (v: Partial<KpiCounters>): KpiCounters => ({ ...emptyCounters(), ...v });
const settings = {
  weights: { completionRate: 50, overdueRate: 50 },
  thresholds: { reassured: 90, good: 80, average: 60 },
  minVolume: 3,
};

describe('village classes', () => {
  it('scores the weighted mean, lower-is-better rates inverted', () => {
    // completion 90% → 90 points; overdue 10% → 90 points
    const s = scoreVillage(c({ entered: 10, completed: 9, overdue: 1 }), settings);
    expect(s).toMatchObject({ score: 90, villageClass: 'reassured' });
    expect(scoreVillage(c({ entered: 10, completed: 7, overdue: 3 }), settings)).toMatchObject({
      score: 70,
      villageClass: 'average',
    });
    expect(scoreVillage(c({ entered: 10, completed: 5, overdue: 5 }), settings)).toMatchObject({
      score: 50,
      villageClass: 'lagging',
    });
  });

  it('lets a KPI without a value drop out, and does not class villages with too few events', () => {
    const s = scoreVillage(c({ entered: 10, completed: 8 }), {
      ...settings,
      weights: { completionRate: 1, satisfactionRate: 3 },
    });
    expect(s).toMatchObject({ score: 80, villageClass: 'good' });
    expect(scoreVillage(c({ entered: 2, completed: 2 }), settings)).toMatchObject({
      score: null,
      villageClass: null,
      unclassed: 'below_minimum_volume',
    });
    expect(scoreVillage(c({}), settings)).toMatchObject({ score: null, unclassed: 'no_value' });
  });

  it('places scores on the thresholds inclusively', () => {
    expect(classOfScore(90, settings.thresholds)).toBe('reassured');
    expect(classOfScore(89.9, settings.thresholds)).toBe('good');
    expect(classOfScore(60, settings.thresholds)).toBe('average');
    expect(classOfScore(59.9, settings.thresholds)).toBe('lagging');
  });

  it('refuses unusable settings with VILLAGE_CLASS_SETTINGS_INVALID', () => {
    expect(validateVillageClassSettings(DEFAULT_VILLAGE_CLASS_SETTINGS)).toBe(DEFAULT_VILLAGE_CLASS_SETTINGS);
    const bad: VillageClassSettings[] = [
      { ...settings, weights: {} },
      { ...settings, weights: { nonsense: 1 } },
      { ...settings, weights: { entered: 1 } },
      { ...settings, weights: { completionRate: -1 } },
      { ...settings, weights: { completionRate: 0 } },
      { ...settings, thresholds: { reassured: 80, good: 80, average: 60 } },
      { ...settings, thresholds: { reassured: 120, good: 80, average: 60 } },
      { ...settings, minVolume: 1.5 },
    ];
    for (const s of bad) {
      try {
        validateVillageClassSettings(s);
        expect.fail(JSON.stringify(s));
      } catch (e) {
        expect(isDomainError(e) && e.code).toBe('VILLAGE_CLASS_SETTINGS_INVALID');
      }
    }
  });
});

describe('stored village-class settings that no longer pass', () => {
  it('uses the stored settings while they pass, the defaults when none are stored', () => {
    expect(usableVillageClassSettings(settings)).toEqual({ settings, problem: null });
    expect(usableVillageClassSettings(null)).toEqual({ settings: DEFAULT_VILLAGE_CLASS_SETTINGS, problem: null });
    expect(usableVillageClassSettings(undefined)).toEqual({ settings: DEFAULT_VILLAGE_CLASS_SETTINGS, problem: null });
  });

  it('falls back to the defaults, saying why, for anything a newer version would refuse or cannot read', () => {
    const cases: [unknown, RegExp][] = [
      [{ ...settings, weights: { noSuchKpi: 10 } }, /unknown KPI "noSuchKpi"/],
      [{ ...settings, weights: { completionRate: 0 } }, /at least one weight must be above zero/],
      [{ ...settings, thresholds: { reassured: 50, good: 80, average: 60 } }, /must descend/],
      [{ ...settings, minVolume: -1 }, /minVolume/],
      [{ ...settings, weights: { completionRate: '50' } }, /not weights, thresholds and minVolume/],
      [{ weights: settings.weights, minVolume: 3 }, /not weights, thresholds and minVolume/],
      [{ ...settings, thresholds: { reassured: 90, good: 80 } }, /not weights, thresholds and minVolume/],
      [[settings], /not weights, thresholds and minVolume/],
      ['settings', /not weights, thresholds and minVolume/],
    ];
    for (const [stored, problem] of cases) {
      const used = usableVillageClassSettings(stored);
      expect(used.settings, JSON.stringify(stored)).toBe(DEFAULT_VILLAGE_CLASS_SETTINGS);
      expect(used.problem, JSON.stringify(stored)).toMatch(problem);
      // and the defaults score: the month is computed all the same
      expect(scoreVillage(c({ entered: 10, completed: 9 }), used.settings).score).not.toBeNull();
    }
  });

  it('keeps only the fields of the settings and tells the centre in a line', () => {
    expect(usableVillageClassSettings({ ...settings, extra: true }).settings).toEqual(settings);
    expect(villageClassFaultText('unknown KPI "x"')).toBe(
      '【一网】村级分类设置无法使用（unknown KPI "x"），已按默认设置计算。请县综治中心重新保存村级分类设置。',
    );
  });
});
