/**
 * 脱敏: how personal data is shown by default — in every list, export and log. Pure; the clear
 * value is shown only through an audited unmasking (server/personal-data).
 */

/** `110101********1234`: the region (first 6) and the last 4; the birth date and sequence hidden. */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (id === null || id === undefined || id === '') return null;
  const s = id.trim();
  if (s.length < 10) return '*'.repeat(s.length);
  return s.slice(0, 6) + '*'.repeat(s.length - 10) + s.slice(-4);
}

/**
 * 电话脱敏: the first three and the last four digits, the rest as `****` (`138****5678`). A number
 * too short to keep seven digits of shows only its last two; the full number never appears.
 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  if (!digits) return null;
  if (digits.length >= 9) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length >= 4) return `****${digits.slice(-2)}`;
  return '****';
}

/** `张*`, `欧阳**`: the first character (a surname) kept, the rest hidden. */
export function maskName(name: string | null | undefined): string | null {
  if (name === null || name === undefined || name === '') return null;
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  const keep = chars.length >= 4 ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep);
}
