import { describe, expect, it } from 'vitest';
import {
  chinaDateOf,
  chinaDateStampOf,
  chinaDayBounds,
  chinaDayNumber,
  chinaDayStartOf,
  chinaMinuteOf,
  endOfChinaDay,
  startOfChinaDayNumber,
} from './china-time.js';

describe('China time (UTC+8)', () => {
  it('puts an instant on the China day, not the UTC day', () => {
    // 16:00Z is already midnight in China
    expect(chinaDateOf(new Date('2026-12-06T15:59:59.999Z'))).toBe('2026-12-06');
    expect(chinaDateOf(new Date('2026-12-06T16:00:00.000Z'))).toBe('2026-12-07');
    expect(chinaDateStampOf(new Date('2026-12-06T16:00:00.000Z'))).toBe('20261207');
    expect(chinaMinuteOf(new Date('2026-12-07T01:30:59Z'))).toBe('2026-12-07 09:30');
  });

  it('bounds a China day at its midnights and agrees with the parsed date', () => {
    const at = new Date('2026-12-07T03:00:00Z');
    const { start, end } = chinaDayBounds(at);
    expect(start.toISOString()).toBe('2026-12-06T16:00:00.000Z');
    expect(end.toISOString()).toBe('2026-12-07T16:00:00.000Z');
    expect(chinaDayStartOf('2026-12-07').getTime()).toBe(start.getTime());
    expect(startOfChinaDayNumber(chinaDayNumber(at)).getTime()).toBe(start.getTime());
    expect(endOfChinaDay(chinaDayNumber(at)).getTime()).toBe(end.getTime() - 1);
    expect(chinaDayStartOf('2026-12-07').getTime()).toBe(Date.parse('2026-12-07T00:00:00+08:00'));
  });
});
