/**
 * The device's reports not yet sent (either queue: the worker's or the citizen's): their state,
 * the server's refusal if any, "send now" and, for a refused report, "delete".
 */
import { useEffect, useState } from 'react';
import { Badge, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useT } from '../../i18n';
import { chinaTime } from '../../lib/time';
import type { OfflineQueue, QueuedReport } from './offline-queue';

const STATE_COLOURS: Record<string, string> = { waiting: 'default', sending: 'processing', failed: 'error' };

export function QueueList<B extends { description: string }, R>({ queue }: { queue: OfflineQueue<B, R> }) {
  const t = useT();
  const [items, setItems] = useState<QueuedReport<B>[]>([]);
  useEffect(() => {
    const off = queue.subscribe(setItems);
    void queue
      .items()
      .then(setItems)
      .catch(() => undefined);
    return off;
  }, [queue]);
  if (items.length === 0) return null;
  return (
    <Card
      size="small"
      title={
        <Badge count={items.length} offset={[12, 0]}>
          {t('mobile.queue.title', { count: items.length })}
        </Badge>
      }
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

/** How often waiting reports are tried again while the page is open. */
export const QUEUE_RETRY_MS = 30_000;

/** Sends what is waiting now, when the browser is online again, and every `everyMs`. */
export function useQueueSending(queue: { flush(): Promise<unknown> }, everyMs = QUEUE_RETRY_MS): void {
  useEffect(() => {
    const send = () => void queue.flush().catch(() => undefined);
    send();
    window.addEventListener('online', send);
    const timer = setInterval(send, everyMs);
    return () => {
      window.removeEventListener('online', send);
      clearInterval(timer);
    };
  }, [queue, everyMs]);
}

/** Queues a report and tries to send it at once: `sent` false when it waits on the device. */
export async function enqueueAndSend<B, R>(
  queue: OfflineQueue<B, R>,
  body: B,
  photo: File | null,
): Promise<{ key: string; sent: boolean }> {
  const item = await queue.enqueue(body, photo, photo?.name ?? null);
  let result = await queue.flush();
  // a flush already running (the timer's) did not see this report: flush again
  if (!result.sent.includes(item.key) && !result.kept.includes(item.key)) result = await queue.flush();
  return { key: item.key, sent: result.sent.includes(item.key) };
}
