import { describe, expect, it } from 'vitest';
import { groupingFor, timeBuckets } from './time-buckets';

describe('timeBuckets', () => {
  it('lists every day, Monday-based week and month of a span', () => {
    expect(timeBuckets('day', '2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    // 2026-11-01 is a Sunday: its week starts on Monday 26 October
    expect(timeBuckets('week', '2026-11-01', '2026-11-16')).toEqual([
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
    ]);
    expect(timeBuckets('month', '2025-11-15', '2026-02-03')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('picks days for a month, weeks for a quarter, months for a year', () => {
    expect(groupingFor(30)).toBe('day');
    expect(groupingFor(92)).toBe('week');
    expect(groupingFor(365)).toBe('month');
  });
});
