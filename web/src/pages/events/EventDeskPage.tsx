/**
 * 事件办理台 (the event desk): a server-paged, server-sorted list of the events the user may see,
 * with filters (including a place in the user's subtree) and a traffic light per row; each row
 * opens the event. Filters, sort and page live in the address (desk-query.ts), so a list can be
 * bookmarked, shared and linked to, and the back button returns to it. Live: any change on
 * /api/live refetches the current page, at most every 2 s.
 */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Card, Space } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { eventsApi } from '../../api/events';
import { useApi } from '../../hooks/use-api';
import { useLiveEvents } from '../../api/live';
import { useT } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useThrottledRefresh } from '../../hooks/use-throttled-refresh';
import { deskSearchOf, listQueryOf, parseDeskSearch, type DeskState } from './desk-query';
import { DeskFilters } from './DeskFilters';
import { DeskTable } from './DeskTable';

export default function EventDeskPage() {
  const t = useT();
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
        <DeskFilters state={state} update={update} />
      </Card>
      <ApiErrorAlert error={error} onRetry={reload} />
      <Card>
        <DeskTable state={state} update={update} items={data?.items ?? []} total={data?.total ?? 0} loading={loading} />
      </Card>
    </Space>
  );
}
