/**
 * 事件办理台 (the event desk): a server-paged, server-sorted list of the events the user may see,
 * with filters and a traffic light per row; each row opens the event. Live: any change on
 * /api/live refetches the current page, at most every 2 s.
 */
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, DatePicker, Input, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { EVENT_TYPES, RISK_LEVELS } from '../../../../core/events/event-catalog';
import { TIERS } from '../../../../core/deadlines/tiers';
import { eventsApi, type EventListQuery, type EventSummary } from '../../api/events';
import { useApi } from '../../api/use-api';
import { useLiveEvents } from '../../api/live';
import { useT } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useThrottledRefresh } from '../dashboard/use-throttled-refresh';
import { chinaTime, LightDot, RISK_COLOURS, STATUS_KIND_COLOURS } from './desk-format';

const STATUS_KINDS = ['open', 'resolved', 'closed'] as const;
const LIGHTS = ['green', 'yellow', 'red'] as const;
const SORTABLE: Record<string, EventListQuery['sort']> = { serialNo: 'serial_no', reportedAt: 'reported_at', updatedAt: 'updated_at', riskLevel: 'risk_level' };
const DEFAULT_PAGE_SIZE = 20;

export interface DeskFilters {
  statusKind: string[];
  type: string[];
  risk: string[];
  light: string[];
  tier: string[];
  q: string;
  range: [Dayjs, Dayjs] | null;
}

const EMPTY: DeskFilters = { statusKind: ['open'], type: [], risk: [], light: [], tier: [], q: '', range: null };

export default function EventDeskPage() {
  const t = useT();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<DeskFilters>(EMPTY);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE);
  const [sort, setSort] = useState<{ sort: EventListQuery['sort']; order: 'asc' | 'desc' }>({ sort: 'reported_at', order: 'desc' });
  const refresh = useThrottledRefresh(2000);
  useLiveEvents(() => refresh.trigger());

  const query = useMemo<EventListQuery>(
    () => ({
      statusKind: filters.statusKind,
      type: filters.type,
      risk: filters.risk,
      light: filters.light,
      tier: filters.tier,
      q: filters.q.trim() || undefined,
      from: filters.range ? filters.range[0].startOf('day').toISOString() : undefined,
      to: filters.range ? filters.range[1].endOf('day').toISOString() : undefined,
      sort: sort.sort,
      order: sort.order,
      page,
      pageSize,
    }),
    [filters, sort, page, pageSize],
  );
  const { data, error, loading, reload } = useApi((signal) => eventsApi.list(query, signal), [query, refresh.key]);

  const change = <K extends keyof DeskFilters>(key: K, value: DeskFilters[K]) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setPage(1);
  };
  const options = (prefix: string, values: readonly string[]) => values.map((v) => ({ value: v, label: t.dynamic(`${prefix}.${v}`, v) }));

  const onTableChange: TableProps<EventSummary>['onChange'] = (pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = typeof s?.field === 'string' ? SORTABLE[s.field] : undefined;
    if (s?.order && field) setSort({ sort: field, order: s.order === 'ascend' ? 'asc' : 'desc' });
    else setSort({ sort: 'reported_at', order: 'desc' });
    setPage(pagination.current ?? 1);
    setPageSize(pagination.pageSize ?? DEFAULT_PAGE_SIZE);
  };
  const sortOrder = (field: string) => (SORTABLE[field] === sort.sort ? (sort.order === 'asc' ? 'ascend' : 'descend') : null);

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
            allowClear
            placeholder={t('desk.filter.keyword')}
            style={{ width: 220 }}
            onSearch={(value) => change('q', value)}
            aria-label={t('desk.filter.keyword')}
          />
          <Select mode="multiple" allowClear style={{ minWidth: 160 }} placeholder={t('desk.filter.statusKind')} value={filters.statusKind} onChange={(v) => change('statusKind', v)} options={options('desk.statusKind', STATUS_KINDS)} />
          <Select mode="multiple" allowClear style={{ minWidth: 140 }} placeholder={t('desk.filter.type')} value={filters.type} onChange={(v) => change('type', v)} options={options('eventType', EVENT_TYPES)} />
          <Select mode="multiple" allowClear style={{ minWidth: 120 }} placeholder={t('desk.filter.risk')} value={filters.risk} onChange={(v) => change('risk', v)} options={options('risk', RISK_LEVELS)} />
          <Select mode="multiple" allowClear style={{ minWidth: 120 }} placeholder={t('desk.filter.light')} value={filters.light} onChange={(v) => change('light', v)} options={options('light', LIGHTS)} />
          <Select mode="multiple" allowClear style={{ minWidth: 140 }} placeholder={t('desk.filter.tier')} value={filters.tier} onChange={(v) => change('tier', v)} options={options('tier', TIERS)} />
          <DatePicker.RangePicker
            value={filters.range}
            onChange={(range) => change('range', range && range[0] && range[1] ? [range[0], range[1]] : null)}
            placeholder={[t('desk.filter.from'), t('desk.filter.to')]}
          />
          <Button
            onClick={() => {
              setFilters(EMPTY);
              setPage(1);
            }}
          >
            {t('desk.filter.reset')}
          </Button>
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
          onRow={(row) => ({ onClick: () => navigate(`/events/${row.id}`), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
          }}
          columns={[
            { title: t('desk.col.light'), dataIndex: 'light', width: 90, render: (v: string | null) => <LightDot light={v} /> },
            {
              title: t('desk.col.serialNo'),
              dataIndex: 'serialNo',
              width: 170,
              sorter: true,
              sortOrder: sortOrder('serialNo'),
              render: (no: string, row) => (
                <Link to={`/events/${row.id}`} onClick={(e) => e.stopPropagation()}>
                  {no}
                </Link>
              ),
            },
            { title: t('desk.col.title'), dataIndex: 'title', ellipsis: true, render: (v: string, row) => <Typography.Text strong={row.highRisk}>{v}</Typography.Text> },
            { title: t('desk.col.type'), dataIndex: 'eventType', width: 100, render: (v: string, row) => t.dynamic(`eventType.${v}`, row.eventTypeName) },
            {
              title: t('desk.col.risk'),
              dataIndex: 'riskLevel',
              width: 90,
              sorter: true,
              sortOrder: sortOrder('riskLevel'),
              render: (v: string, row) => <Tag color={RISK_COLOURS[v]}>{t.dynamic(`risk.${v}`, row.riskLevelName)}</Tag>,
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
            { title: t('desk.col.tier'), dataIndex: 'tier', width: 100, render: (v: string | null, row) => (v ? t.dynamic(`tier.${v}`, row.tierName ?? v) : t('common.noValue')) },
            { title: t('desk.col.place'), dataIndex: 'jurisdictionName', width: 150, ellipsis: true },
            { title: t('desk.col.reportedAt'), dataIndex: 'reportedAt', width: 150, sorter: true, sortOrder: sortOrder('reportedAt'), render: (v: string) => chinaTime(v) },
            { title: t('desk.col.updatedAt'), dataIndex: 'updatedAt', width: 150, sorter: true, sortOrder: sortOrder('updatedAt'), render: (v: string) => chinaTime(v) },
          ]}
        />
      </Card>
    </Space>
  );
}
