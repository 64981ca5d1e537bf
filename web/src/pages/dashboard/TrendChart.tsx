/** 受理与化解趋势: entered and resolved per day / week / month, with the resolution rate on a second axis. */
import { useMemo } from 'react';
import { Empty, Skeleton } from 'antd';
import type { Breakdown } from '../../api/types';
import { EChart } from '../../charts/EChart';
import { useT } from '../../i18n';
import { timeBuckets, type TimeGrouping } from './time-buckets';

export function TrendChart({ breakdown, grouping }: { breakdown: Breakdown | undefined; grouping: TimeGrouping }) {
  const t = useT();
  const option = useMemo(() => {
    if (!breakdown) return null;
    const byKey = new Map(breakdown.rows.map((g) => [g.key, g.kpis]));
    const keys = timeBuckets(grouping, breakdown.span.from, breakdown.span.to);
    const series = (kpi: string, scale = 1) =>
      keys.map((k) => {
        const v = byKey.get(k)?.[kpi]?.value;
        return v === null || v === undefined ? (scale === 1 ? 0 : null) : Math.round(v * scale * 100) / 100;
      });
    const label = (k: string) => (grouping === 'month' ? k : k.slice(5));
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 48, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: keys.map(label) },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [
        { name: t('kpi.entered'), type: 'bar', data: series('entered'), itemStyle: { color: '#1f5fbf' } },
        { name: t('kpi.resolved'), type: 'bar', data: series('resolved'), itemStyle: { color: '#52c41a' } },
        {
          name: t('kpi.resolutionRate'),
          type: 'line',
          yAxisIndex: 1,
          data: series('resolutionRate', 100),
          smooth: true,
          connectNulls: true,
          itemStyle: { color: '#fa8c16' },
        },
      ],
    };
  }, [breakdown, grouping, t]);
  if (breakdown && breakdown.rows.length === 0) return <Empty description={t('common.empty')} />;
  return option ? (
    <EChart option={option} ariaLabel={t('dashboard.trend.title')} />
  ) : (
    <Skeleton active paragraph={{ rows: 6 }} />
  );
}
