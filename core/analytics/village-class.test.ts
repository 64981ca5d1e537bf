import { describe, expect, it } from 'vitest';
import { emptyCounters, type KpiCounters } from './kpi-counters.js';
import { DEFAULT_VILLAGE_CLASS_SETTINGS, classOfScore, scoreVillage, validateVillageClassSettings, type VillageClassSettings } from './village-class.js';
import { isDomainError } from '../errors.js';

const c = (v: Partial<KpiCounters>): KpiCounters => ({ ...emptyCounters(), ...v });
const settings = { weights: { completionRate: 50, overdueRate: 50 }, thresholds: { reassured: 90, good: 80, average: 60 }, minVolume: 3 };

describe('village classes', () => {
  it('scores the weighted mean, lower-is-better rates inverted', () => {
    // completion 90% → 90 points; overdue 10% → 90 points
    const s = scoreVillage(c({ entered: 10, completed: 9, overdue: 1 }), settings);
    expect(s).toMatchObject({ score: 90, villageClass: 'reassured' });
    expect(scoreVillage(c({ entered: 10, completed: 7, overdue: 3 }), settings)).toMatchObject({ score: 70, villageClass: 'average' });
    expect(scoreVillage(c({ entered: 10, completed: 5, overdue: 5 }), settings)).toMatchObject({ score: 50, villageClass: 'lagging' });
  });

  it('lets a KPI without a value drop out, and does not class villages with too few events', () => {
    const s = scoreVillage(c({ entered: 10, completed: 8 }), { ...settings, weights: { completionRate: 1, satisfactionRate: 3 } });
    expect(s).toMatchObject({ score: 80, villageClass: 'good' });
    expect(scoreVillage(c({ entered: 2, completed: 2 }), settings)).toMatchObject({ score: null, villageClass: null, unclassed: 'below_minimum_volume' });
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
