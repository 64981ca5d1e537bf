/**
 * What the demo events say: a title and a description for every aspect of the default taxonomy,
 * the notes handlers write, and which county department takes each kind of problem (吹哨报到).
 * Placeholders: {place} where it is, {a} {b} the parties (王某), {n} {n2} small numbers,
 * {money} an amount, {age} an age, {topic} what a petition is about.
 */
import type { EventType } from '../../core/events/event-catalog.js';

export interface AspectText {
  titles: readonly string[];
  details: readonly string[];
}

export const ASPECT_TEXT: Record<string, AspectText> = {
  'hazard.fire.exits': {
    titles: ['{place}消防通道被杂物堵塞', '{place}消防通道长期被车辆占用'],
    details: ['{place}消防通道堆放杂物、停放车辆，一旦发生火情消防车无法通行，需尽快协调清理。'],
  },
  'hazard.fire.wiring': {
    titles: ['{place}私拉乱接电线', '{place}飞线充电存在火灾隐患'],
    details: ['{place}有住户从窗口私拉电线，线路老化裸露，雨天有漏电起火风险。'],
  },
  'hazard.fire.ebike': {
    titles: ['{place}电动车违规入户充电', '{place}楼道内电动车充电'],
    details: ['{place}有居民将电动自行车推入楼道、室内充电，夜间长时间无人看管，存在较大火灾隐患。'],
  },
  'hazard.fire.equipment': {
    titles: ['{place}消防器材缺失损坏', '{place}灭火器过期失效'],
    details: ['{place}消火栓无水、灭火器压力不足已过期，应急照明损坏，需督促产权单位更换。'],
  },
  'hazard.gas.leak': {
    titles: ['{place}疑似燃气泄漏', '{place}闻到明显燃气味'],
    details: ['{place}闻到明显燃气味，疑似管道接口泄漏，已通知住户关闭阀门、开窗通风，需燃气公司立即检修。'],
  },
  'hazard.gas.cylinder': {
    titles: ['{place}餐饮店液化气瓶违规使用', '{place}液化气瓶未安装报警器'],
    details: ['{place}餐饮店使用过期液化气钢瓶，未安装可燃气体报警器，连接软管老化开裂。'],
  },
  'hazard.gas.pipe': {
    titles: ['{place}燃气管道老化锈蚀', '{place}燃气立管被违规包封'],
    details: ['{place}燃气管道使用年限较长，外表锈蚀严重，部分立管被装修包封，存在泄漏隐患。'],
  },
  'hazard.road.damage': {
    titles: ['{place}路面塌陷', '{place}道路破损坑洼'],
    details: ['{place}路面出现约{n}平方米塌陷坑洼，夜间无警示标志，已有电动车在此摔倒。'],
  },
  'hazard.road.signs': {
    titles: ['{place}急弯路段缺少警示标志', '{place}学校路段减速带损坏'],
    details: ['{place}急弯陡坡路段缺少警示标志和防护栏，过往车辆较多，存在交通安全隐患。'],
  },
  'hazard.road.farm_vehicle': {
    titles: ['{place}农用三轮车违规载人', '{place}农用车载人赶集'],
    details: ['逢集日{place}有农用三轮车搭载{n}余名群众出行，车辆无牌无证，存在重大交通安全隐患。'],
  },
  'hazard.flood.waterlogging': {
    titles: ['{place}强降雨后积水严重', '{place}排水沟堵塞导致内涝'],
    details: ['持续降雨后{place}积水深约{n}0厘米，排水沟被淤泥堵塞，部分住户院内进水。'],
  },
  'hazard.flood.landslide': {
    titles: ['{place}山体出现裂缝有滑坡风险', '{place}房后边坡局部坍塌'],
    details: ['{place}房后山体出现长约{n}米的裂缝，雨后局部土石滑落，坡下有{n2}户群众居住，需紧急排查转移。'],
  },
  'hazard.flood.dam': {
    titles: ['{place}塘坝出现渗漏', '{place}河堤被洪水冲毁'],
    details: ['{place}塘坝坝体出现渗水，溢洪道被杂物阻塞，汛期水位上涨，下游群众安全受威胁。'],
  },
  'hazard.amusement.ride': {
    titles: ['{place}游乐设施无检验标志', '{place}儿童游乐设施存在安全隐患'],
    details: ['{place}临时搭建的旋转类游乐设施未见特种设备检验合格标志，操作人员无证上岗。'],
  },
  'hazard.amusement.inflatable': {
    titles: ['{place}充气城堡未固定', '{place}临时充气蹦床安全隐患'],
    details: ['{place}摆放的充气城堡未按要求固定，大风天气仍在营业，现场无安全看护人员。'],
  },
  'hazard.workshop.three_in_one': {
    titles: ['{place}三合一场所违规住人', '{place}加工作坊内违规住人'],
    details: ['{place}有一处生产、仓储、住宿混合的三合一场所，楼上住人楼下加工，仅有一个出口。'],
  },
  'hazard.workshop.food': {
    titles: ['{place}食品小作坊卫生条件差', '{place}无证食品加工点'],
    details: ['{place}有一无证经营的食品小作坊，加工环境脏乱，从业人员无健康证明。'],
  },
  'hazard.workshop.chemicals': {
    titles: ['{place}违规存放危化品', '{place}油漆稀料大量堆放'],
    details: ['{place}一处门店违规存放油漆、稀料等易燃危化品，无防火防爆措施，紧邻居民住宅。'],
  },
  'hazard.building.dilapidated': {
    titles: ['{place}危旧房屋仍有人居住', '{place}土坯房墙体开裂'],
    details: ['{place}一处土坯房墙体开裂倾斜，屋顶漏雨，仍有{age}岁老人居住，需尽快动员搬离并鉴定。'],
  },
  'hazard.building.self_built': {
    titles: ['{place}自建房违规加层', '{place}经营性自建房安全隐患'],
    details: ['{place}有住户在原有两层自建房上违规加盖第三层，未经设计和安全鉴定，一楼用于经营。'],
  },
  'dispute.neighbour.boundary': {
    titles: ['{a}与{b}宅基地界址纠纷', '{place}两户因院墙界址发生争执'],
    details: ['{a}与邻居{b}因宅基地界址发生争执，{a}认为对方新建院墙占用其宅基地约{n}0公分，双方多次争吵。'],
  },
  'dispute.neighbour.noise': {
    titles: ['{place}噪音扰民', '{place}广场舞音响扰民'],
    details: ['{place}夜间噪音扰民，附近居民休息受影响，多次沟通未果，双方情绪较大。'],
  },
  'dispute.neighbour.drainage': {
    titles: ['{a}与{b}排水通行纠纷', '{place}邻里因排水沟改道起争执'],
    details: ['{a}修建院墙后将排水沟改道，雨水流入邻居{b}家院内，双方因排水和通行问题发生争执。'],
  },
  'dispute.family.marriage': {
    titles: ['{a}夫妻婚姻矛盾', '{place}一家庭婚姻纠纷'],
    details: ['{a}与配偶因家庭琐事长期争吵，近日矛盾激化，女方回娘家并提出离婚，双方家属有冲突苗头。'],
  },
  'dispute.family.support': {
    titles: ['{a}子女赡养老人纠纷', '{place}老人赡养问题'],
    details: ['{age}岁老人{a}反映其子女互相推诿、不履行赡养义务，老人生活困难，情绪低落。'],
  },
  'dispute.family.inheritance': {
    titles: ['{a}兄弟分家析产纠纷', '{place}房产继承纠纷'],
    details: ['{a}与{b}兄弟因父母遗留房屋和承包地分配问题发生纠纷，多次协商未果。'],
  },
  'dispute.lending.debt': {
    titles: ['{a}与{b}民间借贷纠纷', '{a}追讨借款引发矛盾'],
    details: ['{a}称{b}向其借款{money}元，约定期限已过仍未归还，多次催要无果，双方发生争执。'],
  },
  'dispute.land.contract': {
    titles: ['{place}土地承包经营权纠纷', '{a}与{b}承包地流转纠纷'],
    details: ['{a}与{b}因承包地流转费用和期限问题发生纠纷，涉及土地约{n}亩。'],
  },
  'dispute.land.requisition': {
    titles: ['{place}征地补偿纠纷', '{a}对拆迁补偿有异议'],
    details: ['{a}对{place}征地补偿标准和地上附着物清点结果有异议，拒绝签订协议，存在阻工风险。'],
  },
  'dispute.land.forest': {
    titles: ['{place}山林权属纠纷', '{a}与{b}林地界线纠纷'],
    details: ['{a}与{b}两家因林地界线不清发生争执，一方砍伐了争议林地内树木{n}余棵。'],
  },
  'dispute.wages.arrears': {
    titles: ['{place}农民工讨要工资', '{a}等{n}名务工人员被拖欠工资'],
    details: ['{a}等{n}名务工人员反映在{place}附近工地务工，被拖欠工资共计{money}元，包工头失联。'],
  },
  'dispute.wages.injury': {
    titles: ['{a}工伤赔偿纠纷', '{place}务工人员受伤赔偿争议'],
    details: ['{a}在务工期间受伤住院，与雇主就医疗费和误工费赔偿金额存在较大分歧。'],
  },
  'dispute.property.fees': {
    titles: ['{place}物业费收缴纠纷', '{place}业主拒缴物业费'],
    details: ['{place}部分业主以服务不到位为由拒缴物业费，物业公司称将停止服务，双方矛盾激化。'],
  },
  'dispute.property.service': {
    titles: ['{place}物业服务质量差', '{place}电梯频繁故障物业不作为'],
    details: ['{place}业主反映物业公司不及时维修电梯、清运垃圾，小区环境脏乱，要求更换物业。'],
  },
  'dispute.consumer.goods': {
    titles: ['{a}购买商品质量纠纷', '{place}商户与顾客消费纠纷'],
    details: ['{a}在{place}商户处购买的电器使用不久即出现故障，商家拒绝退换，双方发生争执。'],
  },
  'petition.general.first': {
    titles: ['{a}初次信访反映{topic}问题', '{place}群众来访反映{topic}问题'],
    details: ['{a}来访反映{topic}问题，系初次信访，诉求较为明确，需按时限答复。'],
  },
  'petition.general.repeat': {
    titles: ['{a}重复信访反映{topic}问题', '{a}多次反映{topic}问题'],
    details: ['{a}就{topic}问题多次信访，对此前答复不满意，情绪较为激动。'],
  },
  'petition.general.backlog': {
    titles: ['{a}信访积案化解', '{place}信访积案：{topic}'],
    details: ['{a}反映的{topic}问题已持续{n}年，属信访积案，已明确县级领导包案。'],
  },
  'appeal.livelihood.water': {
    titles: ['{place}自来水停水', '{place}饮用水水质浑浊'],
    details: ['{place}自来水已连续停水{n}天，群众生活用水困难，要求尽快恢复供水。'],
  },
  'appeal.livelihood.power': {
    titles: ['{place}频繁停电', '{place}电压不稳'],
    details: ['{place}近期频繁停电、电压不稳，家用电器无法正常使用，要求供电部门检修。'],
  },
  'appeal.livelihood.heating': {
    titles: ['{place}暖气不热', '{place}供暖温度不达标'],
    details: ['{place}入冬以来室温不足{n}度，家中有老人和小孩，要求尽快解决供暖问题。'],
  },
  'appeal.livelihood.sanitation': {
    titles: ['{place}垃圾清运不及时', '{place}污水横流'],
    details: ['{place}垃圾堆积多日无人清运，气味难闻，蚊蝇滋生，影响周边群众生活。'],
  },
  'appeal.livelihood.social': {
    titles: ['{a}咨询低保申请', '{a}反映养老保险待遇问题'],
    details: ['{a}家庭困难，咨询低保申请条件和办理流程，希望得到帮助。'],
  },
  'appeal.livelihood.education': {
    titles: ['{a}反映子女入学问题', '{place}学生上学交通不便'],
    details: ['{a}反映子女就近入学困难，希望协调解决入学问题。'],
  },
  'appeal.livelihood.medical': {
    titles: ['{a}反映看病报销问题', '{place}村卫生室缺医少药'],
    details: ['{a}反映医保报销比例和慢病卡办理问题，多次咨询未得到明确答复。'],
  },
  'uncivil.public.littering': {
    titles: ['{place}乱倒建筑垃圾', '{place}生活垃圾乱扔乱倒'],
    details: ['{place}有人随意倾倒建筑垃圾和生活垃圾，堆积成片，影响村容村貌。'],
  },
  'uncivil.public.occupation': {
    titles: ['{place}占道经营', '{place}流动摊贩占道'],
    details: ['{place}有商户和流动摊贩占道经营，影响行人和车辆通行。'],
  },
  'uncivil.public.parking': {
    titles: ['{place}车辆乱停乱放', '{place}车辆堵塞通道'],
    details: ['{place}车辆乱停乱放，堵塞通道，群众出行不便。'],
  },
  'uncivil.public.burning': {
    titles: ['{place}焚烧秸秆', '{place}露天焚烧垃圾'],
    details: ['{place}有群众露天焚烧秸秆和垃圾，浓烟较大，影响空气质量并存在火灾隐患。'],
  },
};

