/**
 * Where the work calendar's explicit days come from, and how the sources combine:
 *
 *   1. the `chinese-days` package: the State Council's yearly arrangements (国务院办公厅关于部分
 *      节假日安排的通知) from 2004 to the last year the installed version knows — statutory days
 *      off ('holiday', weekends inside a holiday period included) and swapped working weekends
 *      (调休上班, 'workday');
 *   2. the override table (calendar_overrides), edited by the county centre: a local day off, next
 *      year's arrangement before the package has it, a correction. An override wins over the package.
 *
 * Any other day follows the weekday rule: Monday–Friday work, Saturday–Sunday rest.
 *
 * The package's data is read from its JSON file (dist/chinese-days.json), not through its date
 * functions: those format dates with the server's local time zone, so on a server west of UTC they
 * report the wrong date. The JSON is plain 'YYYY-MM-DD' keys and needs no time zone.
 */
import { createRequire } from 'node:module';
import { isCstDate, WorkCalendar, type CstDate, type DayKind } from '../../core/deadlines/work-calendar.js';

export type DaySource = 'package' | 'override' | 'weekday';

export interface ExplicitDay {
  kind: DayKind;
  /** 春节, 国庆节 …; a swapped working day is named after its holiday: 春节调休 */
  name: string | null;
  source: Exclude<DaySource, 'weekday'>;
}

export interface OverrideDay {
  date: CstDate;
  kind: DayKind;
  name: string | null;
}

interface PackageData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

export interface PackageCalendar {
  days: ReadonlyMap<CstDate, ExplicitDay>;
  /** The years the installed package has arrangements for. */
  firstYear: number;
  lastYear: number;
  version: string;
}

let cached: PackageCalendar | null = null;

/** The package's explicit days, read once per process. */
export function packageCalendar(): PackageCalendar {
  cached ??= readPackage();
  return cached;
}

function readPackage(): PackageCalendar {
  const require = createRequire(import.meta.url);
  const data = require('chinese-days/dist/chinese-days.json') as PackageData;
  const version = (require('chinese-days/package.json') as { version: string }).version;
  if (!data || typeof data.holidays !== 'object' || typeof data.workdays !== 'object') {
    throw new Error(
      `chinese-days ${version}: dist/chinese-days.json has no holidays/workdays; the package layout changed`,
    );
  }
  const days = new Map<CstDate, ExplicitDay>();
  const add = (date: string, label: string, kind: DayKind) => {
    if (!isCstDate(date)) throw new Error(`chinese-days ${version}: bad date ${date}`);
    const holiday = chineseNameOf(label);
    days.set(date, { kind, name: kind === 'workday' ? `${holiday}调休` : holiday, source: 'package' });
  };
  for (const [date, label] of Object.entries(data.holidays)) add(date, label, 'holiday');
  // A date in both lists would be a data error upstream; the working day wins, as in the package.
  for (const [date, label] of Object.entries(data.workdays)) add(date, label, 'workday');
  const years = [...days.keys()].map((d) => Number(d.slice(0, 4)));
  if (!years.length) throw new Error(`chinese-days ${version}: no holiday data`);
  return { days, firstYear: Math.min(...years), lastYear: Math.max(...years), version };
}

/** "Spring Festival,春节,4" → 春节 (English name, Chinese name, length in days). */
function chineseNameOf(label: string): string {
  const parts = String(label).split(',');
  if (parts.length >= 3) return parts.slice(1, -1).join(',').trim() || parts[0].trim();
  return (parts[1] ?? parts[0]).trim();
}

/** Package days with the overrides laid over them. */
export function explicitDays(
  pkg: ReadonlyMap<CstDate, ExplicitDay>,
  overrides: readonly OverrideDay[],
): Map<CstDate, ExplicitDay> {
  const days = new Map(pkg);
  for (const o of overrides) days.set(o.date, { kind: o.kind, name: o.name, source: 'override' });
  return days;
}

export function workCalendarOf(days: ReadonlyMap<CstDate, ExplicitDay>): WorkCalendar {
  const kinds = new Map<CstDate, DayKind>();
  for (const [date, day] of days) kinds.set(date, day.kind);
  return new WorkCalendar(kinds);
}
