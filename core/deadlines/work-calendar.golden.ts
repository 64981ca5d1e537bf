/**
 * Golden data for the work calendar tests: the official 2025 and 2026 holiday arrangements
 * (国务院办公厅关于2025年/2026年部分节假日安排的通知, 国办发明电〔2024〕12号 and 〔2025〕7号),
 * typed in by hand from the published notices — not taken from any package — and deadlines
 * worked out by hand on paper from them. The server tests check that the package-backed calendar
 * gives the same answers.
 */
import { addCstDays, type CstDate, type DayKind, type LimitUnit } from './work-calendar.js';

export interface Arrangement {
  name: string;
  /** first and last day off, inclusive */
  off: [CstDate, CstDate];
  /** swapped working weekend days (调休上班) */
  work: CstDate[];
}

export const OFFICIAL_2025: readonly Arrangement[] = [
  { name: '元旦', off: ['2025-01-01', '2025-01-01'], work: [] },
  { name: '春节', off: ['2025-01-28', '2025-02-04'], work: ['2025-01-26', '2025-02-08'] },
  { name: '清明节', off: ['2025-04-04', '2025-04-06'], work: [] },
  { name: '劳动节', off: ['2025-05-01', '2025-05-05'], work: ['2025-04-27'] },
  { name: '端午节', off: ['2025-05-31', '2025-06-02'], work: [] },
  { name: '国庆节、中秋节', off: ['2025-10-01', '2025-10-08'], work: ['2025-09-28', '2025-10-11'] },
];

export const OFFICIAL_2026: readonly Arrangement[] = [
  { name: '元旦', off: ['2026-01-01', '2026-01-03'], work: ['2026-01-04'] },
  { name: '春节', off: ['2026-02-15', '2026-02-23'], work: ['2026-02-14', '2026-02-28'] },
  { name: '清明节', off: ['2026-04-04', '2026-04-06'], work: [] },
  { name: '劳动节', off: ['2026-05-01', '2026-05-05'], work: ['2026-05-09'] },
  { name: '端午节', off: ['2026-06-19', '2026-06-21'], work: [] },
  { name: '中秋节', off: ['2026-09-25', '2026-09-27'], work: [] },
  { name: '国庆节', off: ['2026-10-01', '2026-10-07'], work: ['2026-09-20', '2026-10-10'] },
];

export function explicitDaysOf(arrangements: readonly Arrangement[]): Map<CstDate, DayKind> {
  const days = new Map<CstDate, DayKind>();
  for (const a of arrangements) {
    for (let d = a.off[0]; d <= a.off[1]; d = addCstDays(d, 1)) days.set(d, 'holiday');
    for (const d of a.work) days.set(d, 'workday');
  }
  return days;
}

/** Working days in each year (365 − 104 weekend days − 13 statutory days, both years). */
export const WORKING_DAYS_IN_YEAR = { 2025: 248, 2026: 248 } as const;

export interface GoldenRow {
  /** what the row is about */
  why: string;
  /** an instant; given with +08:00 or as UTC */
  start: string;
  amount: number;
  unit: Extract<LimitUnit, 'working_days' | 'natural_days'>;
  /** the CST date whose end (23:59:59.999 CST) is the deadline */
  due: CstDate;
}

const wd = (why: string, start: string, amounts: Record<number, CstDate>): GoldenRow[] =>
  Object.entries(amounts).map(([amount, due]) => ({
    why: `${why} +${amount}wd`,
    start,
    amount: Number(amount),
    unit: 'working_days',
    due,
  }));
const nd = (why: string, start: string, amount: number, due: CstDate): GoldenRow => ({
  why: `${why} +${amount}nd`,
  start,
  amount,
  unit: 'natural_days',
  due,
});

