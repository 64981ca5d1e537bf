/**
 * Hostile inputs for the write-endpoint fuzz test (write-endpoints.fuzz.test.ts): values a client
 * may send in place of any field, path segments in place of any parameter, and raw bodies that
 * are not what the route's content type promises. Each is a fast-check arbitrary so the run can
 * mix them with random JSON and shrink a failure to the one value that caused it.
 */
import fc from 'fast-check';

/** A marker put into a JSON text in place of a value JSON cannot carry (then swapped in raw). */
export const RAW_MARK = '__FUZZ_RAW__';

const HUGE = 'x'.repeat(100_000);
const HUGE_CJK = '网'.repeat(100_000);

/** Strings that break naive code: encodings, control characters, injections, numbers and dates as text. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  HUGE,
  HUGE_CJK,
  // unicode edge cases
  '\uD800', // a lone high surrogate
  'a\uDC00b', // a lone low surrogate
  '\uDBFF\uDFFF', // the last code point
  '\u0000',
  'before\u0000after',
  '\u200D\u200D\u200D', // zero-width joiners
  '\u202Eevil\u202C', // right-to-left override
  '\uFEFF', // byte-order mark
  '👨‍👩‍👧‍👦🏳️‍🌈',
  'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301', // stacked combining marks
  '\u0008\u001B[31m\r\n\t',
  '\uFFFF\uFFFE',
  // injections
  "'; DROP TABLE events;--",
  '1 OR 1=1',
  "' OR '1'='1",
  '"; SELECT pg_sleep(10);--',
  '\\',
  '%',
  '_',
  '$1',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  // numbers as text
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1',
  '99999999999999999999',
  '0x10',
  // dates out of range
  '0000-00-00',
  '9999-12-31T99:99',
  '275760-09-13',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '2026-02-30T00:00:00Z',
  '2026-13-01',
  '-62135596800',
];

/** Numbers that break naive code (JSON can carry these; NaN and ±Infinity go in raw, below). */
export const HOSTILE_NUMBERS: readonly number[] = [
  0,
  -0,
  -1,
  1.5,
  -91,
  181,
  1e308,
  -1e308,
  2 ** 31,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  1e20,
  5e-324,
];

/** Values of the wrong shape. */
export const HOSTILE_SHAPES: readonly unknown[] = [
  null,
  true,
  false,
  [],
  {},
  [1, 2, 3],
  [null],
  { $ne: 1 },
  { lng: 'NaN', lat: 'NaN' },
  { lng: 181, lat: 0 },
  { lng: 0, lat: -91 },
  { lng: 1e308, lat: 1e308 },
  { lng: 105.05 },
  [105.05, 35.025],
  { __proto__: { admin: true } },
  Array.from({ length: 10_000 }, (_, i) => i),
];

/** Tokens JSON.parse turns into non-finite numbers or that are not JSON at all: put in raw. */
export const RAW_TOKENS: readonly string[] = [
  '1e999',
  '-1e999',
  'NaN',
  'Infinity',
  '-0.0e-999',
  '1' + '0'.repeat(400),
  'undefined',
];

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_SHAPES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** Path segments in place of an id, a code or a token (already URL-encoded where needed). */
export const HOSTILE_SEGMENTS: readonly string[] = [
  '-1',
  '0',
  '1.5',
  '1e309',
  '1e3',
  'NaN',
  'Infinity',
  '99999999999999999999',
  '9'.repeat(400),
  '2147483648',
  '%00',
  '%2e%2e',
  '%2F',
  '%ZZ',
  '%',
  '%27%3B%20DROP%20TABLE%20events%3B--',
  '1%20OR%201%3D1',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  encodeURIComponent('\u202E网格'),
  '%ED%A0%80', // a lone surrogate, as UTF-8 bytes
  encodeURIComponent('👨‍👩‍👧'),
  'x'.repeat(3000),
  ' ',
  '__proto__',
];

/** Raw bodies that are not valid JSON, or not objects. */
export const RAW_BODIES: readonly string[] = [
  '{"a":',
  '{',
  '',
  'null',
  '[]',
  '"text"',
  '1e999',
  'NaN',
  '{"a":1}{"b":2}',
  '\uFEFF{}',
  '{"__proto__":{"x":1}}',
  '\u0000',
  '['.repeat(5000),
];

/** Content types a JSON route must refuse or survive. */
export const HOSTILE_CONTENT_TYPES: readonly string[] = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'image/png',
  '*/*',
  ';;;',
];
