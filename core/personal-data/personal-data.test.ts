import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { idNumberCheckChar, idNumberProblem, isValidIdNumber, normaliseIdNumber } from './id-number.js';
import { maskIdNumber, maskName, maskPhone } from './masking.js';

/** A valid number from its parts: the check character computed. */
function idOf(region: string, birth: string, seq: string): string {
  const first17 = region + birth + seq;
  return first17 + idNumberCheckChar(first17);
}

describe('GB 11643 ID numbers', () => {
  it('accepts the standard’s example and checks the MOD 11-2 character', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true); // a lower-case x is the same number
    expect(normaliseIdNumber(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(idNumberProblem('110105194912310021')).toBe('check_digit');
  });

  it('names what is wrong', () => {
    expect(idNumberProblem('11010519491231002')).toBe('length');
    expect(idNumberProblem('1101051949123100AX')).toBe('characters');
    expect(idNumberProblem(idOf('990105', '19491231', '002'))).toBe('region');
    expect(idNumberProblem(idOf('110105', '19490230', '002'))).toBe('birth_date');
    expect(idNumberProblem(idOf('110105', '18991231', '002'))).toBe('birth_date');
    expect(idNumberProblem(idOf('110105', '20000229', '002'))).toBeNull(); // a leap day
    expect(idNumberProblem(idOf('110105', '19000229', '002'))).toBe('birth_date'); // 1900 was not leap
    expect(idNumberProblem(idOf('110105', '20300101', '002'), '2026-11-24')).toBe('birth_date');
  });

  const validId = fc
    .record({
      region: fc.integer({ min: 110000, max: 119999 }),
      day: fc.integer({ min: 0, max: 40000 }),
      seq: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ region, day, seq }) => {
      const birth = new Date(Date.UTC(1920, 0, 1) + day * 86400_000).toISOString().slice(0, 10).replaceAll('-', '');
      return idOf(String(region), birth, String(seq).padStart(3, '0'));
    });

  it('property: every number built with its check character is valid; changing any one character breaks it', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 9 }), (id, at, delta) => {
        expect(isValidIdNumber(id)).toBe(true);
        const digits = '0123456789X';
        const ch = id[at]!;
        const replaced = at === 17 ? digits[(digits.indexOf(ch) + delta) % 11]! : String((Number(ch) + delta) % 10);
        // MOD 11-2 detects every single-character substitution
        expect(isValidIdNumber(id.slice(0, at) + replaced + id.slice(at + 1))).toBe(false);
      }),
    );
  });

  it('property: swapping two different adjacent digits is detected', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 15 }), (id, at) => {
        fc.pre(id[at] !== id[at + 1]);
        expect(isValidIdNumber(id.slice(0, at) + id[at + 1] + id[at] + id.slice(at + 2))).toBe(false);
      }),
    );
  });
});

describe('masking', () => {
  it('shows the region and the last four of an ID number', () => {
    expect(maskIdNumber('110101199003071234')).toBe('110101********1234');
    expect(maskIdNumber(null)).toBeNull();
  });

  it('shows the first three and last four of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('123')).toBe('****');
    expect(maskPhone('')).toBeNull();
  });

  it('keeps a surname', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳明月')).toBe('欧阳**');
    expect(maskName('李')).toBe('*');
  });

  it('property: a masked ID number or phone never holds the hidden digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{17}[0-9X]$/), (id) => {
        const masked = maskIdNumber(id)!;
        expect(masked).toHaveLength(18);
        expect(masked.slice(6, 14)).toBe('********');
        expect(masked.replaceAll('*', '').length).toBe(10);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9][0-9]{9}$/), (phone) => {
        const masked = maskPhone(phone)!;
        expect(masked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
      }),
    );
  });
});
