/**
 * A chart: give it an ECharts option; it loads the library on first use (a lazy chunk), draws,
 * follows option changes and the container's size, and cleans up. `onClick` gets the clicked
 * item's data index and series index. If the library cannot be loaded (offline, a new deployment
 * replaced the chunk), the failure is shown in the chart's place.
 */
import { useEffect, useRef, useState } from 'react';
import { Skeleton } from 'antd';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { ApiErrorAlert } from '../components/ApiErrorAlert';

type ECharts = typeof import('./echarts-setup').echarts;

let loading: Promise<ECharts> | null = null;
/** The library, loaded once; a failed load is not kept, so the next chart tries again. */
export function loadECharts(): Promise<ECharts> {
  loading ??= import('./echarts-setup').then(
    (m) => m.echarts,
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

export interface EChartProps {
  option: EChartsCoreOption;
  height?: number;
  onClick?: (item: { dataIndex: number; seriesIndex: number; name: string }) => void;
  ariaLabel?: string;
}

export function EChart({ option, height = 280, onClick, ariaLabel }: EChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [lib, setLib] = useState<ECharts | null>(null);
  const [failed, setFailed] = useState<unknown>(undefined);
  const clickHandler = useRef(onClick);
  clickHandler.current = onClick;

  useEffect(() => {
    let cancelled = false;
    loadECharts().then(
      (e) => !cancelled && setLib(e),
      (error: unknown) => !cancelled && setFailed(error),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    if (!lib || !container.current) return;
    const instance = lib.init(container.current);
    chart.current = instance;
    instance.on('click', (params) => {
      const p = params as { dataIndex: number; seriesIndex?: number; name: string };
      clickHandler.current?.({ dataIndex: p.dataIndex, seriesIndex: p.seriesIndex ?? 0, name: p.name });
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(container.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [lib]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, lib]);

  return (
    <div style={{ position: 'relative', height }} role="img" aria-label={ariaLabel}>
      {!lib && (failed ? <ApiErrorAlert error={failed} /> : <Skeleton active paragraph={{ rows: 5 }} />)}
      <div
        ref={container}
        style={{
          position: 'absolute',
          inset: 0,
          visibility: lib ? 'visible' : 'hidden',
          cursor: onClick ? 'pointer' : undefined,
        }}
      />
    </div>
  );
}