export const PETITION_TOPICS = [
  '征地补偿',
  '宅基地审批',
  '低保评定',
  '拆迁安置',
  '工程款拖欠',
  '医疗纠纷处理',
  '退役军人待遇',
  '林地确权',
  '危房改造补助',
  '养老保险补缴',
  '村务公开',
  '土地调整',
];

/** How each channel opens a description. */
export const CHANNEL_LEAD: Record<string, string> = {
  grid_patrol: '网格员巡查发现：',
  cadre_survey: '下沉干部摸排发现：',
  citizen: '群众随手拍反映：',
  hotline_12345: '12345热线来电反映：',
  police_110: '110非警务警情转办：',
  online_opinion: '网络舆情监测：有网民发布短视频称，',
  court_push: '县人民法院诉前推送：',
  police_push: '派出所警情推送：',
};

/** Which county department takes a problem the village cannot (by category, longest prefix). */
const DEPARTMENT_BY_CATEGORY: readonly (readonly [string, string])[] = [
  ['hazard.fire', 'fire_rescue'],
  ['hazard.gas', 'housing'],
  ['hazard.road', 'transport'],
  ['hazard.flood.dam', 'water'],
  ['hazard.flood', 'emergency'],
  ['hazard.amusement', 'market_regulation'],
  ['hazard.workshop.food', 'market_regulation'],
  ['hazard.workshop.three_in_one', 'fire_rescue'],
  ['hazard.workshop', 'emergency'],
  ['hazard.building', 'housing'],
  ['dispute.family.support', 'civil_affairs'],
  ['dispute.land.contract', 'agriculture'],
  ['dispute.land', 'natural_resources'],
  ['dispute.wages', 'human_resources'],
  ['dispute.property', 'housing'],
  ['dispute.consumer', 'market_regulation'],
  ['dispute', 'justice'],
  ['petition', 'petitions'],
  ['appeal.livelihood.water', 'water'],
  ['appeal.livelihood.power', 'power_supply'],
  ['appeal.livelihood.heating', 'housing'],
  ['appeal.livelihood.sanitation', 'urban_management'],
  ['appeal.livelihood.social', 'civil_affairs'],
  ['appeal.livelihood.education', 'education'],
  ['appeal.livelihood.medical', 'health'],
  ['uncivil.public.occupation', 'law_enforcement'],
  ['uncivil.public.parking', 'public_security'],
  ['uncivil.public.burning', 'ecology'],
  ['uncivil', 'urban_management'],
];

