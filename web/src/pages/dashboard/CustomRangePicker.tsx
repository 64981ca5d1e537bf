/** The date-range picker of a custom period — a lazy chunk: the picker is large and most people use the presets. */
import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { DAY_FORMAT } from '../../lib/time';

export interface CustomRangePickerProps {
  from?: string;
  to?: string;
  onChange(from: string, to: string): void;
}

export default function CustomRangePicker({ from, to, onChange }: CustomRangePickerProps) {
  return (
    <DatePicker.RangePicker
      value={from && to ? [dayjs(from), dayjs(to)] : null}
      allowClear={false}
      disabledDate={(d) => d.isAfter(dayjs(), 'day')}
      onChange={(dates) => {
        if (dates?.[0] && dates[1]) onChange(dates[0].format(DAY_FORMAT), dates[1].format(DAY_FORMAT));
      }}
    />
  );
}
