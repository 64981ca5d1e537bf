import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CLIENT_INSTANT_END,
  CLIENT_INSTANT_FIRST,
  clientDateProblem,
  clientDateRule,
  clientInstant,
  isClientDate,
  isClientDateTime,
  isClientMonth,
} from './client-dates.js';

describe('client dates (YYYY-MM-DD)', () => {
  it('takes the range’s first and last days and every real day between', () => {
    for (const date of ['2000-01-01', '2099-12-31', '2026-11-24', '2000-02-29', '2024-02-29', '2096-02-29'])
      expect(isClientDate(date), date).toBe(true);
  });

  it('refuses days outside the range', () => {
    for (const date of ['1999-12-31', '2100-01-01', '0000-01-01', '0099-12-01', '9999-12-31', '1970-01-01'])
      expect(isClientDate(date), date).toBe(false);
  });

  it('refuses days that do not exist and other shapes', () => {
    for (const date of [
      '2026-02-29',
      '2026-02-30',
      '2100-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-01-32',
      '2026-1-5',
      '20260105',
      '2026-01-05T00:00:00Z',
      ' 2026-01-05',
      '+02026-01-05',
      '',
      'today',
    ])
      expect(isClientDate(date), date).toBe(false);
  });

  it('agrees with the calendar for any day of any year', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }),
        (at) => {
          const date = at.toISOString().slice(0, 10);
          expect(isClientDate(date)).toBe(date >= '2000-01-01' && date <= '2099-12-31');
        },
      ),
    );
  });
});

describe('client months (YYYY-MM)', () => {
  it('takes 2000-01 to 2099-12', () => {
    for (const month of ['2000-01', '2099-12', '2026-02']) expect(isClientMonth(month), month).toBe(true);
  });

  it('refuses months outside the range, month 0 and 13, and other shapes', () => {
    for (const month of [
      '0000-01',
      '9999-12',
      '0099-12',
      '1999-12',
      '2100-01',
      '2026-00',
      '2026-13',
      '2026-1',
      '202601',
      '2026-01-01',
      '',
    ])
      expect(isClientMonth(month), month).toBe(false);
  });
});

describe('client date-times (RFC 3339 with a zone)', () => {
  it('takes the instants at the range’s edges, in any offset', () => {
    expect(isClientDateTime('2000-01-01T00:00:00+08:00')).toBe(true); // the first instant
    expect(isClientDateTime('1999-12-31T16:00:00Z')).toBe(true); // the same instant, in UTC
    expect(isClientDateTime('2099-12-31T23:59:59.999+08:00')).toBe(true); // the last millisecond
    expect(isClientDateTime('2099-12-31T15:59:59Z')).toBe(true);
    expect(clientInstant('1999-12-31T16:00:00Z').getTime()).toBe(CLIENT_INSTANT_FIRST);
  });

  it('refuses the instants just outside', () => {
    expect(isClientDateTime('2000-01-01T07:59:59.999+08:00')).toBe(true);
    expect(isClientDateTime('1999-12-31T23:59:59+08:00')).toBe(false); // a second before the first
    expect(isClientDateTime('1999-12-31T15:59:59.999Z')).toBe(false);
    expect(isClientDateTime('2100-01-01T00:00:00+08:00')).toBe(false); // the end is exclusive
    expect(isClientDateTime('2099-12-31T16:00:00Z')).toBe(false);
    expect(isClientDateTime('2100-01-01T01:00:00+09:00')).toBe(false);
  });

  it('reads offsets and fractions', () => {
    for (const text of [
      '2026-11-24T10:00:00+08:00',
      '2026-11-24T02:00:00Z',
      '2026-11-24T02:00:00z',
      '2026-11-24t02:00:00Z',
      '2026-11-24 10:00:00+08:00',
      '2026-11-24T10:00:00.123456789+08:00',
      '2026-11-24T00:00:00-12:00',
      '2026-11-24T00:00:00+14:00',
    ])
      expect(isClientDateTime(text), text).toBe(true);
    expect(clientInstant('2026-11-24 10:00:00+08:00').toISOString()).toBe('2026-11-24T02:00:00.000Z');
    expect(clientInstant('2026-11-24T10:00:00.5+08:00').toISOString()).toBe('2026-11-24T02:00:00.500Z');
  });

  it('refuses times without a zone, impossible times and other shapes', () => {
    for (const text of [
      '2026-11-24T10:00:00', // no zone: whose 10 o'clock?
      '2026-11-24',
      '2026-02-29T00:00:00Z',
      '2026-02-30T00:00:00Z',
      '2026-11-24T24:00:00Z',
      '2026-11-24T23:60:00Z',
      '2026-11-24T23:59:60Z',
      '2026-11-24T10:00:00+24:00',
      '2026-11-24T10:00:00+08:60',
      '2026-11-24T10:00:00+0800',
      '9999-12-31T00:00:00Z',
      '0000-01-01T00:00:00Z',
      '0099-12-01T00:00:00Z',
      '+275760-09-13T00:00:00Z',
      '-000001-01-01T00:00:00Z',
      '2026-11-24T10:00Z',
      '',
      'now',
    ])
      expect(isClientDateTime(text), text).toBe(false);
  });

  it('agrees with the instant for any time of any year', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (at) => {
          const text = at.toISOString();
          expect(isClientDateTime(text)).toBe(
            at.getTime() >= CLIENT_INSTANT_FIRST && at.getTime() < CLIENT_INSTANT_END,
          );
        },
      ),
    );
  });
});

describe('the words a client gets', () => {
  it('say what to send and the range, or nothing when the value is good', () => {
    expect(clientDateProblem('month', '0000-01')).toBe('must be a month YYYY-MM between 2000-01 and 2099-12');
    expect(clientDateProblem('date', '2026-02-30')).toBe(clientDateRule('date'));
    expect(clientDateProblem('date-time', '2026-11-24T10:00:00')).toMatch(/with its zone/);
    expect(clientDateProblem('month', '2026-11')).toBeNull();
    expect(clientDateProblem('date', '2026-11-24')).toBeNull();
    expect(clientDateProblem('date-time', '2026-11-24T10:00:00+08:00')).toBeNull();
  });
});
