/**
 * A list's "reported between" filter: a range of China-time days, either end open. The value is
 * what the address keeps — a day (YYYY-MM-DD) or an instant from a link, shown as its China-time
 * day — and a change hands back days (lib/time.ts's `instantOf` turns them into the API's instants).
 */
import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { chinaDayOf, DAY_FORMAT } from '../lib/time';

export interface DayRangeFilterProps {
  from?: string;
  to?: string;
  onChange(from: string | undefined, to: string | undefined): void;
  placeholder: [string, string];
}

export function DayRangeFilter({ from, to, onChange, placeholder }: DayRangeFilterProps) {
  return (
    <DatePicker.RangePicker
      value={from || to ? [from ? dayjs(chinaDayOf(from)) : null, to ? dayjs(chinaDayOf(to)) : null] : null}
      onChange={(range) => onChange(range?.[0]?.format(DAY_FORMAT), range?.[1]?.format(DAY_FORMAT))}
      allowEmpty={[true, true]}
      placeholder={placeholder}
    />
  );
}
