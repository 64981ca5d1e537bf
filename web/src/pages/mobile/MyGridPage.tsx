/**
 * 我的网格 (phone first): the grid worker's open tasks — assigned to them — as big rows with the
 * traffic light; a tap opens the event. Tabs with their counts: all open, to sign for (签收), in
 * hand (办理中), overdue (red light). The list is paged by the server (30 at a time): "load more"
 * or scrolling to the end loads the next page. Refreshed live: the counts and every loaded page.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Badge, Button, List, Space, Tabs, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { FormOutlined, ReloadOutlined } from '@ant-design/icons';
import type { EventSummary } from '../../api/events';
import { settleUnlessAborted, useApi } from '../../hooks/use-api';
import { useLiveEvents } from '../../api/live';
import { useT } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useThrottledRefresh } from '../../hooks/use-throttled-refresh';
import { useOnVisible } from '../../hooks/use-on-visible';
import { chinaTime } from '../../lib/time';
import { LightDot, RISK_COLOURS } from '../../components/event-marks';
import { myTasksApi, TASK_TABS, type TaskTab } from './my-tasks-api';

export const TASK_PAGE_SIZE = 30;

interface Loaded {
  items: EventSummary[];
  total: number;
  pages: number;
}

/**
 * The tab's tasks, page by page. A new tab starts again at page 1; a refresh reloads every page
 * loaded so far (so the list does not shrink under the worker's thumb); "more" appends the next
 * page, skipping rows already shown (a new task at the top shifts the pages by one).
 */
export function usePagedTasks(tab: TaskTab, refreshKey: number) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const pagesRef = useRef(1);
  const tabRef = useRef(tab);
  const busy = useRef<AbortController | null>(null);

  useEffect(() => {
    if (tabRef.current !== tab) {
      tabRef.current = tab;
      pagesRef.current = 1;
      setLoaded(null);
    }
    busy.current?.abort();
    const controller = new AbortController();
    busy.current = controller;
    const pages = pagesRef.current;
    setLoading(true);
    settleUnlessAborted(
      Promise.all(
        Array.from({ length: pages }, (_, i) => myTasksApi.page(tab, i + 1, TASK_PAGE_SIZE, controller.signal)),
      ),
      controller.signal,
      (answers) => {
        const seen = new Set<number>();
        const items = answers.flatMap((a) => a.items).filter((e) => !seen.has(e.id) && (seen.add(e.id), true));
        setLoaded({ items, total: answers.at(-1)?.total ?? 0, pages });
      },
      setError,
      setLoading,
    );
    return () => controller.abort();
  }, [tab, refreshKey, nonce]);

  const more = useCallback(() => {
    if (!loaded || loading || loaded.items.length >= loaded.total) return;
    busy.current?.abort();
    const controller = new AbortController();
    busy.current = controller;
    const page = loaded.pages + 1;
    setLoading(true);
    settleUnlessAborted(
      myTasksApi.page(tab, page, TASK_PAGE_SIZE, controller.signal),
      controller.signal,
      (answer) => {
        pagesRef.current = page;
        setLoaded((before) => {
          const shown = new Set((before?.items ?? []).map((e) => e.id));
          return {
            items: [...(before?.items ?? []), ...answer.items.filter((e) => !shown.has(e.id))],
            total: answer.total,
            pages: page,
          };
        });
      },
      setError,
      setLoading,
    );
  }, [loaded, loading, tab]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const hasMore = !!loaded && loaded.items.length < loaded.total && loaded.pages * TASK_PAGE_SIZE < loaded.total;
  return {
    items: loaded?.items ?? [],
    total: loaded?.total ?? 0,
    loaded: loaded !== null,
    hasMore,
    loading,
    error,
    more,
    reload,
  };
}

export default function MyGridPage() {
  const t = useT();
  const refresh = useThrottledRefresh(3000);
  useLiveEvents(() => refresh.trigger());
  const [tab, setTab] = useState<TaskTab>('open');
  const counts = useApi((signal) => myTasksApi.counts(signal), [refresh.key]);
  const tasks = usePagedTasks(tab, refresh.key);
  const sentinel = useOnVisible(() => {
    if (tasks.hasMore && !tasks.loading && !tasks.error) tasks.more();
  });

  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('mobile.myGrid.title', { count: counts.data?.open ?? (tab === 'open' ? tasks.total : 0) })}
        </Typography.Title>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={refresh.now} aria-label={t('common.refresh')} />
          <Link to="/report">
            <Button type="primary" icon={<FormOutlined />}>
              {t('nav.report')}
            </Button>
          </Link>
        </Space>
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as TaskTab)}
        size="large"
        tabBarGutter={12}
        style={{ marginBottom: 0 }}
        items={TASK_TABS.map((key) => ({
          key,
          label: (
            <span data-testid={`tab-${key}`}>
              {t(`mobile.myGrid.tab.${key}`)}{' '}
              <Badge
                count={counts.data?.[key] ?? 0}
                showZero
                overflowCount={999}
                color={
                  key === 'overdue' && (counts.data?.overdue ?? 0) > 0
                    ? 'red'
                    : key === 'toSign' && (counts.data?.toSign ?? 0) > 0
                      ? 'orange'
                      : 'gray'
                }
              />
            </span>
          ),
        }))}
      />
      <ApiErrorAlert error={tasks.error ?? counts.error} onRetry={() => (tasks.reload(), counts.reload())} />
      <List
        loading={tasks.loading && !tasks.loaded}
        dataSource={tasks.items}
        rowKey="id"
        locale={{ emptyText: t('mobile.myGrid.empty') }}
        renderItem={(e) => (
          <List.Item style={{ padding: 0 }}>
            <Link
              to={`/events/${e.id}`}
              style={{ display: 'block', width: '100%', padding: '14px 8px', minHeight: 64, color: 'inherit' }}
              data-testid="task"
            >
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap>
                  <LightDot light={e.light} />
                  <Tag color={RISK_COLOURS[e.riskLevel]}>{t.dynamic(`risk.${e.riskLevel}`, e.riskLevelName)}</Tag>
                  <Tag>{t.dynamic(`status.${e.status}`, e.statusName)}</Tag>
                </Space>
                <Typography.Text strong style={{ fontSize: 16 }}>
                  {e.title}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {[e.address ?? e.jurisdictionName, chinaTime(e.reportedAt)].filter(Boolean).join(' · ')}
                </Typography.Text>
              </Space>
            </Link>
          </List.Item>
        )}
      />
      {tasks.loaded && tasks.items.length > 0 && (
        <div ref={sentinel} style={{ textAlign: 'center', padding: '12px 0 24px' }}>
          {tasks.hasMore ? (
            <Button block size="large" onClick={tasks.more} loading={tasks.loading} data-testid="more">
              {t('mobile.myGrid.more', { shown: tasks.items.length, total: tasks.total })}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t('mobile.myGrid.end', { total: tasks.total })}</Typography.Text>
          )}
        </div>
      )}
    </div>
  );
}
