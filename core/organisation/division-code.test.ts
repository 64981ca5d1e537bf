import { describe, expect, it } from 'vitest';
import {
  levelOfCode,
  parentCodeOf,
  isWithin,
  placementOf,
  subtreePrefix,
  assertDivisionCode,
} from './division-code.js';
import { DomainError } from '../errors.js';

describe('division codes (统计用区划代码)', () => {
  it('reads the level from the code', () => {
    expect(levelOfCode('620999000000')).toBe('county');
    expect(levelOfCode('620999100000')).toBe('town');
    expect(levelOfCode('620999100201')).toBe('village');
    expect(levelOfCode('620999100201003')).toBe('grid');
    expect(levelOfCode('620000000000')).toBeNull(); // a province or city, above what we serve
    expect(levelOfCode('620999000201')).toBeNull(); // a village without a town
    expect(levelOfCode('620999100000001')).toBeNull(); // a grid under a town
    expect(levelOfCode('620999100201000')).toBeNull(); // grid number 000
    expect(levelOfCode('62099910020')).toBeNull();
    expect(levelOfCode('62099910020a')).toBeNull();
  });

  it('walks up the tree', () => {
    expect(parentCodeOf('620999100201003')).toBe('620999100201');
    expect(parentCodeOf('620999100201')).toBe('620999100000');
    expect(parentCodeOf('620999100000')).toBe('620999000000');
    expect(parentCodeOf('620999000000')).toBeNull();
  });

  it('tests containment by prefix', () => {
    expect(isWithin('620999100201003', '620999000000')).toBe(true);
    expect(isWithin('620999100201003', '620999100000')).toBe(true);
    expect(isWithin('620999101201003', '620999100000')).toBe(false);
    expect(isWithin('620999100201', '620999100201')).toBe(true);
    expect(isWithin('620999100000', '620999100201')).toBe(false);
    expect(subtreePrefix('620999100000', 'town')).toBe('620999100');
  });

  it('places a code at every level', () => {
    expect(placementOf('620999100201003')).toEqual({
      county_code: '620999000000',
      town_code: '620999100000',
      village_code: '620999100201',
      grid_code: '620999100201003',
    });
    expect(placementOf('620999100000')).toEqual({
      county_code: '620999000000',
      town_code: '620999100000',
      village_code: null,
      grid_code: null,
    });
  });

  it('rejects bad codes with a stable error', () => {
    expect(() => assertDivisionCode('abc')).toThrow(DomainError);
    try {
      assertDivisionCode('620999100201', 'grid');
    } catch (error) {
      expect((error as DomainError).code).toBe('JURISDICTION_CODE_INVALID');
    }
  });
});
