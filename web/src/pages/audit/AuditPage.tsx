/**
 * 审计日志 (the audit trail) for the county command centre and leaders: every write, allowed or
 * refused, and every unmasked personal-data read, newest first — who (name, role, jurisdiction),
 * what (method and route), on what (an event links to its page), the outcome (refusals marked with
 * their error code) and from where. Filters live in the address (audit-query.ts); the trail is
 * paged by id, so "load more" asks for the records before the last one shown.
 */
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Card, Flex, Space, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { auditApi, type AuditPage as AuditAnswer, type AuditRecord } from '../../api/audit';
import { useApi } from '../../hooks/use-api';
import { useT } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { auditQueryOf, auditSearchOf, parseAuditSearch, type AuditFilters } from './audit-query';
import { AuditFilterBar } from './AuditFilterBar';
import { AuditTable } from './AuditTable';

/**
 * The records after the first page, appended by "load more". They belong to one first page, so a
 * new first page (other filters, a refresh) starts over.
 */
function useOlderRecords(data: AuditAnswer | undefined, filters: AuditFilters) {
  const [more, setMore] = useState<{ base: AuditAnswer; items: AuditRecord[]; next: number | null } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const extra = more && data && more.base === data ? more : null;
  const next = extra ? extra.next : (data?.nextBefore ?? null);
  useEffect(() => setError(undefined), [data]);

  const loadMore = async () => {
    if (next === null || !data) return;
    setLoading(true);
    setError(undefined);
    try {
      const page = await auditApi.list(auditQueryOf(filters, next));
      setMore({ base: data, items: [...(extra?.items ?? []), ...page.items], next: page.nextBefore });
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  const rows = useMemo(() => [...(data?.items ?? []), ...(extra?.items ?? [])], [data, extra]);
  return { rows, next, loading, error, loadMore };
}

export default function AuditPage() {
  const t = useT();
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  const filters = useMemo(() => parseAuditSearch(new URLSearchParams(search)), [search]);
  const { data, error, loading, reload } = useApi((signal) => auditApi.list(auditQueryOf(filters), signal), [filters]);
  const older = useOlderRecords(data, filters);
  const update = (nextFilters: AuditFilters) => setSearchParams(auditSearchOf(nextFilters), { replace: true });

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
        <AuditFilterBar filters={filters} update={update} />
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('audit.filter.hint')}
        </Typography.Paragraph>
      </Card>
      <ApiErrorAlert error={error} onRetry={reload} />
      <Card>
        <AuditTable rows={older.rows} loading={loading} />
        <ApiErrorAlert error={older.error} onRetry={older.loadMore} />
        <Flex justify="center" style={{ marginTop: 12 }}>
          {older.next !== null ? (
            <Button onClick={older.loadMore} loading={older.loading} data-testid="audit-more">
              {t('audit.loadMore')}
            </Button>
          ) : older.rows.length > 0 ? (
            <Typography.Text type="secondary">{t('audit.end', { count: older.rows.length })}</Typography.Text>
          ) : null}
        </Flex>
      </Card>
    </Space>
  );
}
