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
import { ReportForm, type ReportSubmission } from '../../features/report/ReportForm';
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

/**
 * Sending a report through the device's queue, and what the page shows of it: `done` (sent now: its
 * tracking code), `queued` (kept for later), `later` (reports queued earlier and delivered while the
 * page is open: their codes, shown once), `mine` (every code kept on this device) and `error`.
 */
function usePublicReports(queue: OfflineQueue<PublicQueuedBody, PublicReportResult>) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<PublicReportResult | null>(null);
  const [queued, setQueued] = useState(false);
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
  const forgetLater = (token: string) => setLater((list) => list.filter((r) => r.token !== token));

  /** Sends at once if it can, else keeps it queued; a refusal is taken back out of the queue and rethrown (the form stays filled). */
  const submit = async ({ body, photo }: ReportSubmission) => {
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
          forgetLater(result.trackingToken);
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
  };

  /** Back to the form after a report was sent: its code is no longer news. */
  const another = () => {
    if (!done) return;
    setDone(null);
    forgetLater(done.trackingToken);
  };

  return {
    submit,
    submitting,
    error,
    done,
    another,
    queued,
    dismissQueued: () => setQueued(false),
    later,
    dismissLater: () => setLater([]),
    mine,
  };
}

/** A report just sent: its tracking code (large, copyable) and link, and a button for another report. */
function ReportSent({ result, onAgain }: { result: PublicReportResult; onAgain(): void }) {
  const t = useT();
  const link = `${globalThis.location?.origin ?? ''}${result.trackingUrl}`;
  return (
    <PublicFrame title={t('public.report.title')}>
      <Result
        status="success"
        title={t('public.report.done', { serialNo: result.serialNo })}
        subTitle={t('public.report.keepToken')}
        extra={[
          <Typography.Paragraph
            key="token"
            copyable={{ text: result.trackingToken }}
            style={{ fontSize: 18 }}
            data-testid="token"
          >
            <Typography.Text code>{result.trackingToken}</Typography.Text>
          </Typography.Paragraph>,
          <Typography.Paragraph key="link" copyable={{ text: link }}>
            <Link to={result.trackingUrl}>{link}</Link>
          </Typography.Paragraph>,
          <Button key="again" onClick={onAgain}>
            {t('public.report.again')}
          </Button>,
        ]}
      />
    </PublicFrame>
  );
}

/** Reports queued earlier and delivered while the page is open: their codes and tracking links. */
function SentLaterAlert({ reports, onClose }: { reports: MyReport[]; onClose(): void }) {
  const t = useT();
  return (
    <Alert
      type="success"
      showIcon
      closable
      onClose={onClose}
      style={{ marginBottom: 16 }}
      data-testid="sent-later"
      title={t('public.report.sentLater', { count: reports.length })}
      description={reports.map((r) => (
        <div key={r.token}>
          <Link to={`/track/${r.token}`}>{r.serialNo}</Link>{' '}
          <Typography.Text code copyable={{ text: r.token }}>
            {r.token}
          </Typography.Text>
        </div>
      ))}
    />
  );
}

/** 我的反映: the reports whose tracking codes this device keeps, each linking to its tracking page. */
function MyReportsCard({ reports }: { reports: MyReport[] }) {
  const t = useT();
  return (
    <Card size="small" title={t('public.report.mine')}>
      <List
        dataSource={reports}
        rowKey="token"
        renderItem={(r) => (
          <List.Item>
            <Link to={`/track/${r.token}`}>{r.serialNo}</Link>
            <Typography.Text type="secondary">{chinaTime(r.at)}</Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}

export default function PublicReportPage() {
  const t = useT();
  const categories = useApi((signal) => reportApi.publicCategories(signal), []);
  const options = useMemo(() => categoryTree(categories.data?.items ?? [], t.locale), [categories.data, t.locale]);
  const queue = useMemo(() => publicQueue(), []);
  const reports = usePublicReports(queue);

  if (reports.done) return <ReportSent result={reports.done} onAgain={reports.another} />;

  return (
    <PublicFrame title={t('public.report.title')}>
      <Typography.Paragraph type="secondary">{t('public.report.intro')}</Typography.Paragraph>
      <ApiErrorAlert error={categories.error} onRetry={categories.reload} />
      <ApiErrorAlert error={reports.error} />
      {reports.queued && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={reports.dismissQueued}
          title={t('public.report.queued')}
          style={{ marginBottom: 16 }}
        />
      )}
      {reports.later.length > 0 && <SentLaterAlert reports={reports.later} onClose={reports.dismissLater} />}
      <QueueList queue={queue} />
      <ReportForm
        publicForm
        categories={options}
        submitting={reports.submitting}
        placePicker={PlaceCascader}
        onSubmit={reports.submit}
      />
      {reports.mine.length > 0 && <MyReportsCard reports={reports.mine} />}
    </PublicFrame>
  );
}
