/** The trend's card: the chart, and a switch between days, weeks and months. */
import { Card, Segmented } from 'antd';
import type { Breakdown } from '../../api/types';
import type { ApiState } from '../../hooks/use-api';
import { useT } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { TrendChart } from './TrendChart';
import type { TimeGrouping } from './time-buckets';

export function TrendCard({
  trend,
  grouping,
  onGroupingChange,
}: {
  trend: ApiState<Breakdown>;
  grouping: TimeGrouping;
  onGroupingChange(grouping: TimeGrouping): void;
}) {
  const t = useT();
  return (
    <Card
      size="small"
      title={t('dashboard.trend.title')}
      extra={
        <Segmented<TimeGrouping>
          size="small"
          value={grouping}
          onChange={onGroupingChange}
          options={(['day', 'week', 'month'] as const).map((g) => ({
            value: g,
            label: t(`dashboard.trend.${g}`),
          }))}
        />
      }
    >
      <ApiErrorAlert error={trend.error} onRetry={trend.reload} />
      <TrendChart breakdown={trend.data} grouping={grouping} />
    </Card>
  );
}
