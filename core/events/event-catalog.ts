/**
 * The fixed vocabularies of an event: intake channels (来源渠道), types, risk levels (红黄蓝).
 * The finer taxonomy of domains and aspects is data (event_categories), editable by operators.
 */

export const CHANNELS = [
  'grid_patrol', // 网格员巡查上报
  'cadre_survey', // 下沉力量摸排
  'citizen', // 群众自主上报 / 随手拍
  'hotline_12345', // 12345 热线
  'police_110', // 110 非警务警情
  'online_opinion', // 网络舆情
  'court_push', // 一诉讼两推送
  'police_push', // 一警情三推送
] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_NAMES_ZH: Record<Channel, string> = {
  grid_patrol: '网格员巡查',
  cadre_survey: '干部摸排',
  citizen: '群众上报',
  hotline_12345: '12345热线',
  police_110: '110非警务警情',
  online_opinion: '网络舆情',
  court_push: '法院推送',
  police_push: '公安推送',
};

export const EVENT_TYPES = ['hazard', 'dispute', 'petition', 'appeal', 'uncivil'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_TYPE_NAMES_ZH: Record<EventType, string> = {
  hazard: '风险隐患',
  dispute: '矛盾纠纷',
  petition: '信访',
  appeal: '民生诉求',
  uncivil: '不文明现象',
};

/** 红黄蓝三色预警 */
export const RISK_LEVELS = ['red', 'yellow', 'blue'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const RISK_LEVEL_NAMES_ZH: Record<RiskLevel, string> = { red: '红色', yellow: '黄色', blue: '蓝色' };
