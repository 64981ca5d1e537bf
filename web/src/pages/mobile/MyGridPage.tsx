/**
 * 我的网格 (phone first): the grid worker's open tasks — assigned to them or in their grid — as big
 * rows with the traffic light; a tap opens the event. Refreshed live.
 */
import { List, Space, Tag, Typography, Button } from 'antd';
import { Link } from 'react-router';
import { FormOutlined, ReloadOutlined } from '@ant-design/icons';
import { useApi } from '../../api/use-api';
import { useLiveEvents } from '../../api/live';
import { useT } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useThrottledRefresh } from '../dashboard/use-throttled-refresh';
import { chinaTime, LightDot, RISK_COLOURS } from '../events/desk-format';
import { reportApi } from './report-api';

export default function MyGridPage() {
  const t = useT();
  const refresh = useThrottledRefresh(3000);
  useLiveEvents(() => refresh.trigger());
  const { data, error, loading, reload } = useApi((signal) => reportApi.myOpenEvents(signal), [refresh.key]);

  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('mobile.myGrid.title', { count: data?.total ?? 0 })}
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
      <ApiErrorAlert error={error} onRetry={reload} />
      <List
        loading={loading && !data}
        dataSource={data?.items ?? []}
        rowKey="id"
        locale={{ emptyText: t('mobile.myGrid.empty') }}
        renderItem={(e) => (
          <List.Item style={{ padding: 0 }}>
            <Link to={`/events/${e.id}`} style={{ display: 'block', width: '100%', padding: '14px 8px', minHeight: 64, color: 'inherit' }} data-testid="task">
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
    </div>
  );
}
