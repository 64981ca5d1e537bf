/**
 * The citizen's tracking page (/track/:token): the report's status and its steps, and — when the
 * server says rating is open — the rating form (满意 / 基本满意 / 不满意 + comment), once.
 */
import { useState } from 'react';
import { Button, Card, Descriptions, Form, Input, Radio, Tag, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useApi } from '../../hooks/use-api';
import { useT } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageSpinner } from '../../components/PageSpinner';
import { chinaTime } from '../../lib/time';
import { STATUS_KIND_COLOURS } from '../../components/event-marks';
import { publicApi, type RatingState } from './public-api';
import { PublicFrame } from './PublicReportPage';

const LEVELS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;

function RatingForm({ token, state, onRated }: { token: string; state: RatingState; onRated(): void }) {
  const t = useT();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  if (state.rating || done) {
    const value = state.rating?.satisfaction;
    return (
      <Card size="small" title={t('public.track.rating')} data-testid="rated">
        {t('public.track.rated', {
          value: value ? t.dynamic(`public.satisfaction.${value}`, state.rating?.satisfactionName ?? value) : '',
        })}
      </Card>
    );
  }
  if (!state.canRate) return null;
  return (
    <Card size="small" title={t('public.track.rating')} data-testid="rating-form">
      <ApiErrorAlert error={error} />
      <Form
        layout="vertical"
        onFinish={async (values: { satisfaction: string; comment?: string }) => {
          setSending(true);
          setError(null);
          try {
            await publicApi.rate(token, {
              satisfaction: values.satisfaction,
              ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}),
            });
            setDone(true);
            onRated();
          } catch (e) {
            setError(e);
          } finally {
            setSending(false);
          }
        }}
      >
        <Form.Item name="satisfaction" rules={[{ required: true, message: t('public.track.ratingRequired') }]}>
          <Radio.Group optionType="button" buttonStyle="solid" size="large">
            {LEVELS.map((l) => (
              <Radio.Button key={l} value={l}>
                {t(`public.satisfaction.${l}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="comment" label={t('public.track.comment')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={sending}>
          {t('public.track.submitRating')}
        </Button>
      </Form>
    </Card>
  );
}

export default function TrackPage() {
  const t = useT();
  const { token = '' } = useParams();
  const report = useApi((signal) => publicApi.track(token, signal), [token]);
  const rating = useApi((signal) => publicApi.rating(token, signal).catch(() => null), [token]);

  let body;
  if (report.error) {
    body = <ApiErrorAlert error={report.error} onRetry={report.reload} />;
  } else if (!report.data) {
    body = <PageSpinner />;
  } else {
    const r = report.data;
    body = (
      <>
        <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('public.track.serialNo')}>{r.serialNo}</Descriptions.Item>
          <Descriptions.Item label={t('public.track.subject')}>{r.title}</Descriptions.Item>
          <Descriptions.Item label={t('public.track.status')}>
            <Tag color={STATUS_KIND_COLOURS[r.statusKind]} data-testid="status">
              {t.dynamic(`status.${r.status}`, r.statusName)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('public.track.reportedAt')}>{chinaTime(r.reportedAt)}</Descriptions.Item>
        </Descriptions>
        <Typography.Title level={5}>{t('public.track.steps')}</Typography.Title>
        <Timeline
          data-testid="steps"
          items={r.steps.map((s) => ({
            content: `${chinaTime(s.at)}  ${t.dynamic(`status.${s.status}`, s.statusName)}`,
          }))}
        />
        {rating.data && (
          <RatingForm
            token={token}
            state={rating.data}
            onRated={() => {
              report.reload();
              rating.reload();
            }}
          />
        )}
      </>
    );
  }
  return (
    <PublicFrame title={t('public.track.title')}>
      {body}
      <div style={{ textAlign: 'center', marginTop: 24 }}>
        <Link to="/public/report">{t('public.track.newReport')}</Link>
      </div>
    </PublicFrame>
  );
}
