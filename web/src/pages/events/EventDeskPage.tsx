/**
 * 事件办理台 (the event desk): a server-paged, server-sorted list of the events the user may see,
 * with filters (including a place in the user's subtree) and a traffic light per row; each row
 * opens the event. Filters, sort and page live in the address (desk-query.ts), so a list can be
 * bookmarked, shared and linked to, and the back button returns to it. Live: any change on
 * /api/live refetches the current page, at most every 2 s.
 */
import { useMemo } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { Button, Card, Input, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { CHANNELS, EVENT_TYPES, RISK_LEVELS } from '../../../../core/events/event-catalog';
import { TIERS } from '../../../../core/deadlines/tiers';
import { eventsApi, type EventSummary } from '../../api/events';
import { useApi } from '../../hooks/use-api';
import { useLiveEvents } from '../../api/live';
import { useT } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useThrottledRefresh } from '../../hooks/use-throttled-refresh';
import { STATUS_KINDS } from '../../domain';
import { chinaTime } from '../../lib/time';
import { LightDot, RISK_COLOURS, STATUS_KIND_COLOURS } from '../../components/event-marks';
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_STATE,
  deskSearchOf,
  LIGHTS,
  listQueryOf,
  PAGE_SIZES,
  parseDeskSearch,
  type DeskState,
  type Sort,
} from './desk-query';
import { JurisdictionPicker } from '../../components/JurisdictionPicker';
import { DayRangeFilter } from '../../components/DayRangeFilter';

const SORTABLE: Record<string, Sort> = {
  serialNo: 'serial_no',
  reportedAt: 'reported_at',
  updatedAt: 'updated_at',
  riskLevel: 'risk_level',
};

/** What the detail page gets in the history entry's state: the list's query, for its back link. */
export interface DeskLinkState {
  deskSearch: string;
}

