/**
 * 综合态势 — the command centre's dashboard for the user's own jurisdiction (a county, a town, or
 * a village for village cadres): headline figures with 环比/同比, traffic lights, the trend, the
 * distribution over the places below (bars, and a map coloured by the KPI the ranking uses), a
 * ranking by the KPI the user picks, and every number drilling down to its events. Live: changes in the user's scope (GET /api/live) refresh the
 * figures, at most every two seconds.
 */
import { useMemo, useState } from 'react';
import { Badge, Button, Card, Col, Flex, Row, Segmented, Select, Space, Statistic, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useUser } from '../../app/auth';
import { analyticsApi } from '../../api/analytics';
import { DEFAULT_PERIOD, spanDays, type Period } from '../../api/period';
import type { BreakdownGroupBy, JurisdictionLevel, RankingLevel } from '../../api/types';
import { useApi } from '../../hooks/use-api';
import { useLiveEvents, type LiveStatus } from '../../api/live';
import { KPI_DEFINITIONS, higherIsBetter } from '../../domain';
import { useT, type MessageKey } from '../../i18n';
import { chinaClock } from '../../lib/time';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { KpiCard } from './KpiCard';
import { PeriodPicker } from './PeriodPicker';
import { RankingTable } from './RankingTable';
import { TrendChart } from './TrendChart';
import { DistributionChart } from './DistributionChart';
import { DrilldownModal, type DrillTarget } from './DrilldownModal';
import { AreaMapCard } from './AreaMapCard';
import type { AreaLevel } from './choropleth';
import { groupingFor, type TimeGrouping } from './time-buckets';
import { useThrottledRefresh } from '../../hooks/use-throttled-refresh';

/** The headline cards, in order. */
export const HEADLINE_KPIS = [
  'entered',
  'dispatched',
  'handled',
  'resolved',
  'overdue',
  'resolutionRate',
  'satisfactionRate',
] as const;
const LIGHT_KPIS = ['openRed', 'openYellow', 'open'] as const;
const TREND_KPIS = ['entered', 'resolved', 'resolutionRate'];
const DISTRIBUTION_KPIS = ['entered', 'resolved'];
const LIVE_REFRESH_MS = 2000;

const PRESET_DAYS: Record<string, number> = {
  today: 1,
  yesterday: 1,
  this_week: 7,
  last_week: 7,
  this_month: 31,
  last_month: 31,
  this_quarter: 92,
  this_year: 366,
};

/** What lies one level down, for the distribution and the rankings. */
const CHILD_LEVEL: Record<JurisdictionLevel, BreakdownGroupBy | null> = {
  county: 'town',
  town: 'village',
  village: 'grid',
  grid: null,
};
const RANKING_LEVELS: Record<JurisdictionLevel, RankingLevel[]> = {
  county: ['town', 'village'],
  town: ['village'],
  village: [],
  grid: [],
};

const LIVE_BADGE: Record<LiveStatus, { status: 'success' | 'processing' | 'default'; text: MessageKey }> = {
  open: { status: 'success', text: 'live.open' },
  connecting: { status: 'processing', text: 'live.connecting' },
  closed: { status: 'default', text: 'live.closed' },
};

