/** 分布: entered and resolved per town / village / grid of the user's jurisdiction; a bar lists its events. */
import { useMemo } from 'react';
import type { Breakdown, BreakdownGroup } from '../../api/types';
import { EChart } from '../../charts/EChart';
import { useT } from '../../i18n';

export function DistributionChart({ breakdown, onSelect }: { breakdown: Breakdown | undefined; onSelect?: (group: BreakdownGroup, kpi: 'entered' | 'resolved') => void }) {
  const t = useT();
  const groups = useMemo(() => breakdown?.groups ?? [], [breakdown]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: groups.length > 8 ? 72 : 36 },
      xAxis: { type: 'category', data: groups.map((g) => g.name), axisLabel: { rotate: groups.length > 8 ? 35 : 0, interval: 0, fontSize: 11 } },
      yAxis: { type: 'value', minInterval: 1 },
      dataZoom: groups.length > 24 ? [{ type: 'inside', start: 0, end: Math.round((24 / groups.length) * 100) }] : [],
      series: [
        { name: t('kpi.entered'), type: 'bar', data: groups.map((g) => g.kpis.entered?.value ?? 0), itemStyle: { color: '#1f5fbf' } },
        { name: t('kpi.resolved'), type: 'bar', data: groups.map((g) => g.kpis.resolved?.value ?? 0), itemStyle: { color: '#52c41a' } },
      ],
    }),
    [groups, t],
  );
  return (
    <EChart
      option={option}
      height={300}
      onClick={onSelect ? ({ dataIndex, seriesIndex }) => groups[dataIndex] && onSelect(groups[dataIndex], seriesIndex === 1 ? 'resolved' : 'entered') : undefined}
    />
  );
}
