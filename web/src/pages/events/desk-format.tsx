/** Small pieces the event desk's list and detail share: the traffic light, China time, colours. */
import { Space } from 'antd';
import { useT } from '../../i18n';

export const RISK_COLOURS: Record<string, string> = { red: 'red', yellow: 'gold', blue: 'blue' };
export const LIGHT_COLOURS: Record<string, string> = { green: '#52c41a', yellow: '#faad14', red: '#f5222d' };
export const STATUS_KIND_COLOURS: Record<string, string> = {
  open: 'processing',
  resolved: 'success',
  closed: 'default',
};

const CHINA_OFFSET_MS = 8 * 3600_000;

/** `2026-11-24 17:32` in China time (UTC+8, no daylight saving), whatever the browser's zone. */
export function chinaTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

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