export const GOLDEN_ROWS: readonly GoldenRow[] = [
  // ── 2025 春节: Jan 28 (Tue) – Feb 4 (Tue) off; Jan 26 (Sun) and Feb 8 (Sat) are working days.
  ...wd('2025 SF, day before the holiday (Mon Jan 27)', '2025-01-27T10:00:00+08:00', {
    0: '2025-01-27',
    1: '2025-02-05',
    3: '2025-02-07',
    5: '2025-02-10',
    7: '2025-02-12',
  }),
  ...wd('2025 SF, on the holiday (Thu Jan 30)', '2025-01-30T09:00:00+08:00', {
    0: '2025-02-05',
    1: '2025-02-05',
    3: '2025-02-07',
    5: '2025-02-10',
    7: '2025-02-12',
  }),
  ...wd('2025 SF, on the swapped working Sunday Jan 26', '2025-01-26T15:00:00+08:00', {
    0: '2025-01-26',
    1: '2025-01-27',
    3: '2025-02-06',
    5: '2025-02-08',
    7: '2025-02-11',
  }),
  ...wd('2025 SF, on the swapped working Saturday Feb 8', '2025-02-08T11:00:00+08:00', {
    0: '2025-02-08',
    1: '2025-02-10',
    3: '2025-02-12',
  }),
  ...wd('2025 SF, ordinary Saturday Jan 25 before a working Sunday', '2025-01-25T11:00:00+08:00', {
    0: '2025-01-26',
    1: '2025-01-26',
    2: '2025-01-27',
  }),
  nd('2025 SF, lands on a holiday', '2025-01-24T10:00:00+08:00', 7, '2025-02-05'),
  nd('2025 SF, lands on the day before', '2025-01-20T10:00:00+08:00', 7, '2025-01-27'),
  nd('2025 SF, next day is a holiday', '2025-01-27T10:00:00+08:00', 1, '2025-02-05'),
  nd('2025 SF, lands on the working Saturday', '2025-02-01T10:00:00+08:00', 7, '2025-02-08'),
  nd('2025 SF, lands on an ordinary Sunday', '2025-02-02T10:00:00+08:00', 7, '2025-02-10'),
  nd('2025, zero natural days on a holiday', '2025-01-29T10:00:00+08:00', 0, '2025-02-05'),
  // Near midnight, given in UTC: 2025-01-26T15:59:59.999Z is still Sun Jan 26 (a working day) in CST …
  ...wd('2025 SF, last ms of the working Sunday (UTC)', '2025-01-26T15:59:59.999Z', {
    0: '2025-01-26',
    1: '2025-01-27',
  }),
  // … 16:00Z is already Mon Jan 27, and 2025-01-27T16:30:00Z is Tue Jan 28, the first holiday.
  ...wd('2025 SF, first ms of Mon Jan 27 (UTC)', '2025-01-26T16:00:00.000Z', { 0: '2025-01-27', 1: '2025-02-05' }),
  ...wd('2025 SF, 00:30 CST on the first holiday (UTC)', '2025-01-27T16:30:00Z', {
    0: '2025-02-05',
    1: '2025-02-05',
    2: '2025-02-06',
  }),

  // ── 2025 劳动节: May 1 (Thu) – May 5 (Mon) off; Apr 27 (Sun) is a working day.
  ...wd('2025 May Day, day before (Wed Apr 30)', '2025-04-30T17:00:00+08:00', {
    1: '2025-05-06',
    3: '2025-05-08',
    5: '2025-05-12',
  }),
  ...wd('2025 May Day, ordinary Saturday Apr 26', '2025-04-26T09:00:00+08:00', { 1: '2025-04-27' }),
  nd('2025 May Day, lands on a holiday', '2025-04-28T09:00:00+08:00', 4, '2025-05-06'),

  // ── 2025 国庆+中秋: Oct 1 (Wed) – Oct 8 (Wed) off; Sep 28 (Sun) and Oct 11 (Sat) are working days.
  ...wd('2025 ND, day before the holiday (Tue Sep 30)', '2025-09-30T16:00:00+08:00', {
    0: '2025-09-30',
    1: '2025-10-09',
    3: '2025-10-11',
    5: '2025-10-14',
    7: '2025-10-16',
  }),
  ...wd('2025 ND, on the holiday (Fri Oct 3)', '2025-10-03T12:00:00+08:00', {
    0: '2025-10-09',
    1: '2025-10-09',
    3: '2025-10-11',
    5: '2025-10-14',
    7: '2025-10-16',
  }),
  ...wd('2025 ND, on the swapped working Sunday Sep 28', '2025-09-28T08:30:00+08:00', {
    0: '2025-09-28',
    1: '2025-09-29',
    3: '2025-10-09',
    5: '2025-10-11',
    7: '2025-10-14',
  }),
  ...wd('2025 ND, on the swapped working Saturday Oct 11', '2025-10-11T08:30:00+08:00', { 1: '2025-10-13' }),
  ...wd('2025 ND, 00:30 CST Oct 1 given in UTC', '2025-09-30T16:30:00Z', { 0: '2025-10-09', 1: '2025-10-09' }),
  nd('2025 ND, lands on a holiday', '2025-09-24T10:00:00+08:00', 7, '2025-10-09'),
  nd('2025 ND, lands on the working Sunday', '2025-09-27T10:00:00+08:00', 1, '2025-09-28'),
  nd('2025 ND, lands on the working Saturday', '2025-10-04T10:00:00+08:00', 7, '2025-10-11'),
  nd('2025 ND, lands on an ordinary Sunday', '2025-10-05T10:00:00+08:00', 7, '2025-10-13'),

  // ── 2026 春节: Feb 15 (Sun) – Feb 23 (Mon) off; Feb 14 (Sat) and Feb 28 (Sat) are working days.
  ...wd('2026 SF, Fri Feb 13', '2026-02-13T10:00:00+08:00', {
    0: '2026-02-13',
    1: '2026-02-14',
    3: '2026-02-25',
    5: '2026-02-27',
    7: '2026-03-02',
  }),
  ...wd('2026 SF, day before the holiday = the swapped working Saturday Feb 14', '2026-02-14T10:00:00+08:00', {
    0: '2026-02-14',
    1: '2026-02-24',
    3: '2026-02-26',
    5: '2026-02-28',
    7: '2026-03-03',
  }),
  ...wd('2026 SF, on the holiday (Wed Feb 18)', '2026-02-18T10:00:00+08:00', {
    0: '2026-02-24',
    1: '2026-02-24',
    3: '2026-02-26',
    5: '2026-02-28',
    7: '2026-03-03',
  }),
  ...wd('2026 SF, on the swapped working Saturday Feb 28', '2026-02-28T10:00:00+08:00', { 1: '2026-03-02' }),
  ...wd('2026 SF, 00:30 CST Feb 15 given in UTC', '2026-02-14T16:30:00Z', { 0: '2026-02-24' }),
  ...wd('2026 SF, 23:30 CST Feb 14 given in UTC', '2026-02-14T15:30:00Z', { 0: '2026-02-14' }),
  nd('2026 SF, lands on a holiday', '2026-02-10T10:00:00+08:00', 7, '2026-02-24'),
  nd('2026 SF, lands on the working Saturday Feb 14', '2026-02-07T10:00:00+08:00', 7, '2026-02-14'),
  nd('2026 SF, lands on the working Saturday Feb 28', '2026-02-21T10:00:00+08:00', 7, '2026-02-28'),
  nd('2026 SF, lands on an ordinary Sunday', '2026-02-22T10:00:00+08:00', 7, '2026-03-02'),

  // ── 2026 中秋 Sep 25 (Fri) – 27 (Sun) off; 国庆 Oct 1 (Thu) – Oct 7 (Wed) off; Sep 20 (Sun) and Oct 10 (Sat) work.
  ...wd('2026 ND, day before the holiday (Wed Sep 30)', '2026-09-30T10:00:00+08:00', {
    0: '2026-09-30',
    1: '2026-10-08',
    3: '2026-10-10',
    5: '2026-10-13',
    7: '2026-10-15',
  }),
  ...wd('2026 ND, on the holiday (Fri Oct 2)', '2026-10-02T10:00:00+08:00', {
    0: '2026-10-08',
    1: '2026-10-08',
    3: '2026-10-10',
    5: '2026-10-13',
    7: '2026-10-15',
  }),
  ...wd('2026 ND, on the swapped working Sunday Sep 20', '2026-09-20T10:00:00+08:00', {
    0: '2026-09-20',
    1: '2026-09-21',
    3: '2026-09-23',
    5: '2026-09-28',
    7: '2026-09-30',
  }),
  ...wd('2026 Mid-Autumn, day before (Thu Sep 24)', '2026-09-24T10:00:00+08:00', {
    1: '2026-09-28',
    3: '2026-09-30',
    5: '2026-10-09',
    7: '2026-10-12',
  }),
  ...wd('2026 ND, on the swapped working Saturday Oct 10', '2026-10-10T10:00:00+08:00', { 1: '2026-10-12' }),
  nd('2026 ND, lands on a holiday', '2026-09-24T10:00:00+08:00', 7, '2026-10-08'),
  nd('2026 ND, lands on the working Saturday Oct 10', '2026-10-03T10:00:00+08:00', 7, '2026-10-10'),
  nd('2026 ND, lands on the working Sunday Sep 20', '2026-09-13T10:00:00+08:00', 7, '2026-09-20'),
  nd('2026 Mid-Autumn, lands on a holiday Saturday', '2026-09-19T10:00:00+08:00', 7, '2026-09-28'),
];
