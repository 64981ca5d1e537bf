/**
 * 分布: entered and resolved per town / village / grid of the user's jurisdiction; a bar lists its
 * events. The centre's own row (本级: events held at the centre itself, not in any place below) is
 * a bar of its own after the places, greyed and italic, with a note saying it is never ranked.
 */
import { useMemo } from 'react';
import { Typography } from 'antd';
import type { Breakdown, BreakdownRow } from '../../api/types';
import { EChart } from '../../charts/EChart';
import { useT } from '../../i18n';

const ENTERED = '#1f5fbf';
const RESOLVED = '#52c41a';
/** The own row's bars: the same hues, faded. */
const OWN_OPACITY = 0.45;

/** The bar chart's ECharts option (pure, for the tests): one category per row, the own row set apart. */
export function distributionOption(rows: readonly BreakdownRow[], labels: { entered: string; resolved: string }) {
  const bar = (row: BreakdownRow, kpi: 'entered' | 'resolved') => {
    const value = row.kpis[kpi]?.value ?? 0;
    return row.own ? { value, itemStyle: { opacity: OWN_OPACITY } } : value;
  };
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: rows.length > 8 ? 72 : 36 },
    xAxis: {
      type: 'category',
      data: rows.map((r) => (r.own ? { value: r.name, textStyle: { fontStyle: 'italic', color: '#8c8c8c' } } : r.name)),
      axisLabel: { rotate: rows.length > 8 ? 35 : 0, interval: 0, fontSize: 11 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    dataZoom: rows.length > 24 ? [{ type: 'inside', start: 0, end: Math.round((24 / rows.length) * 100) }] : [],
    series: [
      { name: labels.entered, type: 'bar', data: rows.map((r) => bar(r, 'entered')), itemStyle: { color: ENTERED } },
      { name: labels.resolved, type: 'bar', data: rows.map((r) => bar(r, 'resolved')), itemStyle: { color: RESOLVED } },
    ],
  };
}

export function DistributionChart({
  breakdown,
  onSelect,
}: {
  breakdown: Breakdown | undefined;
  onSelect?: (row: BreakdownRow, kpi: 'entered' | 'resolved') => void;
}) {
  const t = useT();
  const rows = useMemo(() => breakdown?.rows ?? [], [breakdown]);
  const option = useMemo(
    () => distributionOption(rows, { entered: t('kpi.entered'), resolved: t('kpi.resolved') }),
    [rows, t],
  );
  const own = rows.filter((r) => r.own);
  return (
    <>
      <EChart
        option={option}
        height={300}
        onClick={
          onSelect
            ? ({ dataIndex, seriesIndex }) =>
                rows[dataIndex] && onSelect(rows[dataIndex], seriesIndex === 1 ? 'resolved' : 'entered')
            : undefined
        }
      />
      {own.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="own-note">
          {t('dashboard.distribution.ownNote', { names: own.map((r) => r.name).join(t('dashboard.map.separator')) })}
        </Typography.Text>
      )}
    </>
  );
}
