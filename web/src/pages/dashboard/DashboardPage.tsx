/**
 * 综合态势 — the command centre's dashboard for the user's own jurisdiction (a county, a town, or
 * a village for village cadres): headline figures with 环比/同比, traffic lights, the trend, the
 * distribution over the places below (bars, and a map coloured by the KPI the ranking uses), a
 * ranking by the KPI the user picks, and every number drilling down to its events. Live: changes in the user's scope (GET /api/live) refresh the
 * figures, at most every two seconds.
 */
import { useMemo, useState } from 'react';
import { Card, Col, Flex, Row } from 'antd';
import { useUser } from '../../app/auth';
import { analyticsApi } from '../../api/analytics';
import { DEFAULT_PERIOD, spanDays, type Period } from '../../api/period';
import type {
  Breakdown,
  BreakdownGroupBy,
  BreakdownRow,
  JurisdictionLevel,
  KpiReport,
  RankingLevel,
} from '../../api/types';
import { useApi, type ApiState } from '../../hooks/use-api';
import { useLiveEvents } from '../../api/live';
import { KPI_DEFINITIONS, higherIsBetter } from '../../domain';
import { useT } from '../../i18n';
import { chinaClock } from '../../lib/time';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { KpiCard } from './KpiCard';
import { DistributionChart } from './DistributionChart';
import { DrilldownModal, type DrillTarget } from './DrilldownModal';
import { AreaMapCard } from './AreaMapCard';
import type { AreaLevel } from './choropleth';
import { groupingFor, type TimeGrouping } from './time-buckets';
import { useThrottledRefresh } from '../../hooks/use-throttled-refresh';
import { DashboardHeader } from './DashboardHeader';
import { LIGHT_KPIS, LightsCard } from './LightsCard';
import { TrendCard } from './TrendCard';
import { RankingCard } from './RankingCard';

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

/**
 * The dashboard's four loads for a period, each refreshed by `refreshKey`: the headline and light
 * figures, the trend by `grouping`, the distribution over `childLevel` and the ranking of
 * `rankingLevel` by `rankingKpi` (the last two only where there is a level below).
 */
function useDashboardData({
  period,
  grouping,
  childLevel,
  rankingLevel,
  rankingKpi,
  refreshKey,
}: {
  period: Period;
  grouping: TimeGrouping;
  childLevel: BreakdownGroupBy | null;
  rankingLevel: RankingLevel | undefined;
  rankingKpi: string;
  refreshKey: number;
}) {
  const kpis = useApi(
    (signal) => analyticsApi.kpis(period, [...HEADLINE_KPIS, ...LIGHT_KPIS], signal),
    [period, refreshKey],
  );
  const trend = useApi(
    (signal) => analyticsApi.breakdown(period, grouping, TREND_KPIS, signal),
    [period, grouping, refreshKey],
  );
  const distribution = useApi(
    (signal) =>
      childLevel ? analyticsApi.breakdown(period, childLevel, DISTRIBUTION_KPIS, signal) : Promise.resolve(undefined),
    [period, childLevel, refreshKey],
  );
  const ranking = useApi(
    (signal) =>
      rankingLevel ? analyticsApi.rankings(period, rankingLevel, rankingKpi, signal) : Promise.resolve(undefined),
    [period, rankingLevel, rankingKpi, refreshKey],
  );
  return { kpis, trend, distribution, ranking };
}

/** The headline figures as cards, each with 环比/同比 and drilling down to its events. */
function HeadlineKpis({
  report,
  loading,
  onDrill,
}: {
  report: KpiReport | undefined;
  loading: boolean;
  onDrill(kpi: string): void;
}) {
  const t = useT();
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 12 }}>
      {HEADLINE_KPIS.map((key) => (
        <KpiCard
          key={key}
          label={t.dynamic(`kpi.${key}`, key)}
          kpi={report?.kpis[key]}
          higherIsBetter={higherIsBetter(key)}
          loading={loading}
          onDrill={() => onDrill(key)}
        />
      ))}
    </div>
  );
}

/** The distribution over the places one level down (entered and resolved); a bar drills down to its place. */
function DistributionCard({
  level,
  distribution,
  onSelect,
}: {
  level: BreakdownGroupBy;
  distribution: ApiState<Breakdown | undefined>;
  onSelect(row: BreakdownRow, kpi: 'entered' | 'resolved'): void;
}) {
  const t = useT();
  return (
    <Card size="small" title={t(`dashboard.distribution.${level as 'town' | 'village' | 'grid'}`)}>
      <ApiErrorAlert error={distribution.error} onRetry={distribution.reload} />
      <DistributionChart breakdown={distribution.data} onSelect={onSelect} />
    </Card>
  );
}

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

  const { kpis, trend, distribution, ranking } = useDashboardData({
    period,
    grouping,
    childLevel,
    rankingLevel,
    rankingKpi,
    refreshKey: refresh.key,
  });

  const kpiName = (key: string) => t.dynamic(`kpi.${key}`, key);
  const drillKpi = (kpi: string) => setDrill({ kpi, label: kpiName(kpi) });
  /** A place's figure: the KPI (the ranking's, unless given) at the place one level down. */
  const drillPlace = (name: string, groupBy: BreakdownGroupBy, group: string | null, kpi = rankingKpi) =>
    setDrill({ kpi, label: `${kpiName(kpi)} · ${name}`, groupBy, group });
  const report = kpis.data;
  const updatedAt = useMemo(() => (report ? chinaClock(new Date()) : null), [report]);
  const rankingOptions = useMemo(
    () => KPI_DEFINITIONS.map((d) => ({ value: d.key, label: t.dynamic(`kpi.${d.key}`, d.key) })),
    [t],
  );

  return (
    <Flex vertical gap={16}>
      <DashboardHeader
        report={report}
        fallbackName={user.jurisdictionName}
        period={period}
        onPeriodChange={setPeriod}
        live={live}
        updatedAt={updatedAt}
        onRefresh={refresh.now}
      />

      <ApiErrorAlert error={kpis.error} onRetry={kpis.reload} />

      <HeadlineKpis report={report} loading={kpis.loading} onDrill={drillKpi} />

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <TrendCard trend={trend} grouping={grouping} onGroupingChange={setGrouping} />
        </Col>
        <Col xs={24} xl={8}>
          <LightsCard report={report} loading={kpis.loading} onDrill={drillKpi} />
        </Col>
      </Row>

      {(childLevel || rankingLevel) && (
        <Row gutter={[16, 16]}>
          {childLevel && (
            <Col xs={24} xl={rankingLevel ? 14 : 24}>
              <DistributionCard
                level={childLevel}
                distribution={distribution}
                onSelect={(row, kpi) => drillPlace(row.name, childLevel, row.key, kpi)}
              />
            </Col>
          )}
          {rankingLevel && (
            <Col xs={24} xl={childLevel ? 10 : 24}>
              <RankingCard
                levels={rankingLevels}
                level={rankingLevel}
                onLevelChange={setRankingLevel}
                kpi={rankingKpi}
                kpiOptions={rankingOptions}
                onKpiChange={setRankingKpi}
                ranking={ranking}
                onSelect={(row) => drillPlace(row.name, rankingLevel as 'town' | 'village', row.key)}
              />
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
          onSelect={(area) => drillPlace(area.name, childLevel, area.key)}
        />
      )}

      <DrilldownModal period={period} target={drill} onClose={() => setDrill(null)} />
    </Flex>
  );
}
