/**
 * Seeded randomness and Chinese names for the demo county (示范县). Everything the demo generator
 * draws comes from here, so one seed always yields the same county, people and events — on any
 * machine, in any Node version (no Math.random, no locale, no clock).
 */

/** sfc32, seeded through splitmix32: fast, 128 bits of state, good enough for synthetic data. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** An independent stream derived from this seed and a label: drawing more in one part of the
   *  generator then does not shift what another part draws. */
  static derive(seed: number, label: string): Random {
    return new Random(hash32(`${seed >>> 0}:${label}`));
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform real in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight; entries are [value, weight]. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  /** Roughly normal (sum of four uniforms): cheap, bounded at ±3.5 sd, which suits synthetic data. */
  normal(mean: number, sd: number): number {
    const u = this.next() + this.next() + this.next() + this.next() - 2; // variance 1/3
    return mean + sd * u * Math.sqrt(3);
  }

  /** Log-normal-ish duration: median `median`, spread factor `spread` (e.g. 2 = mostly ×½…×2). */
  skewed(median: number, spread: number): number {
    return median * Math.pow(spread, this.normal(0, 1));
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** `n` lowercase hex digits. */
  hex(n: number): string {
    let out = '';
    while (out.length < n) out += this.uint32().toString(16).padStart(8, '0');
    return out.slice(0, n);
  }
}

/** FNV-1a over UTF-16 code units, finished with a murmur mix. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A deterministic value in [0, 1) for integer coordinates: lattice jitter without state. */
export function hashUnit(seed: number, x: number, y: number, salt: number): number {
  let h = Math.imul(seed ^ 0x27d4eb2d, 0x9e3779b1) ^ Math.imul(x + 0x632be5ab, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35) ^ Math.imul(y + 0x1b873593, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 13), 0x165667b1) ^ Math.imul(salt + 1, 0xd3a2646c);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

// ---------------------------------------------------------------------------------------------
// Chinese numbers
// ---------------------------------------------------------------------------------------------

const DIGITS_ZH = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 16 → 十六, 21 → 二十一, 105 → 一百零五. */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS_ZH[n];
  if (n < 20) return '十' + (n % 10 ? DIGITS_ZH[n % 10] : '');
  if (n < 100) return DIGITS_ZH[Math.floor(n / 10)] + '十' + (n % 10 ? DIGITS_ZH[n % 10] : '');
  const rest = n % 100;
  const head = DIGITS_ZH[Math.floor(n / 100)] + '百';
  if (rest === 0) return head;
  return head + (rest < 10 ? '零' + DIGITS_ZH[rest] : rest < 20 ? '一' + chineseNumber(rest) : chineseNumber(rest));
}

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

/** Common surnames with rough frequency weights (王李张刘陈 lead, as in the census). */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72],
  ['李', 70],
  ['张', 66],
  ['刘', 53],
  ['陈', 45],
  ['杨', 33],
  ['赵', 20],
  ['黄', 18],
  ['周', 17],
  ['吴', 16],
  ['徐', 14],
  ['孙', 13],
  ['马', 13],
  ['胡', 12],
  ['朱', 11],
  ['郭', 11],
  ['何', 9],
  ['罗', 9],
  ['高', 9],
  ['林', 8],
  ['梁', 7],
  ['宋', 7],
  ['郑', 7],
  ['谢', 6],
  ['韩', 6],
  ['唐', 6],
  ['冯', 6],
  ['董', 5],
  ['程', 5],
  ['曹', 5],
  ['袁', 5],
  ['邓', 5],
  ['许', 5],
  ['傅', 4],
  ['沈', 4],
  ['曾', 4],
  ['彭', 4],
  ['吕', 4],
  ['苏', 4],
  ['蒋', 4],
  ['魏', 4],
  ['贾', 4],
  ['丁', 3],
  ['薛', 3],
  ['牛', 3],
  ['包', 2],
  ['雷', 3],
  ['姚', 3],
  ['汪', 2],
  ['田', 3],
  ['任', 3],
  ['姜', 3],
  ['范', 3],
  ['石', 3],
  ['康', 2],
  ['慕', 1],
  ['巩', 1],
  ['令狐', 1],
  ['欧阳', 1],
  ['司马', 1],
];

