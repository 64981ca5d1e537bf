/**
 * 上报事件 (phone first): the report form, and the device's queue of reports not yet sent. A
 * report goes to the queue first, then out; without a connection it waits and is sent when the
 * browser is online again (and every 30 s), always with its one idempotency key.
 */
import { useCallback, useMemo, useState } from 'react';
import { Alert, Typography } from 'antd';
import type { FeatureCollection } from 'geojson';
import { api } from '../../api/client';
import { useApi } from '../../hooks/use-api';
import { useUser } from '../../app/auth';
import { useT } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { deviceStore, OfflineQueue } from '../../features/report/offline-queue';
import { categoryTree, reportApi, staffSender } from '../../features/report/report-api';
import { ReportForm } from '../../features/report/ReportForm';
import { enqueueAndSend, QueueList, useQueueSending } from '../../features/report/QueueList';
import type { NamedArea } from '../../features/report/location';
import type { PickerBasemap } from '../../features/report/PointPicker';

let shared: OfflineQueue | null = null;
/** The device's queue (one per page load). */
export function deviceQueue(): OfflineQueue {
  shared ??= new OfflineQueue(deviceStore('reports'), staffSender);
  return shared;
}

export default function ReportPage() {
  const t = useT();
  const [notice, setNotice] = useState<'sent' | 'queued' | null>(null);
  const user = useUser();
  const queue = useMemo(() => deviceQueue(), []);
  const categories = useApi((signal) => reportApi.categories(signal), []);
  const options = useMemo(() => categoryTree(categories.data?.items ?? [], t.locale), [categories.data, t.locale]);
  const [submitting, setSubmitting] = useState(false);
  useQueueSending(queue);

  // no GPS: the report names the worker's own area (a grid worker's grid), dispatched to its people
  const area = useMemo<NamedArea>(
    () => ({ code: user.jurisdictionCode, name: user.jurisdictionName, level: user.jurisdictionLevel }),
    [user.jurisdictionCode, user.jurisdictionName, user.jurisdictionLevel],
  );
  // or a point tapped on a small map of their grids (villages above village level); citizens see no outlines
  const loadMap = useCallback(async () => {
    const [config, outlines] = await Promise.all([
      api.get<{ basemap: PickerBasemap | null }>('/api/config/map').catch(() => ({ basemap: null })),
      user.role === 'citizen'
        ? Promise.resolve(null)
        : api.get<FeatureCollection>('/api/geo/boundaries', {
            level: user.jurisdictionLevel === 'grid' || user.jurisdictionLevel === 'village' ? 'grid' : 'village',
            within: user.jurisdictionCode,
          }),
    ]);
    return { basemap: config.basemap, outlines };
  }, [user.role, user.jurisdictionLevel, user.jurisdictionCode]);

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
        area={area}
        loadMap={loadMap}
        onSubmit={async ({ body, photo }) => {
          setSubmitting(true);
          try {
            setNotice((await enqueueAndSend(queue, body, photo)).sent ? 'sent' : 'queued');
          } finally {
            setSubmitting(false);
          }
        }}
      />
    </div>
  );
}
