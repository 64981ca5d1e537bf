/**
 * How an event's risk, traffic light and kind of state are shown wherever events are listed (the
 * desk, its detail, 我的网格, the tracking page): the colours and the light's dot with its name.
 */
import { Space } from 'antd';
import { useT } from '../i18n';

export const RISK_COLOURS: Record<string, string> = { red: 'red', yellow: 'gold', blue: 'blue' };
export const LIGHT_COLOURS: Record<string, string> = { green: '#52c41a', yellow: '#faad14', red: '#f5222d' };
export const STATUS_KIND_COLOURS: Record<string, string> = {
  open: 'processing',
  resolved: 'success',
  closed: 'default',
};

/** A coloured dot and the light's name (绿灯 / 黄灯 / 红灯); nothing for events without a clock. */
export function LightDot({ light }: { light: string | null | undefined }) {
  const t = useT();
  if (!light) return <span>{t('common.noValue')}</span>;
  return (
    <Space size={4} className={`desk-light desk-light-${light}`} data-light={light}>
      <span
        aria-hidden
        style={{
          display: 'inline-block',
          width: 10,
          height: 10,
          borderRadius: '50%',
          background: LIGHT_COLOURS[light] ?? '#d9d9d9',
        }}
      />
      <span>{t.dynamic(`light.${light}`, light)}</span>
    </Space>
  );
}