const GIVEN_MALE =
  '伟强磊军勇杰涛斌辉刚明超华建国平志宏俊峰鹏浩亮文斌成龙海东波林春晓飞宇健兵学荣忠正坤义祥贵福生宝'.split('');
const GIVEN_FEMALE = '芳娟敏静丽艳娜霞秀英红梅兰玲燕萍婷雪琳洁倩颖慧凤桂珍莉琴云瑞佳悦欣月彩翠'.split('');
const GIVEN_SECOND = '明华国建文志春永海德小晓金玉立学新家子雨思嘉天宏泽俊'.split('');

export function personName(rng: Random): string {
  const surname = rng.weighted(SURNAMES);
  const pool = rng.chance(0.55) ? GIVEN_MALE : GIVEN_FEMALE;
  if (rng.chance(0.3)) return surname + rng.pick(pool);
  if (rng.chance(0.45)) return surname + rng.pick(GIVEN_SECOND) + rng.pick(pool);
  return surname + rng.pick(pool) + rng.pick(pool);
}

/** Just a surname with 某, the way reports and case files anonymise people (王某某). */
export function anonymisedName(rng: Random): string {
  return rng.weighted(SURNAMES) + (rng.chance(0.6) ? '某' : '某某');
}

const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '173',
  '175',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '193',
  '195',
  '198',
  '199',
];

/** A plausible mainland mobile number: 1[3-9]x followed by eight digits. */
export function phoneNumber(rng: Random): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

// ---------------------------------------------------------------------------------------------
// Places (names in the style of the loess-plateau counties of eastern Gansu)
// ---------------------------------------------------------------------------------------------

const PLACE_SURNAMES = '王李张刘陈杨赵马何高郭冯曹朱韩吕范贾牛田罗石魏宋康雷苏'.split('');
const PLACE_SETTLEMENT = '家庄湾营堡寨坪岔沟川塬岘'.split('');
const PLACE_NATURE = [
  '东',
  '西',
  '南',
  '北',
  '上',
  '下',
  '前',
  '后',
  '中',
  '大',
  '小',
  '新',
  '老',
  '高',
  '柳',
  '杨',
  '榆',
  '槐',
  '桃',
  '杏',
  '石',
  '红',
  '白',
  '黑',
  '青',
  '黄',
  '金',
  '碾',
  '磨',
  '井',
  '泉',
  '水',
  '河',
  '峡',
  '梁',
  '岭',
  '峰',
  '阳',
  '阴',
  '马',
];
const PLACE_TERRAIN = '沟湾川坪岔塬峪坡岭山河滩泉峡梁洼'.split('');
const TOWN_STEMS = [
  '新集',
  '安定',
  '马营',
  '太平',
  '云台',
  '柳林',
  '义岗',
  '石峰',
  '平安',
  '鸡川',
  '陇川',
  '北城',
  '碧玉',
  '华家岭',
  '寺子',
  '襄南',
  '常家河',
  '榜罗',
  '什川',
  '三铺',
  '李店',
  '陇阳',
  '秦川',
  '龙泉',
  '红土',
  '温泉',
  '黑石',
  '金山',
  '峡口',
  '青岚',
  '古城',
  '杏园',
  '高庙',
  '东峡',
  '南河',
  '雪山',
  '永宁',
  '清溪',
  '花园',
];
const COMMUNITY_STEMS = [
  '东关',
  '西关',
  '南关',
  '北关',
  '幸福',
  '和平',
  '建设',
  '解放',
  '文化',
  '新华',
  '团结',
  '振兴',
  '光明',
  '滨河',
  '育才',
  '民主',
  '人民',
  '友谊',
  '朝阳',
  '红星',
  '安居',
  '康乐',
  '长青',
  '锦华',
  '花园',
  '体育',
  '广场',
  '车站',
  '东城',
  '西城',
  '北苑',
  '南苑',
  '金城',
  '惠民',
  '富民',
  '兴隆',
  '永安',
  '泰和',
  '祥和',
  '双拥',
  '新城',
  '丰收',
  '杏林',
  '锦绣',
  '阳光',
  '翠柳',
  '春华',
  '秋实',
  '向阳',
  '胜利',
];
const COMMUNITY_SUFFIX = ['', '', '', '路', '街', '苑'];
const SUBDISTRICT_NAMES = [
  '城关街道',
  '东城街道',
  '西城街道',
  '南关街道',
  '北关街道',
  '新城街道',
  '河滨街道',
  '文峰街道',
];
const COMPOUND_STEMS = [
  '幸福',
  '锦绣',
  '阳光',
  '金色',
  '翠苑',
  '丽景',
  '书香',
  '馨园',
  '和谐',
  '怡和',
  '滨河',
  '世纪',
  '盛世',
  '嘉禾',
  '康馨',
  '瑞祥',
  '金都',
  '御景',
  '富康',
  '民安',
  '电力',
  '教师',
  '粮食局',
  '水务',
  '农行',
  '供销社',
  '兴盛',
  '龙湾',
];
const COMPOUND_SUFFIX = ['小区', '花园', '家园', '苑', '家属院', '新村', '雅居'];

