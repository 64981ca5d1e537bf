/**
 * 排名: places ranked by one KPI, the volume beside each figure (the rate's denominator, or for a
 * count the events entered). Places under the minimum volume, or without a figure, are listed
 * after the ranked ones, greyed, with the reason.
 */
import { Table, Tag, Typography } from 'antd';
import type { RankedRow, Ranking } from '../../api/types';
import { useT } from '../../i18n';

export interface RankingTableProps {
  ranking: Ranking | undefined;
  loading?: boolean;
  onSelect?: (row: RankedRow) => void;
}

export function RankingTable({ ranking, loading, onSelect }: RankingTableProps) {
  const t = useT();
  const reason = (row: RankedRow) =>
    row.unranked === 'below_minimum_volume'
      ? t('dashboard.ranking.below_minimum_volume', { min: ranking?.minVolume ?? 0 })
      : t('dashboard.ranking.no_value');
  return (
    <Table<RankedRow>
      size="small"
      rowKey="key"
      loading={loading && !ranking}
      dataSource={ranking?.rows ?? []}
      pagination={false}
      scroll={{ y: 340 }}
      locale={{ emptyText: t('common.empty') }}
      rowClassName={(row) => (row.rank === null ? 'ranking-row-unranked' : '')}
      onRow={(row) => ({
        style: row.rank === null ? { color: 'rgba(0, 0, 0, 0.38)' } : undefined,
        onClick: onSelect ? () => onSelect(row) : undefined,
      })}
      columns={[
        {
          title: t('dashboard.ranking.rank'),
          dataIndex: 'rank',
          width: 64,
          render: (rank: number | null) => (rank === null ? <Tag>{t('dashboard.ranking.unranked')}</Tag> : rank),
        },
        {
          title: t('dashboard.ranking.name'),
          dataIndex: 'name',
          render: (name: string, row) => (
            <>
              <div>{name}</div>
              {row.rank === null && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {reason(row)}
                </Typography.Text>
              )}
            </>
          ),
        },
        {
          title: t('dashboard.ranking.value'),
          key: 'value',
          align: 'right',
          width: 96,
          render: (_: unknown, row) => row.value.display || t('common.noValue'),
        },
        {
          title: t('dashboard.ranking.volume'),
          dataIndex: 'volume',
          align: 'right',
          width: 80,
          render: (v: number) => v.toLocaleString('en-US'),
        },
      ]}
    />
  );
}