export default function DashboardPage() {
  const t = useT();
  const user = useUser();
  const [period, setPeriod] = useState<Period>(DEFAULT_PERIOD);
  const refresh = useThrottledRefresh(LIVE_REFRESH_MS);
  const live = useLiveEvents(refresh.trigger);
  const [drill, setDrill] = useState<DrillTarget | null>(null);

  const childLevel = CHILD_LEVEL[user.jurisdictionLevel];
  const rankingLevels = RANKING_LEVELS[user.jurisdictionLevel];
  const [rankingLevel, setRankingLevel] = useState<RankingLevel | undefined>(rankingLevels[0]);
  const [rankingKpi, setRankingKpi] = useState('resolutionRate');
  const autoGrouping = groupingFor('preset' in period ? PRESET_DAYS[period.preset] : spanDays(period.from, period.to));
  const [chosenGrouping, setGrouping] = useState<TimeGrouping | null>(null);
  const grouping = chosenGrouping ?? autoGrouping;

  const kpis = useApi(
    (signal) => analyticsApi.kpis(period, [...HEADLINE_KPIS, ...LIGHT_KPIS], signal),
    [period, refresh.key],
  );
  const trend = useApi(
    (signal) => analyticsApi.breakdown(period, grouping, TREND_KPIS, signal),
    [period, grouping, refresh.key],
  );
  const distribution = useApi(
    (signal) =>
      childLevel ? analyticsApi.breakdown(period, childLevel, DISTRIBUTION_KPIS, signal) : Promise.resolve(undefined),
    [period, childLevel, refresh.key],
  );
  const ranking = useApi(
    (signal) =>
      rankingLevel ? analyticsApi.rankings(period, rankingLevel, rankingKpi, signal) : Promise.resolve(undefined),
    [period, rankingLevel, rankingKpi, refresh.key],
  );

  const kpiName = (key: string) => t.dynamic(`kpi.${key}`, key);
  const drillKpi = (kpi: string) => setDrill({ kpi, label: kpiName(kpi) });
  const report = kpis.data;
  const updatedAt = useMemo(() => (report ? chinaClock(new Date()) : null), [report]);
  const rankingOptions = useMemo(() => KPI_DEFINITIONS.map((d) => ({ value: d.key, label: kpiName(d.key) })), [t]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('dashboard.title')} · {report?.scope.name ?? user.jurisdictionName}
          </Typography.Title>
          <Typography.Text type="secondary">
            {report ? t('dashboard.span', { from: report.span.from, to: report.span.to }) : '\u00a0'}
          </Typography.Text>
        </div>
        <Space wrap>
          <PeriodPicker value={period} onChange={setPeriod} />
          <Tooltip title={updatedAt ? t('dashboard.updatedAt', { time: updatedAt }) : undefined}>
            <Badge status={LIVE_BADGE[live].status} text={t(LIVE_BADGE[live].text)} />
          </Tooltip>
          <Button icon={<ReloadOutlined />} onClick={refresh.now} aria-label={t('common.refresh')} />
        </Space>
      </Flex>

      <ApiErrorAlert error={kpis.error} onRetry={kpis.reload} />

      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 12 }}>
        {HEADLINE_KPIS.map((key) => (
          <KpiCard
            key={key}
            label={kpiName(key)}
            kpi={report?.kpis[key]}
            higherIsBetter={higherIsBetter(key)}
            loading={kpis.loading}
            onDrill={() => drillKpi(key)}
          />
        ))}
      </div>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card
            size="small"
            title={t('dashboard.trend.title')}
            extra={
              <Segmented<TimeGrouping>
                size="small"
                value={grouping}
                onChange={setGrouping}
                options={(['day', 'week', 'month'] as const).map((g) => ({
                  value: g,
                  label: t(`dashboard.trend.${g}`),
                }))}
              />
            }
          >
            <ApiErrorAlert error={trend.error} onRetry={trend.reload} />
            <TrendChart breakdown={trend.data} grouping={grouping} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('dashboard.lights.title')} style={{ height: '100%' }}>
            <Row gutter={[8, 16]}>
              {LIGHT_KPIS.map((key) => (
                <Col span={key === 'open' ? 24 : 12} key={key}>
                  <div
                    role="button"
                    tabIndex={0}
                    title={t('kpi.drillHint')}
                    onClick={() => drillKpi(key)}
                    onKeyDown={(e) => e.key === 'Enter' && drillKpi(key)}
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
                      loading={kpis.loading && !report}
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
        </Col>
      </Row>

      {(childLevel || rankingLevel) && (
        <Row gutter={[16, 16]}>
          {childLevel && (
            <Col xs={24} xl={rankingLevel ? 14 : 24}>
              <Card size="small" title={t(`dashboard.distribution.${childLevel as 'town' | 'village' | 'grid'}`)}>
                <ApiErrorAlert error={distribution.error} onRetry={distribution.reload} />
                <DistributionChart
                  breakdown={distribution.data}
                  onSelect={(row, kpi) =>
                    setDrill({ kpi, label: `${kpiName(kpi)} · ${row.name}`, groupBy: childLevel, group: row.key })
                  }
                />
              </Card>
            </Col>
          )}
          {rankingLevel && (
            <Col xs={24} xl={childLevel ? 10 : 24}>
              <Card
                size="small"
                title={
                  rankingLevels.length > 1 ? (
                    <Segmented<RankingLevel>
                      size="small"
                      value={rankingLevel}
                      onChange={setRankingLevel}
                      options={rankingLevels.map((l) => ({
                        value: l,
                        label: t(`dashboard.ranking.${l as 'town' | 'village'}`),
                      }))}
                    />
                  ) : (
                    t(`dashboard.ranking.${rankingLevel as 'town' | 'village'}`)
                  )
                }
                extra={
                  <Select
                    size="small"
                    showSearch={{ optionFilterProp: 'label' }}
                    aria-label={t('dashboard.ranking.kpi')}
                    value={rankingKpi}
                    onChange={setRankingKpi}
                    options={rankingOptions}
                    style={{ width: 150 }}
                  />
                }
              >
                <ApiErrorAlert error={ranking.error} onRetry={ranking.reload} />
                <RankingTable
                  ranking={ranking.data}
                  loading={ranking.loading}
                  onSelect={(row) =>
                    setDrill({
                      kpi: rankingKpi,
                      label: `${kpiName(rankingKpi)} · ${row.name}`,
                      groupBy: rankingLevel as 'town' | 'village',
                      group: row.key,
                    })
                  }
                />
              </Card>
            </Col>
          )}
        </Row>
      )}

      {childLevel && (
        <AreaMapCard
          period={period}
          level={childLevel as AreaLevel}
          kpi={rankingKpi}
          kpiOptions={rankingOptions}
          onKpiChange={setRankingKpi}
          refreshKey={refresh.key}
          onSelect={(area) =>
            setDrill({
              kpi: rankingKpi,
              label: `${kpiName(rankingKpi)} · ${area.name}`,
              groupBy: childLevel,
              group: area.key,
            })
          }
        />
      )}

      <DrilldownModal period={period} target={drill} onClose={() => setDrill(null)} />
    </Flex>
  );
}
