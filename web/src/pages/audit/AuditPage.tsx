/**
 * 审计日志 (the audit trail) for the county command centre and leaders: every write, allowed or
 * refused, and every unmasked personal-data read, newest first — who (name, role, jurisdiction),
 * what (method and route), on what (an event links to its page), the outcome (refusals marked with
 * their error code) and from where. Filters live in the address (audit-query.ts); the trail is
 * paged by id, so "load more" asks for the records before the last one shown.
 */
import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Card, Flex, Input, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { auditApi, type AuditPage as AuditAnswer, type AuditRecord } from '../../api/audit';
import { useApi } from '../../hooks/use-api';
import { useT } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { chinaTime } from '../../lib/time';
import { JurisdictionPicker } from '../../components/JurisdictionPicker';
import { DayRangeFilter } from '../../components/DayRangeFilter';
import { auditQueryOf, auditSearchOf, parseAuditSearch, type AuditFilters } from './audit-query';

/** Target types whose id is an event's (the write routes' `events`, a read's `event`). */
const EVENT_TARGETS = new Set(['events', 'event']);

export const isRefusal = (record: Pick<AuditRecord, 'status'>) => record.status >= 400;

export default function AuditPage() {
  const t = useT();
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  const filters = useMemo(() => parseAuditSearch(new URLSearchParams(search)), [search]);
  const { data, error, loading, reload } = useApi((signal) => auditApi.list(auditQueryOf(filters), signal), [filters]);

  // the pages after the first, appended by "load more"; they belong to one first page, so a new
  // first page (other filters, a refresh) starts over
  const [more, setMore] = useState<{ base: AuditAnswer; items: AuditRecord[]; next: number | null } | null>(null);
  const [moreLoading, setMoreLoading] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(undefined);
  const extra = more && data && more.base === data ? more : null;
  const next = extra ? extra.next : (data?.nextBefore ?? null);
  useEffect(() => setMoreError(undefined), [data]);

  const loadMore = async () => {
    if (next === null || !data) return;
    setMoreLoading(true);
    setMoreError(undefined);
    try {
      const page = await auditApi.list(auditQueryOf(filters, next));
      setMore({ base: data, items: [...(extra?.items ?? []), ...page.items], next: page.nextBefore });
    } catch (e) {
      setMoreError(e);
    } finally {
      setMoreLoading(false);
    }
  };

  const rows = useMemo(() => [...(data?.items ?? []), ...(extra?.items ?? [])], [data, extra]);
  const update = (nextFilters: AuditFilters) => setSearchParams(auditSearchOf(nextFilters), { replace: true });
  const change = <K extends keyof AuditFilters>(key: K, value: AuditFilters[K]) => update({ ...filters, [key]: value });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('audit.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={reload}>
            {t('common.refresh')}
          </Button>
        }
      >
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
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('audit.filter.hint')}
        </Typography.Paragraph>
      </Card>
      <ApiErrorAlert error={error} onRetry={reload} />
      <Card>
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
          columns={[
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
          ]}
        />
        <ApiErrorAlert error={moreError} onRetry={loadMore} />
        <Flex justify="center" style={{ marginTop: 12 }}>
          {next !== null ? (
            <Button onClick={loadMore} loading={moreLoading} data-testid="audit-more">
              {t('audit.loadMore')}
            </Button>
          ) : rows.length > 0 ? (
            <Typography.Text type="secondary">{t('audit.end', { count: rows.length })}</Typography.Text>
          ) : null}
        </Flex>
      </Card>
    </Space>
  );
}
