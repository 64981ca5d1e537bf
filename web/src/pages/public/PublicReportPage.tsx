/**
 * 随手拍: a citizen reports without an account (the public endpoints), then gets the tracking
 * code and link to follow it — shown large, copyable, and kept on this device ("my reports").
 * The idempotency key is made once per report, so pressing submit again after a lost answer
 * does not report twice.
 */
import { useMemo, useRef, useState } from 'react';
import { Button, Card, List, Result, Typography } from 'antd';
import { Link } from 'react-router';
import { useApi } from '../../api/use-api';
import { useT } from '../../i18n';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ReportForm } from '../mobile/ReportForm';
import { newKey } from '../mobile/offline-queue';
import { categoryOptions, reportApi, type PublicReportResult } from '../mobile/report-api';
import { chinaTime } from '../events/desk-format';
import { myReports, saveMyReport } from './my-reports';

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
  const options = useMemo(() => categoryOptions(categories.data?.items ?? [], t.locale), [categories.data, t.locale]);
  const key = useRef(newKey());
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<PublicReportResult | null>(null);
  const [mine] = useState(myReports);

  if (done) {
    const link = `${globalThis.location?.origin ?? ''}${done.trackingUrl}`;
    return (
      <PublicFrame title={t('public.report.title')}>
        <Result
          status="success"
          title={t('public.report.done', { serialNo: done.serialNo })}
          subTitle={t('public.report.keepToken')}
          extra={[
            <Typography.Paragraph key="token" copyable={{ text: done.trackingToken }} style={{ fontSize: 18 }} data-testid="token">
              <Typography.Text code>{done.trackingToken}</Typography.Text>
            </Typography.Paragraph>,
            <Typography.Paragraph key="link" copyable={{ text: link }}>
              <Link to={done.trackingUrl}>{link}</Link>
            </Typography.Paragraph>,
            <Button
              key="again"
              onClick={() => {
                key.current = newKey();
                setDone(null);
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
      <ReportForm
        publicForm
        categories={options}
        submitting={submitting}
        onSubmit={async ({ body, photo }) => {
          setSubmitting(true);
          setError(null);
          try {
            const { riskLevel: _risk, title: _title, ...rest } = body;
            void _risk;
            void _title;
            const attachmentIds = photo ? [await reportApi.publicUpload(photo, photo.name)] : undefined;
            const result = await reportApi.publicReport({ ...rest, ...(attachmentIds ? { attachmentIds } : {}), idempotencyKey: key.current });
            saveMyReport({ serialNo: result.serialNo, token: result.trackingToken, at: new Date().toISOString() });
            setDone(result);
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
