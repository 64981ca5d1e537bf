/**
 * 统计周期: a preset (today … this year) or a custom range of days. A custom choice is passed on
 * once both ends are picked.
 */
import { lazy, Suspense, useState } from 'react';
import { Select, Skeleton, Space } from 'antd';
import { PERIOD_PRESETS, type Period, type PeriodPreset } from '../../api/period';
import { useT } from '../../i18n';

const CustomRangePicker = lazy(() => import('./CustomRangePicker'));

type Choice = PeriodPreset | 'custom';

export interface PeriodPickerProps {
  value: Period;
  onChange(period: Period): void;
}

export function PeriodPicker({ value, onChange }: PeriodPickerProps) {
  const t = useT();
  const [choice, setChoice] = useState<Choice>('preset' in value ? value.preset : 'custom');
  return (
    <Space wrap>
      <Select<Choice>
        aria-label={t('period.label')}
        value={choice}
        style={{ width: 120 }}
        onChange={(next) => {
          setChoice(next);
          if (next !== 'custom') onChange({ preset: next });
        }}
        options={[
          ...PERIOD_PRESETS.map((p) => ({ value: p as Choice, label: t(`period.${p}`) })),
          { value: 'custom', label: t('period.custom') },
        ]}
      />
      {choice === 'custom' && (
        <Suspense fallback={<Skeleton.Input active size="small" style={{ width: 240 }} />}>
          <CustomRangePicker
            from={'preset' in value ? undefined : value.from}
            to={'preset' in value ? undefined : value.to}
            onChange={(from, to) => onChange({ from, to })}
          />
        </Suspense>
      )}
    </Space>
  );
}
