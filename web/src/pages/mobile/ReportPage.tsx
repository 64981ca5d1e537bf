/**
 * 上报事件 (phone first): the report form, and the device's queue of reports not yet sent. A
 * report goes to the queue first, then out; without a connection it waits and is sent when the
 * browser is online again (and every 30 s), always with its one idempotency key.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useApi } from '../../api/use-api';
import { useT } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { indexedDbStore, memoryStore, OfflineQueue, type QueuedReport } from './offline-queue';
import { categoryOptions, reportApi, staffSender } from './report-api';
import { ReportForm } from './ReportForm';
import { chinaTime } from '../events/desk-format';

const RETRY_MS = 30_000;

let shared: OfflineQueue | null = null;
/** The device's queue (one per page load). */
export function deviceQueue(): OfflineQueue {
  shared ??= new OfflineQueue(typeof indexedDB === 'undefined' ? memoryStore() : indexedDbStore(), staffSender);
  return shared;
}

const STATE_COLOURS: Record<string, string> = { waiting: 'default', sending: 'processing', failed: 'error' };

export function QueueList({ queue }: { queue: OfflineQueue }) {
  const t = useT();
  const [items, setItems] = useState<QueuedReport[]>([]);
  useEffect(() => {
    const off = queue.subscribe(setItems);
    void queue.items().then(setItems).catch(() => undefined);
    return off;
  }, [queue]);
  if (items.length === 0) return null;
  return (
    <Card
      size="small"
      title={<Badge count={items.length} offset={[12, 0]}>{t('mobile.queue.title', { count: items.length })}</Badge>}
      extra={<Button onClick={() => void queue.flush(true)}>{t('mobile.queue.sendNow')}</Button>}
      style={{ marginBottom: 16 }}
      data-testid="queue"
    >
      <List
        dataSource={items}
        rowKey="key"
        renderItem={(item) => (
          <List.Item
            actions={
              item.state === 'failed'
                ? [
                    <Button key="drop" size="small" danger onClick={() => void queue.remove(item.key)}>
                      {t('mobile.queue.drop')}
                    </Button>,
                  ]
                : []
            }
          >
            <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
              <Space>
                <Tag color={STATE_COLOURS[item.state]}>{t(`mobile.queue.state.${item.state}`)}</Tag>
                <Typography.Text type="secondary">{chinaTime(item.createdAt)}</Typography.Text>
              </Space>
              <Typography.Text ellipsis>{item.body.description}</Typography.Text>
              {item.error && <Typography.Text type="danger">{item.error}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

export default function ReportPage() {
  const t = useT();
  const [notice, setNotice] = useState<'sent' | 'queued' | null>(null);
  const queue = useMemo(() => deviceQueue(), []);
  const categories = useApi((signal) => reportApi.categories(signal), []);
  const options = useMemo(() => categoryOptions(categories.data?.items ?? [], t.locale), [categories.data, t.locale]);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    const send = () => void queue.flush();
    send();
    window.addEventListener('online', send);
    const timer = setInterval(send, RETRY_MS);
    return () => {
      window.removeEventListener('online', send);
      clearInterval(timer);
    };
  }, [queue]);

  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }}>
      <Typography.Title level={4}>{t('mobile.report.title')}</Typography.Title>
      {notice && (
        <Alert
          type={notice === 'sent' ? 'success' : 'warning'}
          showIcon
          closable
          onClose={() => setNotice(null)}
          title={t(notice === 'sent' ? 'mobile.report.sent' : 'mobile.report.queued')}
          style={{ marginBottom: 16 }}
        />
      )}
      <QueueList queue={queue} />
      <ApiErrorAlert error={categories.error} onRetry={categories.reload} />
      <ReportForm
        categories={options}
        submitting={submitting}
        onSubmit={async ({ body, photo }) => {
          setSubmitting(true);
          try {
            const item = await queue.enqueue(body, photo, photo?.name ?? null);
            let result = await queue.flush();
            // a flush already running (the timer's) did not see this report: flush again
            if (!result.sent.includes(item.key) && !result.kept.includes(item.key)) result = await queue.flush();
            setNotice(result.sent.includes(item.key) ? 'sent' : 'queued');
          } finally {
            setSubmitting(false);
          }
        }}
      />
    </div>
  );
}
