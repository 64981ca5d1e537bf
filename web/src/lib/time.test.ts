import { describe, expect, it } from 'vitest';
import { chinaClock, chinaDayOf, chinaTime, dayOrInstant, instantOf, isDayText } from './time';

describe('China time in the web app', () => {
  it('shows an instant as China time to the minute, whatever the browser’s zone', () => {
    expect(chinaTime('2026-11-24T09:32:45.000Z')).toBe('2026-11-24 17:32');
    expect(chinaTime('2026-11-24T16:05:00.000Z')).toBe('2026-11-25 00:05');
    expect(chinaTime(null)).toBe('');
    expect(chinaTime('not a date')).toBe('not a date');
    expect(chinaClock(new Date('2026-11-24T16:05:09.000Z'))).toBe('00:05:09');
  });

  it('reads the day of an address value and turns a day into the API’s instants', () => {
    expect(chinaDayOf('2026-11-01')).toBe('2026-11-01');
    expect(chinaDayOf('2026-10-31T16:00:00.000Z')).toBe('2026-11-01');
    expect(instantOf('2026-11-01', 'start')).toBe('2026-10-31T16:00:00.000Z');
    expect(instantOf('2026-11-01', 'end')).toBe('2026-11-01T15:59:59.999Z');
    expect(instantOf('2026-11-01T08:00:00+08:00', 'end')).toBe('2026-11-01T00:00:00.000Z');
  });

  it('keeps a day or an instant from the address and drops anything else', () => {
    expect(dayOrInstant(' 2026-11-01 ')).toBe('2026-11-01');
    expect(dayOrInstant('2026-11-01T08:00:00Z')).toBe('2026-11-01T08:00:00Z');
    expect(dayOrInstant('2026-13-45')).toBeUndefined();
    expect(dayOrInstant('soon')).toBeUndefined();
    expect(dayOrInstant('')).toBeUndefined();
    expect(dayOrInstant(null)).toBeUndefined();
    expect(isDayText('2026-11-01')).toBe(true);
    expect(isDayText('2026-11-1')).toBe(false);
  });
});
