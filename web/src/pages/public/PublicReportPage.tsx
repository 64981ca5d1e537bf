/**
 * 随手拍: a citizen reports without an account (the public endpoints), then gets the tracking
 * code and link to follow it — shown large, copyable, and kept on this device ("my reports").
 * A report goes through the device's queue (the worker's, generalised: IndexedDB store
 * `public-reports`): one idempotency key per report, the photo uploaded once, sent at once or —
 * without a connection — when the browser is online again, every 30 s or by hand, never twice.
 * A report sent later still gets its tracking code kept on the device and shown here.
 * Without a GPS fix the citizen chooses the town or village (PlaceCascader) and gives the address;
 * the report then carries that place's code (jurisdictionCode), queued with it like the rest.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, List, Result, Typography } from 'antd';
import { Link } from 'react-router';
import { useApi } from '../../hooks/use-api';
import { useT } from '../../i18n';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ReportForm } from '../../features/report/ReportForm';
import { deviceStore, OfflineQueue } from '../../features/report/offline-queue';
import {
  categoryTree,
  publicSender,
  reportApi,
  type PublicQueuedBody,
  type PublicReportResult,
} from '../../features/report/report-api';
import { enqueueAndSend, QueueList, useQueueSending } from '../../features/report/QueueList';
import { PlaceCascader } from './PlaceCascader';
import { chinaTime } from '../../lib/time';
import { myReports, saveMyReport, type MyReport } from './my-reports';

let shared: OfflineQueue<PublicQueuedBody, PublicReportResult> | null = null;
/** The citizen's queue on this device (one per page load); every delivered report's tracking code is kept. */
export function publicQueue(): OfflineQueue<PublicQueuedBody, PublicReportResult> {
  if (!shared) {
    shared = new OfflineQueue(deviceStore('public-reports'), publicSender);
    shared.onSent((item, result) =>
      saveMyReport({ serialNo: result.serialNo, token: result.trackingToken, at: item.createdAt }),
    );
  }
  return shared;
}

/** For tests: a fresh queue on the next publicQueue(). */
export function resetPublicQueue(): void {
  shared = null;
}

export function PublicFrame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div style={{ maxWidth: 560, margin: '0 auto', padding: 16 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        <LanguageSwitch />
      </div>
      {children}
    </div>
  );
}

export default function PublicReportPage() {
  const t = useT();
  const categories = useApi((signal) => reportApi.publicCategories(signal), []);
  const options = useMemo(() => categoryTree(categories.data?.items ?? [], t.locale), [categories.data, t.locale]);
  const queue = useMemo(() => publicQueue(), []);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<PublicReportResult | null>(null);
  const [queued, setQueued] = useState(false);
  /** Reports queued earlier and delivered while this page is open: their codes, shown once. */
  const [later, setLater] = useState<MyReport[]>([]);
  const [mine, setMine] = useState(myReports);
  useQueueSending(queue);
  useEffect(
    () =>
      queue.onSent((_item, result) => {
        const report = { serialNo: result.serialNo, token: result.trackingToken, at: new Date().toISOString() };
        setMine(myReports());
        setLater((list) => [report, ...list.filter((r) => r.token !== report.token)]);
      }),
    [queue],
  );

  if (done) {
    const link = `${globalThis.location?.origin ?? ''}${done.trackingUrl}`;
    return (
      <PublicFrame title={t('public.report.title')}>
        <Result
          status="success"
          title={t('public.report.done', { serialNo: done.serialNo })}
          subTitle={t('public.report.keepToken')}
          extra={[
            <Typography.Paragraph
              key="token"
              copyable={{ text: done.trackingToken }}
              style={{ fontSize: 18 }}
              data-testid="token"
            >
              <Typography.Text code>{done.trackingToken}</Typography.Text>
            </Typography.Paragraph>,
            <Typography.Paragraph key="link" copyable={{ text: link }}>
              <Link to={done.trackingUrl}>{link}</Link>
            </Typography.Paragraph>,
            <Button
              key="again"
              onClick={() => {
                setDone(null);
                setLater((list) => list.filter((r) => r.token !== done.trackingToken));
              }}
            >
              {t('public.report.again')}
            </Button>,
          ]}
        />
      </PublicFrame>
    );
  }

  return (
    <PublicFrame title={t('public.report.title')}>
      <Typography.Paragraph type="secondary">{t('public.report.intro')}</Typography.Paragraph>
      <ApiErrorAlert error={categories.error} onRetry={categories.reload} />
      <ApiErrorAlert error={error} />
      {queued && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setQueued(false)}
          title={t('public.report.queued')}
          style={{ marginBottom: 16 }}
        />
      )}
      {later.length > 0 && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setLater([])}
          style={{ marginBottom: 16 }}
          data-testid="sent-later"
          title={t('public.report.sentLater', { count: later.length })}
          description={later.map((r) => (
            <div key={r.token}>
              <Link to={`/track/${r.token}`}>{r.serialNo}</Link>{' '}
              <Typography.Text code copyable={{ text: r.token }}>
                {r.token}
              </Typography.Text>
            </div>
          ))}
        />
      )}
      <QueueList queue={queue} />
      <ReportForm
        publicForm
        categories={options}
        submitting={submitting}
        placePicker={PlaceCascader}
        onSubmit={async ({ body, photo }) => {
          setSubmitting(true);
          setError(null);
          try {
            const { riskLevel: _risk, title: _title, ...rest } = body;
            void _risk;
            void _title;
            const answers = new Map<string, PublicReportResult>();
            const off = queue.onSent((item, result) => void answers.set(item.key, result));
            try {
              const { key, sent } = await enqueueAndSend<PublicQueuedBody, PublicReportResult>(queue, rest, photo);
              const result = answers.get(key);
              if (sent && result) {
                setLater((list) => list.filter((r) => r.token !== result.trackingToken));
                setDone(result);
              } else {
                const stored = (await queue.items()).find((i) => i.key === key);
                if (stored?.state === 'failed') {
                  // refused (not a network failure): take it back and keep the form filled for a correction
                  await queue.remove(key);
                  throw new Error(stored.error ?? '');
                }
                setQueued(true);
              }
            } finally {
              off();
            }
          } catch (e) {
            setError(e);
            throw e;
          } finally {
            setSubmitting(false);
          }
        }}
      />
      {mine.length > 0 && (
        <Card size="small" title={t('public.report.mine')}>
          <List
            dataSource={mine}
            rowKey="token"
            renderItem={(r) => (
              <List.Item>
                <Link to={`/track/${r.token}`}>{r.serialNo}</Link>
                <Typography.Text type="secondary">{chinaTime(r.at)}</Typography.Text>
              </List.Item>
            )}
          />
        </Card>
      )}
    </PublicFrame>
  );
}