export default function EventDeskPage() {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  const state = useMemo(() => parseDeskSearch(new URLSearchParams(search)), [search]);
  const refresh = useThrottledRefresh(2000);
  useLiveEvents(() => refresh.trigger());

  const query = useMemo(() => listQueryOf(state), [state]);
  const { data, error, loading, reload } = useApi((signal) => eventsApi.list(query, signal), [query, refresh.key]);

  // every change replaces the address rather than adding to the history: back leaves the desk,
  // and from an event it returns to the list as it was
  const update = (next: DeskState) => setSearchParams(deskSearchOf(next), { replace: true });
  const change = <K extends keyof DeskState>(key: K, value: DeskState[K]) =>
    update({ ...state, [key]: value, page: 1 });
  const options = (prefix: string, values: readonly string[]) =>
    values.map((v) => ({ value: v, label: t.dynamic(`${prefix}.${v}`, v) }));
  const linkState: DeskLinkState = { deskSearch: location.search };

  const onTableChange: TableProps<EventSummary>['onChange'] = (pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = typeof s?.field === 'string' ? SORTABLE[s.field] : undefined;
    const sort =
      s?.order && field
        ? { sort: field, order: s.order === 'ascend' ? ('asc' as const) : ('desc' as const) }
        : { sort: DEFAULT_STATE.sort, order: DEFAULT_STATE.order };
    const pageSize = pagination.pageSize ?? DEFAULT_PAGE_SIZE;
    const sortChanged = sort.sort !== state.sort || sort.order !== state.order;
    // a new order or page size starts at the first page
    update({
      ...state,
      ...sort,
      pageSize,
      page: sortChanged || pageSize !== state.pageSize ? 1 : (pagination.current ?? 1),
    });
  };
  const sortOrder = (field: string) =>
    SORTABLE[field] === state.sort ? (state.order === 'asc' ? 'ascend' : 'descend') : null;

  // conditions a link may carry that have no control of their own: shown, and removable
  const linked: { key: string; label: string; clear: Partial<DeskState> }[] = [];
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

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('desk.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={refresh.now}>
            {t('common.refresh')}
          </Button>
        }
      >
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
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 160 }}
            placeholder={t('desk.filter.statusKind')}
            value={state.statusKind}
            onChange={(v) => change('statusKind', v)}
            options={options('desk.statusKind', STATUS_KINDS)}
            data-filter="statusKind"
          />
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 140 }}
            placeholder={t('desk.filter.type')}
            value={state.type}
            onChange={(v) => change('type', v)}
            options={options('eventType', EVENT_TYPES)}
            data-filter="type"
          />
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 120 }}
            placeholder={t('desk.filter.risk')}
            value={state.risk}
            onChange={(v) => change('risk', v)}
            options={options('risk', RISK_LEVELS)}
            data-filter="risk"
          />
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 120 }}
            placeholder={t('desk.filter.light')}
            value={state.light}
            onChange={(v) => change('light', v)}
            options={options('light', LIGHTS)}
            data-filter="light"
          />
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 140 }}
            placeholder={t('desk.filter.tier')}
            value={state.tier}
            onChange={(v) => change('tier', v)}
            options={options('tier', TIERS)}
            data-filter="tier"
          />
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 140 }}
            placeholder={t('desk.filter.channel')}
            value={state.channel}
            onChange={(v) => change('channel', v)}
            options={options('channel', CHANNELS)}
            data-filter="channel"
          />
          <DayRangeFilter
            from={state.from}
            to={state.to}
            onChange={(from, to) => update({ ...state, from, to, page: 1 })}
            placeholder={[t('desk.filter.from'), t('desk.filter.to')]}
          />
          {linked.map((f) => (
            <Tag
              key={f.key}
              closable
              onClose={() => update({ ...state, ...f.clear, page: 1 })}
              data-linked-filter={f.key}
            >
              {f.label}
            </Tag>
          ))}
          <Button onClick={() => update(DEFAULT_STATE)}>{t('desk.filter.reset')}</Button>
        </Space>
      </Card>
      <ApiErrorAlert error={error} onRetry={reload} />
      <Card>
        <Table<EventSummary>
          size="middle"
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          scroll={{ x: 1100 }}
          locale={{ emptyText: t('common.empty') }}
          onChange={onTableChange}
          // newest first is the default (上报时间 descending): its first click must give the oldest first
          sortDirections={['descend', 'ascend']}
          onRow={(row) => ({
            onClick: () => navigate(`/events/${row.id}`, { state: linkState }),
            style: { cursor: 'pointer' },
          })}
          pagination={{
            current: state.page,
            pageSize: state.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [...PAGE_SIZES],
            showTotal: (total) => t('common.total', { total }),
          }}
          columns={[
            {
              title: t('desk.col.light'),
              dataIndex: 'light',
              width: 90,
              render: (v: string | null) => <LightDot light={v} />,
            },
            {
              title: t('desk.col.serialNo'),
              dataIndex: 'serialNo',
              width: 170,
              sorter: true,
              sortOrder: sortOrder('serialNo'),
              render: (no: string, row) => (
                <Link to={`/events/${row.id}`} state={linkState} onClick={(e) => e.stopPropagation()}>
                  {no}
                </Link>
              ),
            },
            {
              title: t('desk.col.title'),
              dataIndex: 'title',
              ellipsis: true,
              render: (v: string, row) => <Typography.Text strong={row.highRisk}>{v}</Typography.Text>,
            },
            {
              title: t('desk.col.type'),
              dataIndex: 'eventType',
              width: 100,
              render: (v: string, row) => t.dynamic(`eventType.${v}`, row.eventTypeName),
            },
            {
              title: t('desk.col.risk'),
              dataIndex: 'riskLevel',
              width: 90,
              sorter: true,
              sortOrder: sortOrder('riskLevel'),
              render: (v: string, row) => (
                <Tag color={RISK_COLOURS[v]}>{t.dynamic(`risk.${v}`, row.riskLevelName)}</Tag>
              ),
            },
            {
              title: t('desk.col.status'),
              dataIndex: 'status',
              width: 110,
              render: (v: string, row) => (
                <Space size={4}>
                  <Tag color={STATUS_KIND_COLOURS[row.statusKind]}>{t.dynamic(`status.${v}`, row.statusName)}</Tag>
                  {row.suspended ? <Tag>{t('desk.suspended')}</Tag> : null}
                </Space>
              ),
            },
            {
              title: t('desk.col.tier'),
              dataIndex: 'tier',
              width: 100,
              render: (v: string | null, row) => (v ? t.dynamic(`tier.${v}`, row.tierName ?? v) : t('common.noValue')),
            },
            { title: t('desk.col.place'), dataIndex: 'jurisdictionName', width: 150, ellipsis: true },
            {
              title: t('desk.col.reportedAt'),
              dataIndex: 'reportedAt',
              width: 150,
              sorter: true,
              sortOrder: sortOrder('reportedAt'),
              render: (v: string) => chinaTime(v),
            },
            {
              title: t('desk.col.updatedAt'),
              dataIndex: 'updatedAt',
              width: 150,
              sorter: true,
              sortOrder: sortOrder('updatedAt'),
              render: (v: string) => chinaTime(v),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
