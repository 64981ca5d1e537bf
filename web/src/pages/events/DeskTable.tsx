/**
 * The event desk's table: one row per event with its traffic light, server-sorted on four columns
 * and server-paged; a row (or its serial number, a real link) opens the event and hands it the
 * list's query for the back link.
 */
import { Link, useLocation, useNavigate } from 'react-router';
import { Space, Table, Tag, Typography, type TableColumnsType, type TableProps } from 'antd';
import type { EventSummary } from '../../api/events';
import { useT, type Translate } from '../../i18n';
import { chinaTime } from '../../lib/time';
import { LightDot, RISK_COLOURS, STATUS_KIND_COLOURS } from '../../components/event-marks';
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_STATE,
  PAGE_SIZES,
  type DeskLinkState,
  type DeskState,
  type Sort,
} from './desk-query';

/** The columns the server sorts by, and their sort names. */
const SORTABLE: Record<string, Sort> = {
  serialNo: 'serial_no',
  reportedAt: 'reported_at',
  updatedAt: 'updated_at',
  riskLevel: 'risk_level',
};

type TableChange = Parameters<NonNullable<TableProps<EventSummary>['onChange']>>;

/** The state after the table's sorter or pager changed: a new order or page size starts at the first page. */
function stateAfterTableChange(state: DeskState, pagination: TableChange[0], sorter: TableChange[2]): DeskState {
  const s = Array.isArray(sorter) ? sorter[0] : sorter;
  const field = typeof s?.field === 'string' ? SORTABLE[s.field] : undefined;
  const sort =
    s?.order && field
      ? { sort: field, order: s.order === 'ascend' ? ('asc' as const) : ('desc' as const) }
      : { sort: DEFAULT_STATE.sort, order: DEFAULT_STATE.order };
  const pageSize = pagination.pageSize ?? DEFAULT_PAGE_SIZE;
  const sortChanged = sort.sort !== state.sort || sort.order !== state.order;
  return {
    ...state,
    ...sort,
    pageSize,
    page: sortChanged || pageSize !== state.pageSize ? 1 : (pagination.current ?? 1),
  };
}

function deskColumns(t: Translate, state: DeskState, linkState: DeskLinkState): TableColumnsType<EventSummary> {
  const sortOrder = (field: string) =>
    SORTABLE[field] === state.sort ? (state.order === 'asc' ? 'ascend' : 'descend') : null;
  return [
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
  ];
}

export function DeskTable({
  state,
  update,
  items,
  total,
  loading,
}: {
  state: DeskState;
  update(next: DeskState): void;
  items: EventSummary[];
  total: number;
  loading: boolean;
}) {
  const t = useT();
  const navigate = useNavigate();
  const linkState: DeskLinkState = { deskSearch: useLocation().search };
  return (
    <Table<EventSummary>
      size="middle"
      rowKey="id"
      loading={loading}
      dataSource={items}
      scroll={{ x: 1100 }}
      locale={{ emptyText: t('common.empty') }}
      onChange={(pagination, _filters, sorter) => update(stateAfterTableChange(state, pagination, sorter))}
      // newest first is the default (上报时间 descending): its first click must give the oldest first
      sortDirections={['descend', 'ascend']}
      onRow={(row) => ({
        onClick: () => {
          void navigate(`/events/${row.id}`, { state: linkState });
        },
        style: { cursor: 'pointer' },
      })}
      pagination={{
        current: state.page,
        pageSize: state.pageSize,
        total,
        showSizeChanger: true,
        pageSizeOptions: [...PAGE_SIZES],
        showTotal: (all) => t('common.total', { total: all }),
      }}
      columns={deskColumns(t, state, linkState)}
    />
  );
}
