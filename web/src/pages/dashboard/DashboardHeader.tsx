/**
 * The dashboard's heading: the place and the span the figures cover, the period picker, the live
 * connection's state (with when the figures were last updated) and the refresh button.
 */
import { Badge, Button, Flex, Space, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { Period } from '../../api/period';
import type { LiveStatus } from '../../api/live';
import type { KpiReport } from '../../api/types';
import { useT, type MessageKey } from '../../i18n';
import { PeriodPicker } from './PeriodPicker';

const LIVE_BADGE: Record<LiveStatus, { status: 'success' | 'processing' | 'default'; text: MessageKey }> = {
  open: { status: 'success', text: 'live.open' },
  connecting: { status: 'processing', text: 'live.connecting' },
  closed: { status: 'default', text: 'live.closed' },
};

export function DashboardHeader({
  report,
  fallbackName,
  period,
  onPeriodChange,
  live,
  updatedAt,
  onRefresh,
}: {
  /** The headline figures, once loaded: their place and span head the page. */
  report: KpiReport | undefined;
  /** The place's name until the figures arrive (the user's jurisdiction). */
  fallbackName: string;
  period: Period;
  onPeriodChange(period: Period): void;
  live: LiveStatus;
  /** When the figures were last received (China time), for the live badge's tooltip. */
  updatedAt: string | null;
  onRefresh(): void;
}) {
  const t = useT();
  return (
    <Flex justify="space-between" align="center" wrap gap={12}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('dashboard.title')} · {report?.scope.name ?? fallbackName}
        </Typography.Title>
        <Typography.Text type="secondary">
          {report ? t('dashboard.span', { from: report.span.from, to: report.span.to }) : '\u00a0'}
        </Typography.Text>
      </div>
      <Space wrap>
        <PeriodPicker value={period} onChange={onPeriodChange} />
        <Tooltip title={updatedAt ? t('dashboard.updatedAt', { time: updatedAt }) : undefined}>
          <Badge status={LIVE_BADGE[live].status} text={t(LIVE_BADGE[live].text)} />
        </Tooltip>
        <Button icon={<ReloadOutlined />} onClick={onRefresh} aria-label={t('common.refresh')} />
      </Space>
    </Flex>
  );
}
