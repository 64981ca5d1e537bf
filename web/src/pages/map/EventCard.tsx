/** The card of a clicked point: what the point carries, the traffic light from GET /api/events/:id, a link to the detail page. */
import { Button, Card, Descriptions, Spin, Tag } from 'antd';
import { Link } from 'react-router';
import { useApi } from '../../hooks/use-api';
import { useT } from '../../i18n';
import { chinaTime } from '../../lib/time';
import { mapApi, type EventPointProperties } from './map-api';
import { RISK_COLOURS, UNKNOWN_RISK_COLOUR, type RiskLevel } from './map-spec';

const LIGHT_COLOURS: Record<string, string> = { green: 'success', yellow: 'warning', red: 'error' };

export function EventCard({ point, onClose }: { point: EventPointProperties; onClose(): void }) {
  const t = useT();
  const detail = useApi((signal) => mapApi.event(point.id, signal), [point.id]);
  const light = detail.data?.event.light;
  return (
    <Card
      size="small"
      style={{ width: 300 }}
      title={point.title}
      extra={
        <Button type="text" size="small" onClick={onClose} aria-label={t('common.close')}>
          ×
        </Button>
      }
      actions={[
        <Link key="detail" to={`/events/${point.id}`}>
          {t('map.card.detail')}
        </Link>,
      ]}
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('map.card.serial')}>{point.serialNo}</Descriptions.Item>
        <Descriptions.Item label={t('map.card.type')}>
          {t.dynamic(`eventType.${point.eventType}`, point.eventType)}
        </Descriptions.Item>
        <Descriptions.Item label={t('map.card.status')}>
          {t.dynamic(`status.${point.status}`, point.status)}
        </Descriptions.Item>
        <Descriptions.Item label={t('map.card.risk')}>
          <Tag color={RISK_COLOURS[point.riskLevel as RiskLevel] ?? UNKNOWN_RISK_COLOUR}>
            {t.dynamic(`risk.${point.riskLevel}`, point.riskLevel)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('map.card.light')}>
          {detail.loading && !detail.data ? (
            <Spin size="small" />
          ) : light ? (
            <Tag color={LIGHT_COLOURS[light]}>{t.dynamic(`light.${light}`, light)}</Tag>
          ) : (
            t('common.noValue')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('map.card.reportedAt')}>{chinaTime(point.reportedAt)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
