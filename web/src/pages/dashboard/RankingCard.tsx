/**
 * The ranking's card: the places one or two levels down (a switch when there are two) ranked by the
 * KPI chosen in the card's corner; a row drills down to that place's events.
 */
import { Card, Segmented, Select } from 'antd';
import type { RankedRow, Ranking, RankingLevel } from '../../api/types';
import type { ApiState } from '../../hooks/use-api';
import { useT } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { RankingTable } from './RankingTable';

export function RankingCard({
  levels,
  level,
  onLevelChange,
  kpi,
  kpiOptions,
  onKpiChange,
  ranking,
  onSelect,
}: {
  /** The levels that can be ranked from the user's jurisdiction. */
  levels: RankingLevel[];
  level: RankingLevel;
  onLevelChange(level: RankingLevel): void;
  kpi: string;
  kpiOptions: { value: string; label: string }[];
  onKpiChange(kpi: string): void;
  ranking: ApiState<Ranking | undefined>;
  onSelect(row: RankedRow): void;
}) {
  const t = useT();
  return (
    <Card
      size="small"
      title={
        levels.length > 1 ? (
          <Segmented<RankingLevel>
            size="small"
            value={level}
            onChange={onLevelChange}
            options={levels.map((l) => ({
              value: l,
              label: t(`dashboard.ranking.${l as 'town' | 'village'}`),
            }))}
          />
        ) : (
          t(`dashboard.ranking.${level as 'town' | 'village'}`)
        )
      }
      extra={
        <Select
          size="small"
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('dashboard.ranking.kpi')}
          value={kpi}
          onChange={onKpiChange}
          options={kpiOptions}
          style={{ width: 150 }}
        />
      }
    >
      <ApiErrorAlert error={ranking.error} onRetry={ranking.reload} />
      <RankingTable ranking={ranking.data} loading={ranking.loading} onSelect={onSelect} />
    </Card>
  );
}
