/**
 * The event desk's filter bar: keyword, place (辖区), status kind, type, risk, light, tier, channel
 * and the reported-at days; the conditions a link may carry without a control of their own, shown
 * as removable tags; and a reset. Every change goes back to the first page.
 */
import { Button, Input, Select, Space, Tag } from 'antd';
import { CHANNELS, EVENT_TYPES, RISK_LEVELS } from '../../../../core/events/event-catalog';
import { TIERS } from '../../../../core/deadlines/tiers';
import { useT, type MessageKey, type Translate } from '../../i18n';
import { STATUS_KINDS } from '../../domain';
import { JurisdictionPicker } from '../../components/JurisdictionPicker';
import { DayRangeFilter } from '../../components/DayRangeFilter';
import { DEFAULT_STATE, LIGHTS, type DeskState } from './desk-query';

/** A condition from a link with no control of its own (status, category, high risk, mine, suspended), and how to drop it. */
interface LinkedFilter {
  key: string;
  label: string;
  clear: Partial<DeskState>;
}

function linkedFilters(t: Translate, state: DeskState): LinkedFilter[] {
  const linked: LinkedFilter[] = [];
  if (state.status.length)
    linked.push({
      key: 'status',
      label: t('desk.filter.status', { names: state.status.map((s) => t.dynamic(`status.${s}`, s)).join(' / ') }),
      clear: { status: [] },
    });
  if (state.category)
    linked.push({
      key: 'category',
      label: t('desk.filter.category', { code: state.category }),
      clear: { category: undefined },
    });
  if (state.highRisk !== undefined)
    linked.push({ key: 'highRisk', label: t('desk.filter.highRisk'), clear: { highRisk: undefined } });
  if (state.mine) linked.push({ key: 'mine', label: t('desk.filter.mine'), clear: { mine: undefined } });
  if (state.suspended !== undefined)
    linked.push({
      key: 'suspended',
      label: t(state.suspended ? 'desk.filter.suspended' : 'desk.filter.notSuspended'),
      clear: { suspended: undefined },
    });
  return linked;
}

type ListFilter = 'statusKind' | 'type' | 'risk' | 'light' | 'tier' | 'channel';

/** The multiple-choice filters, in their order on the bar: the state key, its placeholder, its values' catalogue prefix. */
const LIST_FILTERS: {
  key: ListFilter;
  placeholder: MessageKey;
  prefix: string;
  values: readonly string[];
  width: number;
}[] = [
  {
    key: 'statusKind',
    placeholder: 'desk.filter.statusKind',
    prefix: 'desk.statusKind',
    values: STATUS_KINDS,
    width: 160,
  },
  { key: 'type', placeholder: 'desk.filter.type', prefix: 'eventType', values: EVENT_TYPES, width: 140 },
  { key: 'risk', placeholder: 'desk.filter.risk', prefix: 'risk', values: RISK_LEVELS, width: 120 },
  { key: 'light', placeholder: 'desk.filter.light', prefix: 'light', values: LIGHTS, width: 120 },
  { key: 'tier', placeholder: 'desk.filter.tier', prefix: 'tier', values: TIERS, width: 140 },
  { key: 'channel', placeholder: 'desk.filter.channel', prefix: 'channel', values: CHANNELS, width: 140 },
];

export function DeskFilters({ state, update }: { state: DeskState; update(next: DeskState): void }) {
  const t = useT();
  const change = <K extends keyof DeskState>(key: K, value: DeskState[K]) =>
    update({ ...state, [key]: value, page: 1 });
  return (
    <Space wrap size="small" className="desk-filters">
      <Input.Search
        key={state.q}
        defaultValue={state.q}
        allowClear
        placeholder={t('desk.filter.keyword')}
        style={{ width: 220 }}
        onSearch={(value) => change('q', value)}
        aria-label={t('desk.filter.keyword')}
      />
      <JurisdictionPicker value={state.jurisdiction} onChange={(code) => change('jurisdiction', code)} />
      {LIST_FILTERS.map((f) => (
        <Select
          key={f.key}
          mode="multiple"
          allowClear
          style={{ minWidth: f.width }}
          placeholder={t(f.placeholder)}
          value={state[f.key]}
          onChange={(v) => change(f.key, v)}
          options={f.values.map((v) => ({ value: v, label: t.dynamic(`${f.prefix}.${v}`, v) }))}
          data-filter={f.key}
        />
      ))}
      <DayRangeFilter
        from={state.from}
        to={state.to}
        onChange={(from, to) => update({ ...state, from, to, page: 1 })}
        placeholder={[t('desk.filter.from'), t('desk.filter.to')]}
      />
      {linkedFilters(t, state).map((f) => (
        <Tag key={f.key} closable onClose={() => update({ ...state, ...f.clear, page: 1 })} data-linked-filter={f.key}>
          {f.label}
        </Tag>
      ))}
      <Button onClick={() => update(DEFAULT_STATE)}>{t('desk.filter.reset')}</Button>
    </Space>
  );
}
