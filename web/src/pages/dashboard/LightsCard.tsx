/**
 * 红黄灯: the open events under a red and a yellow light, and all open events; each figure drills
 * down to its events (click or Enter).
 */
import { Card, Col, Row, Statistic } from 'antd';
import type { KpiReport } from '../../api/types';
import { useT } from '../../i18n';

/** The card's figures, in order. */
export const LIGHT_KPIS = ['openRed', 'openYellow', 'open'] as const;

export function LightsCard({
  report,
  loading,
  onDrill,
}: {
  report: KpiReport | undefined;
  loading: boolean;
  onDrill(kpi: (typeof LIGHT_KPIS)[number]): void;
}) {
  const t = useT();
  return (
    <Card size="small" title={t('dashboard.lights.title')} style={{ height: '100%' }}>
      <Row gutter={[8, 16]}>
        {LIGHT_KPIS.map((key) => (
          <Col span={key === 'open' ? 24 : 12} key={key}>
            <div
              role="button"
              tabIndex={0}
              title={t('kpi.drillHint')}
              onClick={() => onDrill(key)}
              onKeyDown={(e) => e.key === 'Enter' && onDrill(key)}
              style={{ cursor: 'pointer' }}
            >
              <Statistic
                title={t(
                  key === 'openRed'
                    ? 'dashboard.lights.red'
                    : key === 'openYellow'
                      ? 'dashboard.lights.yellow'
                      : 'dashboard.lights.open',
                )}
                value={report?.kpis[key]?.display ?? t('common.noValue')}
                loading={loading && !report}
                styles={{
                  content: {
                    color: key === 'openRed' ? '#cf1322' : key === 'openYellow' ? '#d48806' : undefined,
                  },
                }}
              />
            </div>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