/** Gives out names that are unique within the namer: retries, then disambiguates. */
export class UniqueNamer {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Random) {}

  take(
    make: (rng: Random) => string,
    disambiguate: (base: string, n: number) => string = (b, n) => `${b}${n}`,
  ): string {
    for (let attempt = 0; attempt < 40; attempt++) {
      const name = make(this.rng);
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
    const base = make(this.rng);
    for (let n = 2; ; n++) {
      const name = disambiguate(base, n);
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }

  reserve(name: string): void {
    this.used.add(name);
  }
}

/** The stem of a village name: 王家, 柳树湾, 东沟, 上马营 … */
export function villageStem(rng: Random): string {
  const r = rng.next();
  if (r < 0.4) return rng.pick(PLACE_SURNAMES) + rng.pick(PLACE_SETTLEMENT);
  if (r < 0.8) return rng.pick(PLACE_NATURE) + rng.pick(PLACE_TERRAIN);
  return (
    rng.pick(['上', '下', '前', '后', '东', '西', '南', '北']) + rng.pick(PLACE_SURNAMES) + rng.pick(PLACE_SETTLEMENT)
  );
}

export function villageName(rng: Random): string {
  return villageStem(rng) + '村';
}

export function communityName(rng: Random): string {
  return rng.pick(COMMUNITY_STEMS) + rng.pick(COMMUNITY_SUFFIX) + '社区';
}

/** A town stem: from the list of real-sounding ones, else a generated place stem. */
export function townStem(rng: Random): string {
  return rng.chance(0.7) ? rng.pick(TOWN_STEMS) : villageStem(rng);
}

export function subdistrictName(index: number): string {
  return SUBDISTRICT_NAMES[index] ?? `第${chineseNumber(index + 1)}街道`;
}

/** 镇 (most) or 乡 after a stem. */
export function townSuffix(rng: Random): '镇' | '乡' {
  return rng.chance(0.72) ? '镇' : '乡';
}

/** A residential compound (小区) name, for the grids of a community. */
export function compoundName(rng: Random): string {
  return rng.pick(COMPOUND_STEMS) + rng.pick(COMPOUND_SUFFIX);
}

/** 第一网格, 第二网格 … */
export function ruralGridName(n: number): string {
  return `第${chineseNumber(n)}网格`;
}

/** 幸福小区3号楼网格 */
export function compoundGridName(compound: string, building: number): string {
  return `${compound}${building}号楼网格`;
}

/** Spots in a village or community that reports name (where the problem is). */
export const VILLAGE_SPOTS = [
  '村委会门前',
  '村东头',
  '村西头',
  '村口',
  '一组',
  '二组',
  '三组',
  '四组',
  '五组',
  '六组',
  '小学附近',
  '河道旁',
  '集市',
  '村道',
  '文化广场',
  '卫生室旁',
  '砖厂附近',
  '果园',
  '老庄子',
  '新农村安置点',
  '水泥路边',
  '渠边',
];
export const COMMUNITY_SPOTS = [
  '小区门口',
  '地下车库',
  '沿街商铺',
  '单元楼道',
  '楼顶平台',
  '小区广场',
  '垃圾收集点',
  '菜市场',
  '背街小巷',
  '农贸市场',
  '幼儿园门口',
  '公交站旁',
  '小区东门',
  '小区北门',
  '临街门面',
];
