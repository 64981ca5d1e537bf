/**
 * The audit trail as a table: when, who (name, role, jurisdiction), what (method and route), on
 * what (an event links to its page), the outcome (refusals marked red, with their error code) and
 * from where; a record's details expand below it.
 */
import type { HTMLAttributes } from 'react';
import { Link } from 'react-router';
import { Flex, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { AuditRecord } from '../../api/audit';
import { useT, type Translate } from '../../i18n';
import { chinaTime } from '../../lib/time';

/** Target types whose id is an event's (the write routes' `events`, a read's `event`). */
const EVENT_TARGETS = new Set(['events', 'event']);

export const isRefusal = (record: Pick<AuditRecord, 'status'>) => record.status >= 400;

function auditColumns(t: Translate): TableColumnsType<AuditRecord> {
  return [
    { title: t('audit.col.at'), dataIndex: 'at', width: 150, render: (v: string) => chinaTime(v) },
    {
      title: t('audit.col.actor'),
      dataIndex: 'actor',
      width: 200,
      render: (actor: AuditRecord['actor']) =>
        actor ? (
          <Space orientation="vertical" size={0}>
            <Typography.Text>
              {actor.name ?? (actor.id !== null ? `#${actor.id}` : t('common.noValue'))}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[actor.role ? t.dynamic(`role.${actor.role}`, actor.role) : null, actor.jurisdictionCode]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('audit.anonymous')}</Typography.Text>
        ),
    },
    {
      title: t('audit.col.action'),
      dataIndex: 'action',
      render: (v: string) => (
        <Typography.Text code style={{ wordBreak: 'break-all' }}>
          {v}
        </Typography.Text>
      ),
    },
    {
      title: t('audit.col.target'),
      dataIndex: 'target',
      width: 160,
      render: (target: AuditRecord['target']) => {
        if (!target) return t('common.noValue');
        const label = [target.type, target.id].filter((p) => p !== null && p !== '').join(' / ');
        if (target.type && EVENT_TARGETS.has(target.type) && target.id && /^\d+$/.test(target.id)) {
          return <Link to={`/events/${target.id}`}>{t('audit.eventTarget', { id: target.id })}</Link>;
        }
        return label || t('common.noValue');
      },
    },
    {
      title: t('audit.col.status'),
      dataIndex: 'status',
      width: 190,
      render: (status: number, r) =>
        isRefusal(r) ? (
          <Flex gap={4} wrap>
            <Tag color="red">{t('audit.refused', { status })}</Tag>
            {r.errorCode && <Typography.Text type="danger">{r.errorCode}</Typography.Text>}
          </Flex>
        ) : (
          <Tag color="green">{status}</Tag>
        ),
    },
    {
      title: t('audit.col.address'),
      dataIndex: 'clientAddress',
      width: 140,
      render: (v: string | null) => v ?? t('common.noValue'),
    },
  ];
}

export function AuditTable({ rows, loading }: { rows: AuditRecord[]; loading: boolean }) {
  const t = useT();
  return (
    <Table<AuditRecord>
      size="middle"
      rowKey="id"
      loading={loading}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 1000 }}
      locale={{ emptyText: t('common.empty') }}
      onRow={(r) =>
        isRefusal(r)
          ? ({ 'data-refused': 'true', style: { background: '#fff1f0' } } as HTMLAttributes<HTMLElement>)
          : {}
      }
      expandable={{
        rowExpandable: (r) => r.details !== null && r.details !== undefined,
        expandedRowRender: (r) => (
          <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>
            {JSON.stringify(r.details, null, 2)}
          </pre>
        ),
      }}
      columns={auditColumns(t)}
    />
  );
}
