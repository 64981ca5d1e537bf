/**
 * 公民身份号码 (GB 11643-1999): 18 characters — a 6-digit administrative division code, an 8-digit
 * birth date (YYYYMMDD), a 3-digit sequence (odd: male, even: female) and a check character
 * computed with ISO 7064 MOD 11-2 (0–9 or X). Pure: the date is checked against the calendar, not
 * the clock — a caller that wants "not in the future" passes `today`.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Province-level codes in use (the first two digits of a division code). */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
  '91',
]);

export type IdNumberProblem = 'length' | 'characters' | 'region' | 'birth_date' | 'check_digit';

/** The check character (ISO 7064 MOD 11-2) for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) throw new Error('idNumberCheckChar needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Trims and upper-cases a trailing x: the one form that is stored, hashed and compared. */
export function normaliseIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/**
 * Why an ID number is not valid, or null when it is. `today` (YYYY-MM-DD), when given, also
 * refuses a birth date after it; births before 1900 are refused.
 */
export function idNumberProblem(raw: string, today?: string): IdNumberProblem | null {
  const id = normaliseIdNumber(raw);
  if (id.length !== 18) return 'length';
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return 'characters';
  if (!PROVINCES.has(id.slice(0, 2))) return 'region';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1900 || !validDate(y, m, d)) return 'birth_date';
  if (today && id.slice(6, 14) > today.replaceAll('-', '')) return 'birth_date';
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) return 'check_digit';
  return null;
}

export function isValidIdNumber(raw: string, today?: string): boolean {
  return idNumberProblem(raw, today) === null;
}
