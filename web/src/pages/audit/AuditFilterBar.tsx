/**
 * The audit page's filter bar: the action (method and route), the target's type and id, the actor's
 * id, the actor's jurisdiction and the days; a reset. Each text filter is applied on search (Enter),
 * and is keyed by its value so a change in the address (back, a link) shows in the box.
 */
import { Button, Input, Space } from 'antd';
import { useT } from '../../i18n';
import { JurisdictionPicker } from '../../components/JurisdictionPicker';
import { DayRangeFilter } from '../../components/DayRangeFilter';
import type { AuditFilters } from './audit-query';

export function AuditFilterBar({ filters, update }: { filters: AuditFilters; update(next: AuditFilters): void }) {
  const t = useT();
  const change = <K extends keyof AuditFilters>(key: K, value: AuditFilters[K]) => update({ ...filters, [key]: value });
  return (
    <Space wrap size="small" className="audit-filters">
      <Input.Search
        key={`action-${filters.action ?? ''}`}
        defaultValue={filters.action}
        allowClear
        placeholder={t('audit.filter.action')}
        aria-label={t('audit.filter.action')}
        style={{ width: 260 }}
        onSearch={(v) => change('action', v.trim() || undefined)}
        data-filter="action"
      />
      <Input.Search
        key={`targetType-${filters.targetType ?? ''}`}
        defaultValue={filters.targetType}
        allowClear
        placeholder={t('audit.filter.targetType')}
        aria-label={t('audit.filter.targetType')}
        style={{ width: 150 }}
        onSearch={(v) => change('targetType', v.trim() || undefined)}
        data-filter="targetType"
      />
      <Input.Search
        key={`targetId-${filters.targetId ?? ''}`}
        defaultValue={filters.targetId}
        allowClear
        placeholder={t('audit.filter.targetId')}
        aria-label={t('audit.filter.targetId')}
        style={{ width: 150 }}
        onSearch={(v) => change('targetId', v.trim() || undefined)}
        data-filter="targetId"
      />
      <Input.Search
        key={`actorId-${filters.actorId ?? ''}`}
        defaultValue={filters.actorId?.toString()}
        allowClear
        inputMode="numeric"
        placeholder={t('audit.filter.actorId')}
        aria-label={t('audit.filter.actorId')}
        style={{ width: 140 }}
        onSearch={(v) => {
          const id = Number(v.trim());
          change('actorId', v.trim() && Number.isInteger(id) && id > 0 ? id : undefined);
        }}
        data-filter="actorId"
      />
      <JurisdictionPicker value={filters.jurisdiction} onChange={(code) => change('jurisdiction', code)} />
      <DayRangeFilter
        from={filters.from}
        to={filters.to}
        onChange={(from, to) => update({ ...filters, from, to })}
        placeholder={[t('audit.filter.from'), t('audit.filter.to')]}
      />
      <Button onClick={() => update({})}>{t('audit.filter.reset')}</Button>
    </Space>
  );
}
