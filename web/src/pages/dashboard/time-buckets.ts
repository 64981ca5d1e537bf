/**
 * The x axis of a trend: every day, week (starting Monday, as PostgreSQL's date_trunc) or month
 * of a span, so days without events show as zeros instead of vanishing. Keys match the API's
 * breakdown keys: 'YYYY-MM-DD' for days and weeks, 'YYYY-MM' for months.
 */
import { DAY_MS } from '../../lib/time';

export type TimeGrouping = 'day' | 'week' | 'month';

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const parse = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** Buckets from `from` to `to` (inclusive ISO dates). */
export function timeBuckets(grouping: TimeGrouping, from: string, to: string): string[] {
  const end = parse(to);
  const out: string[] = [];
  if (grouping === 'month') {
    let [y, m] = from.slice(0, 7).split('-').map(Number);
    const last = to.slice(0, 7);
    for (let key = from.slice(0, 7); key <= last && out.length < 1200;) {
      out.push(key);
      m += 1;
      if (m > 12) [y, m] = [y + 1, 1];
      key = `${y}-${String(m).padStart(2, '0')}`;
    }
    return out;
  }
  let at = parse(from);
  if (grouping === 'week') at -= ((new Date(at).getUTCDay() + 6) % 7) * DAY_MS;
  const step = grouping === 'week' ? 7 * DAY_MS : DAY_MS;
  for (; at <= end && out.length < 1200; at += step) out.push(iso(at));
  return out;
}

/** A sensible grouping for a span of so many days. */
export function groupingFor(days: number): TimeGrouping {
  if (days <= 45) return 'day';
  if (days <= 190) return 'week';
  return 'month';
}
