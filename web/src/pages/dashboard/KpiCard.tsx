/**
 * One headline figure: its name, the number as the server formats it (`display`: "3,638",
 * "91.5%", "—"), and how it moved — 环比 against the period before, 同比 against the same period
 * last year — with an arrow whose colour says whether the move is good (green) or bad (red) for
 * this KPI. Clicking the number lists the events behind it.
 */
import { Card, Skeleton, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import type { ComparedKpi, KpiChange } from '../../api/types';
import { useT } from '../../i18n';

const GOOD = '#389e0d';
const BAD = '#cf1322';

export type ChangeTone = 'good' | 'bad' | 'neutral';

/** The direction of a change and whether it is good news. */
export function changeTone(
  change: KpiChange | undefined,
  higherIsBetter: boolean,
): { direction: 'up' | 'down' | 'flat'; tone: ChangeTone } {
  const delta = change?.delta ?? null;
  if (delta === null || delta === 0) return { direction: 'flat', tone: 'neutral' };
  const up = delta > 0;
  return { direction: up ? 'up' : 'down', tone: up === higherIsBetter ? 'good' : 'bad' };
}

function Change({
  label,
  change,
  higherIsBetter,
}: {
  label: string;
  change: KpiChange | undefined;
  higherIsBetter: boolean;
}) {
  const t = useT();
  const display = change?.display || t('common.noValue');
  const { direction, tone } = changeTone(change, higherIsBetter);
  const color = tone === 'good' ? GOOD : tone === 'bad' ? BAD : undefined;
  const verdict = tone === 'neutral' ? '' : `, ${t(tone === 'good' ? 'kpi.better' : 'kpi.worse')}`;
  return (
    <span aria-label={`${label} ${display}${verdict}`} data-tone={tone} style={{ whiteSpace: 'nowrap' }}>
      <Typography.Text type="secondary">{label} </Typography.Text>
      <span style={{ color }}>
        {direction === 'up' && <ArrowUpOutlined />}
        {direction === 'down' && <ArrowDownOutlined />} {display}
      </span>
    </span>
  );
}

export interface KpiCardProps {
  label: string;
  kpi: ComparedKpi | undefined;
  higherIsBetter: boolean;
  loading?: boolean;
  onDrill?: () => void;
}

export function KpiCard({ label, kpi, higherIsBetter, loading, onDrill }: KpiCardProps) {
  const t = useT();
  const value = kpi?.display || t('common.noValue');
  return (
    <Card size="small" styles={{ body: { padding: '12px 16px' } }}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      {loading && !kpi ? (
        <Skeleton active title={false} paragraph={{ rows: 2 }} />
      ) : (
        <>
          <div style={{ fontSize: 26, fontWeight: 600, lineHeight: '36px', margin: '2px 0' }}>
            {onDrill && kpi ? (
              <Typography.Link
                onClick={onDrill}
                title={t('kpi.drillHint')}
                style={{ fontSize: 'inherit' }}
                aria-label={`${label} ${value}`}
              >
                {value}
              </Typography.Link>
            ) : (
              <span aria-label={`${label} ${value}`}>{value}</span>
            )}
          </div>
          <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', fontSize: 12 }}>
            <Change label={t('kpi.mom')} change={kpi?.mom} higherIsBetter={higherIsBetter} />
            <Change label={t('kpi.yoy')} change={kpi?.yoy} higherIsBetter={higherIsBetter} />
          </div>
        </>
      )}
    </Card>
  );
}
