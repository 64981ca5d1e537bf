/**
 * The default event taxonomy (事件分类): domains and their aspects, seeded on first start and
 * then edited by operators. Covers what the field reports: hazards, disputes, petitions,
 * livelihood appeals and uncivil behaviour.
 */
import type { EventType } from './event-catalog.js';

export interface CategorySeed {
  code: string;
  parent: string | null;
  type: EventType;
  zh: string;
  en: string;
}

type Aspect = [code: string, zh: string, en: string];

function domain(code: string, type: EventType, zh: string, en: string, aspects: Aspect[]): CategorySeed[] {
  return [
    { code, parent: null, type, zh, en },
    ...aspects.map(([aspect, azh, aen]) => ({ code: `${code}.${aspect}`, parent: code, type, zh: azh, en: aen })),
  ];
}

export const DEFAULT_TAXONOMY: CategorySeed[] = [
  ...domain('hazard.fire', 'hazard', '消防安全', 'Fire safety', [
    ['exits', '消防通道堵塞', 'Blocked fire exits'],
    ['wiring', '私拉乱接电线', 'Unsafe wiring'],
    ['ebike', '电动车违规充电', 'Indoor e-bike charging'],
    ['equipment', '消防设施缺失损坏', 'Missing or broken fire equipment'],
  ]),
  ...domain('hazard.gas', 'hazard', '燃气安全', 'Gas safety', [
    ['leak', '燃气泄漏', 'Gas leak'],
    ['cylinder', '液化气瓶违规使用', 'Unsafe LPG cylinders'],
    ['pipe', '燃气管道老化', 'Ageing gas pipes'],
  ]),
  ...domain('hazard.road', 'hazard', '道路交通', 'Roads and traffic', [
    ['damage', '道路破损塌陷', 'Road damage or collapse'],
    ['signs', '交通标志缺失', 'Missing traffic signs'],
    ['farm_vehicle', '农用车违规载人', 'Farm vehicles carrying passengers'],
  ]),
  ...domain('hazard.flood', 'hazard', '防汛地灾', 'Flood and geological hazards', [
    ['waterlogging', '积水内涝', 'Waterlogging'],
    ['landslide', '山体滑坡隐患', 'Landslide risk'],
    ['dam', '塘坝河堤险情', 'Pond or dyke danger'],
  ]),
  ...domain('hazard.amusement', 'hazard', '游乐设施', 'Amusement rides', [
    ['ride', '游乐设施安全隐患', 'Unsafe amusement ride'],
    ['inflatable', '充气城堡等临时设施', 'Inflatables and temporary rides'],
  ]),
  ...domain('hazard.workshop', 'hazard', '小作坊小场所', 'Small workshops and venues', [
    ['three_in_one', '三合一场所', 'Living, storage and work under one roof'],
    ['food', '食品小作坊', 'Small food workshop'],
    ['chemicals', '危化品存放', 'Hazardous chemicals storage'],
  ]),
  ...domain('hazard.building', 'hazard', '房屋建筑', 'Buildings', [
    ['dilapidated', '危旧房屋', 'Dilapidated housing'],
    ['self_built', '自建房安全', 'Self-built house safety'],
  ]),
  ...domain('dispute.neighbour', 'dispute', '邻里纠纷', 'Neighbour disputes', [
    ['boundary', '宅基地界址', 'Homestead boundaries'],
    ['noise', '噪音扰民', 'Noise'],
    ['drainage', '排水通行', 'Drainage and right of way'],
  ]),
  ...domain('dispute.family', 'dispute', '婚姻家庭', 'Marriage and family', [
    ['marriage', '婚姻纠纷', 'Marital dispute'],
    ['support', '赡养抚养', 'Support of elders or children'],
    ['inheritance', '继承分家', 'Inheritance'],
  ]),
  ...domain('dispute.lending', 'dispute', '民间借贷', 'Private lending', [['debt', '借款欠款', 'Debts']]),
  ...domain('dispute.land', 'dispute', '土地山林', 'Land and forests', [
    ['contract', '土地承包经营', 'Land contracting'],
    ['requisition', '征地拆迁', 'Requisition and demolition'],
    ['forest', '山林权属', 'Forest rights'],
  ]),
  ...domain('dispute.wages', 'dispute', '劳资纠纷', 'Wage disputes', [
    ['arrears', '拖欠农民工工资', 'Unpaid migrant wages'],
    ['injury', '工伤赔偿', 'Work injury compensation'],
  ]),
  ...domain('dispute.property', 'dispute', '物业纠纷', 'Property management', [
    ['fees', '物业费', 'Property fees'],
    ['service', '物业服务质量', 'Property service quality'],
  ]),
  ...domain('dispute.consumer', 'dispute', '消费纠纷', 'Consumer disputes', [
    ['goods', '商品服务质量', 'Goods and services'],
  ]),
  ...domain('petition.general', 'petition', '信访事项', 'Petitions', [
    ['first', '初信初访', 'First letter or visit'],
    ['repeat', '重复信访', 'Repeat petition'],
    ['backlog', '信访积案', 'Petition backlog case'],
  ]),
  ...domain('appeal.livelihood', 'appeal', '民生诉求', 'Livelihood appeals', [
    ['water', '供水', 'Water supply'],
    ['power', '供电', 'Power supply'],
    ['heating', '供暖', 'Heating'],
    ['sanitation', '环境卫生', 'Sanitation'],
    ['social', '社保低保', 'Social security and subsistence'],
    ['education', '教育就学', 'Schooling'],
    ['medical', '看病就医', 'Medical care'],
  ]),
  ...domain('uncivil.public', 'uncivil', '不文明现象', 'Uncivil behaviour', [
    ['littering', '乱扔乱倒', 'Littering and dumping'],
    ['occupation', '占道经营', 'Street occupation'],
    ['parking', '乱停乱放', 'Illegal parking'],
    ['burning', '焚烧秸秆垃圾', 'Open burning'],
  ]),
];