export function departmentCodeFor(categoryCode: string): string {
  for (const [prefix, code] of DEPARTMENT_BY_CATEGORY) {
    if (categoryCode === prefix || categoryCode.startsWith(prefix + '.')) return code;
  }
  return 'emergency';
}

export const RECORD_NOTES: Record<EventType, readonly string[]> = {
  hazard: [
    '已到现场核实，设置警示标志并告知相关住户。',
    '已约谈责任人，下达限期整改通知。',
    '已联系专业人员上门检修，正在整改中。',
  ],
  dispute: [
    '已分别走访双方当事人，了解矛盾起因。',
    '组织村调委会召开调解会，双方初步达成意向。',
    '已邀请司法所工作人员参与调解。',
  ],
  petition: [
    '已与信访人见面沟通，详细了解诉求。',
    '已调阅相关档案资料，核实历史情况。',
    '已召开会商研判会，研究化解方案。',
  ],
  appeal: ['已与相关单位对接，协调处理中。', '已上门了解情况，帮助准备申请材料。'],
  uncivil: ['已现场劝导，当事人表示配合。', '已联系保洁人员安排清理。'],
};

export const RESOLVE_NOTES: Record<EventType, readonly string[]> = {
  hazard: ['隐患已整改到位，现场复查无异常。', '已督促责任人完成整改，并拍照留存。', '已清理完毕，恢复正常。'],
  dispute: [
    '经调解，双方达成一致并签订调解协议。',
    '经村调委会调解，双方握手言和，矛盾已化解。',
    '已引导当事人通过司法途径解决，并做好稳控工作。',
  ],
  petition: ['已依法依规答复信访人，信访人表示认可。', '诉求合理部分已解决，已做好解释疏导工作。'],
  appeal: ['已协调相关单位解决，群众表示满意。', '已帮助群众办理完毕。', '问题已解决，已电话回访反映人。'],
  uncivil: ['已现场劝导并清理完毕。', '当事人已自行整改，现场恢复整洁。'],
};

export const VERIFY_NOTES = ['经核查，处置结果属实。', '已现场复核，整改到位。', null, null] as const;
export const CLOSE_NOTES = ['回访群众满意，予以结案。', '经回访，反映人对处理结果满意。', null] as const;
