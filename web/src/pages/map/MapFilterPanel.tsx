/** The map's filters (type, status kind, risk, span) and the heatmap switch; changes refetch the points. */
import type { ReactNode } from 'react';
import { Flex, Select, Switch, Typography } from 'antd';
import { useT } from '../../i18n';
import { EVENT_TYPES, RISK_LEVELS, SPAN_PRESETS, STATUS_KINDS, type MapFilters } from './map-spec';

export interface MapFilterPanelProps {
  value: MapFilters;
  onChange(next: MapFilters): void;
  heatmap: boolean;
  onHeatmapChange(on: boolean): void;
}

export function MapFilterPanel({ value, onChange, heatmap, onHeatmapChange }: MapFilterPanelProps) {
  const t = useT();
  const field = (label: string, control: ReactNode) => (
    <Flex vertical gap={2}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      {control}
    </Flex>
  );
  const common = {
    mode: 'multiple' as const,
    allowClear: true,
    maxTagCount: 'responsive' as const,
    placeholder: t('map.filter.any'),
    style: { width: '100%' },
  };
  return (
    <Flex vertical gap={8} style={{ width: 240 }}>
      {field(
        t('map.filter.type'),
        <Select
          {...common}
          aria-label={t('map.filter.type')}
          value={value.types}
          options={EVENT_TYPES.map((k) => ({ value: k, label: t(`eventType.${k}`) }))}
          onChange={(types) => onChange({ ...value, types })}
        />,
      )}
      {field(
        t('map.filter.status'),
        <Select
          {...common}
          aria-label={t('map.filter.status')}
          value={value.statusKinds}
          options={STATUS_KINDS.map((k) => ({ value: k, label: t(`map.statusKind.${k}`) }))}
          onChange={(statusKinds) => onChange({ ...value, statusKinds })}
        />,
      )}
      {field(
        t('map.filter.risk'),
        <Select
          {...common}
          aria-label={t('map.filter.risk')}
          value={value.risks}
          options={RISK_LEVELS.map((k) => ({ value: k, label: t(`risk.${k}`) }))}
          onChange={(risks) => onChange({ ...value, risks })}
        />,
      )}
      {field(
        t('map.filter.span'),
        <Select
          aria-label={t('map.filter.span')}
          value={value.span}
          style={{ width: '100%' }}
          options={SPAN_PRESETS.map((k) => ({ value: k, label: t(`map.span.${k}`) }))}
          onChange={(span) => onChange({ ...value, span })}
        />,
      )}
      <Flex align="center" justify="space-between">
        <Typography.Text>{t('map.heatmap')}</Typography.Text>
        <Switch size="small" checked={heatmap} onChange={onHeatmapChange} aria-label={t('map.heatmap')} />
      </Flex>
    </Flex>
  );
}
