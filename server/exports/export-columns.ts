/**
 * What an export of the event list (事件清单) holds: its columns with Chinese headers, and how an
 * event row becomes cells — names in Chinese, times in China time, the reporter's phone masked
 * (脱敏: a file leaves the platform, a full number must not). Pure: no I/O.
 */
import {
  CHANNEL_NAMES_ZH,
  EVENT_TYPE_NAMES_ZH,
  RISK_LEVEL_NAMES_ZH,
  type Channel,
  type EventType,
  type RiskLevel,
} from '../../core/events/event-catalog.js';
import { STATUS_DEFINITIONS, isEventStatus } from '../../core/events/event-workflow.js';
import { TIER_NAMES_ZH, isTier } from '../../core/deadlines/tiers.js';
import { LIGHT_NAMES_ZH, type Light } from '../../core/deadlines/traffic-light.js';
import { SATISFACTION_NAMES_ZH, type Satisfaction } from '../../core/followups/follow-up-policy.js';

/** A cell: text, or an instant (CSV writes it as China time text, XLSX as a date cell). */
export type Cell = string | Date | null;

export interface ExportColumn {
  header: string;
  /** Width in characters for XLSX (a CJK character counts about two). */
  width: number;
  kind: 'text' | 'time';
}

export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: '编号', width: 20, kind: 'text' },
  { header: '标题', width: 40, kind: 'text' },
  { header: '事件类型', width: 12, kind: 'text' },
  { header: '事项分类', width: 20, kind: 'text' },
  { header: '来源渠道', width: 14, kind: 'text' },
  { header: '风险等级', width: 10, kind: 'text' },
  { header: '状态', width: 10, kind: 'text' },
  { header: '当前层级', width: 12, kind: 'text' },
  { header: '灯色', width: 8, kind: 'text' },
  { header: '所属乡镇', width: 14, kind: 'text' },
  { header: '所属村(社区)', width: 16, kind: 'text' },
  { header: '所属网格', width: 20, kind: 'text' },
  { header: '地址', width: 36, kind: 'text' },
  { header: '上报时间', width: 18, kind: 'time' },
  { header: '签收时间', width: 18, kind: 'time' },
  { header: '办结时间', width: 18, kind: 'time' },
  { header: '结案时间', width: 18, kind: 'time' },
  { header: '是否逾期', width: 10, kind: 'text' },
  { header: '满意度', width: 10, kind: 'text' },
  { header: '上报人', width: 12, kind: 'text' },
  { header: '联系电话', width: 14, kind: 'text' },
  { header: '身份证号', width: 20, kind: 'text' },
];

/** An event as EventRepository.exportPage reads it. */
export interface ExportEventRow {
  id: number;
  serial_no: string;
  title: string;
  event_type: string;
  category_name: string | null;
  channel: string;
  risk_level: string;
  status: string;
  status_name: string | null;
  status_kind: string;
  tier: string;
  light: string;
  town_name: string | null;
  village_name: string | null;
  grid_name: string | null;
  address: string | null;
  reported_at: Date;
  accepted_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  overdue: boolean;
  satisfaction: string | null;
  reporter_name: string | null;
  /** Masked at intake (138****5678); an anonymous report's is NULL. */
  reporter_phone_masked: string | null;
  /** The reporting account's own phone (clear in people), masked here. */
  account_phone: string | null;
  reporter_id_number_masked: string | null;
}

/** 电话脱敏 (`138****5678`): the core's, kept here for the export's callers. */
export { maskPhone } from '../../core/personal-data/masking.js';
import { maskPhone } from '../../core/personal-data/masking.js';

const named = <K extends string>(names: Record<K, string>, code: string | null): string | null =>
  code === null ? null : ((names as Record<string, string>)[code] ?? code);

/** The cells of one event, in EXPORT_COLUMNS order. */
export function exportCells(row: ExportEventRow): Cell[] {
  const status = row.status_name ?? (isEventStatus(row.status) ? STATUS_DEFINITIONS[row.status].zh : row.status);
  return [
    row.serial_no,
    row.title,
    named<EventType>(EVENT_TYPE_NAMES_ZH, row.event_type),
    row.category_name,
    named<Channel>(CHANNEL_NAMES_ZH, row.channel),
    named<RiskLevel>(RISK_LEVEL_NAMES_ZH, row.risk_level),
    status,
    isTier(row.tier) ? TIER_NAMES_ZH[row.tier] : row.tier,
    // a light is about running clocks: only an open event has one
    row.status_kind === 'open' ? named<Light>(LIGHT_NAMES_ZH, row.light) : null,
    row.town_name,
    row.village_name,
    row.grid_name,
    row.address,
    row.reported_at,
    row.accepted_at,
    row.resolved_at,
    row.closed_at,
    row.overdue ? '是' : '否',
    named<Satisfaction>(SATISFACTION_NAMES_ZH, row.satisfaction),
    row.reporter_name,
    row.reporter_phone_masked ?? maskPhone(row.account_phone),
    row.reporter_id_number_masked,
  ];
}
