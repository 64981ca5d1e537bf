/**
 * 下钻: the events behind a number — a server-paged list (GET /api/analytics/drilldown), each row
 * linking to the event's page.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { Badge, Modal, Table, Tag } from 'antd';
import { analyticsApi } from '../../api/analytics';
import type { BreakdownGroupBy, DrillItem } from '../../api/types';
import type { Period } from '../../api/period';
import { useApi } from '../../hooks/use-api';
import { useT } from '../../i18n';
import { chinaTime } from '../../lib/time';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';

export interface DrillTarget {
  kpi: string;
  /** The figure's name as shown, e.g. "化解量" or "化解量 · 东村". */
  label: string;
  groupBy?: BreakdownGroupBy;
  group?: string | null;
}

const RISK_COLOURS: Record<string, string> = { red: 'red', yellow: 'gold', blue: 'blue' };
const LIGHT_STATUS: Record<string, 'success' | 'warning' | 'error'> = {
  green: 'success',
  yellow: 'warning',
  red: 'error',
};
const PAGE_SIZE = 10;

export function DrilldownModal({
  period,
  target,
  onClose,
}: {
  period: Period;
  target: DrillTarget | null;
  onClose(): void;
}) {
  const t = useT();
  const [page, setPage] = useState(1);
  const [shown, setShown] = useState(target);
  if (shown !== target) {
    setShown(target);
    setPage(1);
  }
  const { data, error, loading, reload } = useApi(
    (signal) =>
      target
        ? analyticsApi.drilldown(
            period,
            target.kpi,
            { groupBy: target.groupBy, group: target.group, page, pageSize: PAGE_SIZE },
            signal,
          )
        : Promise.resolve(undefined),
    [target, period, page],
  );
  return (
    <Modal
      open={target !== null}
      onCancel={onClose}
      footer={null}
      width={960}
      title={target ? t('drill.title', { kpi: target.label }) : ''}
      destroyOnHidden
    >
      <ApiErrorAlert error={error} onRetry={reload} />
      <Table<DrillItem>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 860 }}
        locale={{ emptyText: t('common.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { total }),
          onChange: setPage,
        }}
        columns={[
          {
            title: t('drill.serialNo'),
            dataIndex: 'serialNo',
            width: 170,
            render: (no: string, row) => <Link to={`/events/${row.id}`}>{no}</Link>,
          },
          { title: t('drill.titleColumn'), dataIndex: 'title', ellipsis: true },
          {
            title: t('drill.type'),
            dataIndex: 'eventType',
            width: 100,
            render: (v: string) => t.dynamic(`eventType.${v}`, v),
          },
          {
            title: t('drill.risk'),
            dataIndex: 'riskLevel',
            width: 80,
            render: (v: string) => <Tag color={RISK_COLOURS[v]}>{t.dynamic(`risk.${v}`, v)}</Tag>,
          },
          {
            title: t('drill.status'),
            dataIndex: 'status',
            width: 90,
            render: (v: string, row) => t.dynamic(`status.${v}`, row.statusName),
          },
          {
            title: t('drill.light'),
            dataIndex: 'light',
            width: 80,
            render: (v: string) => <Badge status={LIGHT_STATUS[v] ?? 'default'} text={t.dynamic(`light.${v}`, v)} />,
          },
          { title: t('drill.place'), dataIndex: 'jurisdictionName', width: 140, ellipsis: true },
          {
            title: t('drill.reportedAt'),
            dataIndex: 'reportedAt',
            width: 140,
            render: (v: string) => chinaTime(v),
          },
        ]}
      />
    </Modal>
  );
}
