// Joining lines a portal scrape broke mid-sentence (src/ingest/line-repair.ts): small cases,
// the 31 provincial 2026 government work reports as scraped, and the bundled 阳江 report,
// whose paragraph numbers must not move (tests, eval fixtures and saved links cite them).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Paragraph } from '../../src/model/document.js';
import { buildPassages } from '../../src/ingest/passages.js';
import { readDocument } from '../../src/ingest/read-document.js';
import { endsSentence, joinBrokenLines, joinText, markerRank } from '../../src/ingest/line-repair.js';
import { headingRank, parseDocumentLines, type ParsedDocument } from '../../src/ingest/structure.js';
import { cleanText } from '../../src/text/normalize.js';

const REPORTS_DIR = new URL('../../../shared/reports/provincial-2026/', import.meta.url);
const YANGJIANG_FILE = 'yangjiang-2021-law-based-government-report.txt';
const YANGJIANG_URL = new URL(`../../corpus/${YANGJIANG_FILE}`, import.meta.url);

/** Paragraphs as parseDocumentLines collects them: one per line, level from headingRank. */
function lines(...texts: string[]): Paragraph[] {
  return texts.map((text, i) => ({ n: i + 1, text, level: headingRank(text) }));
}

const texts = (ps: Paragraph[]) => ps.map((p) => p.text);

describe('joinBrokenLines on small cases', () => {
  it('joins a body line broken before 是 and after 的, and numbers the paragraphs again', () => {
    const out = joinBrokenLines(
      lines(
        '各位代表：',
        '今年农业农村工作的',
        '总体要求',
        '是：稳面积、提单产，确保粮食总产量稳定在600亿斤以上。',
        '全年完成高标准农田建设120万亩。',
      ),
    );
    expect(texts(out)).toEqual([
      '各位代表：',
      '今年农业农村工作的总体要求是：稳面积、提单产，确保粮食总产量稳定在600亿斤以上。',
      '全年完成高标准农田建设120万亩。',
    ]);
    expect(out.map((p) => p.n)).toEqual([1, 2, 3]);
  });

  it('joins a line left at a comma, an open quotation, or a lone punctuation line', () => {
    expect(texts(joinBrokenLines(lines('新建污水管网800公里，', '改造老旧小区300个。')))).toEqual(['新建污水管网800公里，改造老旧小区300个。']);
    expect(texts(joinBrokenLines(lines('深入实施“数字', '赋能”行动，培育数据企业200家。')))).toEqual([
      '深入实施“数字赋能”行动，培育数据企业200家。',
    ]);
    expect(texts(joinBrokenLines(lines('全省森林覆盖率稳定在六成以上', '。')))).toEqual(['全省森林覆盖率稳定在六成以上。']);
  });

  it('takes a cut-out fragment and the rest of the sentence after it (PM / 10 / 浓度…)', () => {
    const out = joinBrokenLines(lines('持续改善空气质量，细颗粒物和PM', '10', '浓度实现双下降，优良天数比例达到92%。'));
    expect(texts(out)).toEqual(['持续改善空气质量，细颗粒物和PM10浓度实现双下降，优良天数比例达到92%。']);
    // A short fragment between two parts of one sentence: …带资金 / 对接 / ；…
    expect(texts(joinBrokenLines(lines('由企业出题，高校带资金', '对接', '；政府负责搭建平台。')))).toEqual([
      '由企业出题，高校带资金对接；政府负责搭建平台。',
    ]);
  });

  it('separates Latin words and digits with a space, Chinese with nothing', () => {
    expect(joinText('建设Open', 'Source社区')).toBe('建设Open Source社区');
    expect(joinText('增长', '5%')).toBe('增长5%');
    expect(joinText('PM', '2.5')).toBe('PM2.5');
  });

  it('rebuilds a heading whose marker was broken: （ / 二）… is a level-2 heading', () => {
    const out = joinBrokenLines(lines('（', '二）城乡融合发展迈出新步伐。', '新增城镇就业50万人。'));
    expect(out).toEqual([
      { n: 1, text: '（二）城乡融合发展迈出新步伐。', level: 2 },
      { n: 2, text: '新增城镇就业50万人。', level: 0 },
    ]);
  });

  it('joins a speech subtitle broken before its 会议上', () => {
    const out = joinBrokenLines(lines('政府工作报告', '——2026年1月20日在某省第十四届', '人民代表大会第三次会议上', '省长 张三', '各位代表：'));
    expect(texts(out)).toEqual(['政府工作报告', '——2026年1月20日在某省第十四届人民代表大会第三次会议上', '省长 张三', '各位代表：']);
  });

  it('lets no heading, title, salutation or label swallow the text after it', () => {
    const input = lines(
      '一、过去一年工作回顾',
      '过去一年，全省经济总体平稳。',
      '（一）扩大有效需求',
      '实施消费提振行动。',
      '“十五五”时期主要目标任务',
      '“十五五”时期是基本实现现代化的关键时期。',
      '来源：某某日报',
      '时间：2026-02-01',
      '省长作政府工作报告。本报记者 李四 摄',
      '各位代表：',
      '现在，我代表省人民政府，向大会报告工作。',
      '名词解释',
      '1.“两新”：',
      '指大规模设备更新和消费品以旧换新。',
    );
    expect(joinBrokenLines(input)).toEqual(input);
  });

  it('starts a new paragraph at every marker (一、 （一） 1. （1） 一是 ［1］), even after an unfinished line', () => {
    for (const marker of ['二、加强', '（二）加强', '2.加强', '（2）加强', '二是加强', '［2］加强']) {
      const out = joinBrokenLines(lines('一是推进制造业转型，', `${marker}科技创新。`));
      expect(out, marker).toHaveLength(2);
    }
  });

  it('leaves lines that end a sentence alone, closing quotes and brackets included', () => {
    for (const end of ['完成。', '怎么办？', '好！', '如下：', '推进；', '等等……', '他说：“要实干。”', '（详见附件。）']) {
      expect(endsSentence(end), end).toBe(true);
    }
    // A closing quote or bracket alone is not a sentence end: 推进“两重” may stop mid-sentence.
    for (const open of ['推进“两重”', '成渝（兴隆湖）', '取得明显成效，PM', '经济社会发展的']) {
      expect(endsSentence(open), open).toBe(false);
    }
    const input = lines('全年地区生产总值增长5%。', '是年，全省人口稳定增长。');
    expect(joinBrokenLines(input)).toEqual(input);
  });

  it('keeps its marker rule in step with headingRank', () => {
    const samples = ['一、总体要求', '十二．附则', '（三）任务', '(四)任务', '1. 目标', '12、目标', '3.5%的增长', '（1）事项', '(12)事项', '一是推进', '第一，推进', '二〇二六年', '1.“两重”：', '一般规定', '第一条'];
    for (const s of samples) expect(markerRank(s), s).toBe(headingRank(s));
  });

  it('does not touch statutes: parseDocumentLines joins only non-statutes', () => {
    const statute = parseDocumentLines(['某市文明行为促进条例', '第一条 为了培育和践行社会主义核心价值观，', '根据有关法律，制定本条例。', '第二条 本条例适用于本市行政区域。'], {});
    expect(statute.paragraphs.map((p) => p.text)).toEqual([
      '第一条 为了培育和践行社会主义核心价值观，',
      '根据有关法律，制定本条例。',
      '第二条 本条例适用于本市行政区域。',
    ]);
    const report = parseDocumentLines(['某市政府工作报告', '我们坚持稳中求进，', '全力推动高质量发展。'], {});
    expect(report.paragraphs).toEqual([{ n: 1, text: '我们坚持稳中求进，全力推动高质量发展。', level: 0 }]);
  });
});

describe('the bundled 阳江 report keeps every paragraph number and text', () => {
  // Snapshot computed from the code BEFORE joinBrokenLines existed (commit 15592ed, structure.ts
  // without the call): readDocument(YANGJIANG_FILE, bytes), then sha256 over
  // `${n}\t${level}\t${text}\n` for every paragraph in order. parseDocumentLines(text.split(/\r?\n/))
  // gave the same 40 paragraphs and hash.
  const COUNT = 40;
  const SHA256 = '2d27d6ad3319d88923b38a5657444dcfdf6c050a374f2fd9fe5fd36596d0ef9d';

  const digest = (doc: ParsedDocument) => {
    const h = createHash('sha256');
    for (const p of doc.paragraphs) h.update(`${p.n}\t${p.level}\t${p.text}\n`);
    return h.digest('hex');
  };

  it('through readDocument', async () => {
    const doc = await readDocument(YANGJIANG_FILE, readFileSync(YANGJIANG_URL));
    expect(doc.paragraphs).toHaveLength(COUNT);
    expect(digest(doc)).toBe(SHA256);
  });

  it('through parseDocumentLines', () => {
    const text = readFileSync(YANGJIANG_URL, 'utf8');
    const doc = parseDocumentLines(text.split(/\r?\n/), { fallbackTitle: YANGJIANG_FILE.replace(/\.txt$/, '') });
    expect(doc.paragraphs).toHaveLength(COUNT);
    expect(digest(doc)).toBe(SHA256);
  });
});

describe('the 31 provincial 2026 government work reports, as scraped', async () => {
  const files = readdirSync(REPORTS_DIR).filter((f) => f.endsWith('.txt')).sort();
  const reports = new Map<string, { doc: ParsedDocument; rawLines: string[] }>();
  for (const file of files) {
    const bytes = readFileSync(new URL(file, REPORTS_DIR));
    const doc = await readDocument(file, bytes);
    // The file's lines as parseDocumentLines sees them (after cleanText, spaces collapsed).
    const rawLines = cleanText(bytes.toString('utf8'))
      .split(/\r?\n/)
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    reports.set(file.split('-')[0], { doc, rawLines });
  }
  const report = (region: string) => reports.get(region)!;
  const paragraphWith = (region: string, needle: string) => report(region).doc.paragraphs.filter((p) => p.text.includes(needle));

  /** How many lines were joined into another in a document: the raw lines each paragraph spans, less one. */
  function joinsIn(region: string): { joins: number; joined: Paragraph[] } {
    const { doc, rawLines } = report(region);
    const single = new Set(rawLines);
    let joins = 0;
    const joined: Paragraph[] = [];
    for (const p of doc.paragraphs) {
      if (single.has(p.text)) continue;
      joined.push(p);
      // The run of consecutive raw lines whose concatenation is this paragraph.
      const start = rawLines.findIndex((l, i) => p.text.startsWith(l) && spans(rawLines, i, p.text) > 0);
      expect(start, `paragraph ${region} #${p.n} is not made of whole lines`).toBeGreaterThanOrEqual(0);
      joins += spans(rawLines, start, p.text) - 1;
    }
    return { joins, joined };
  }

  it('has all 31 reports', () => {
    expect(files).toHaveLength(31);
  });

  it('joins 主要预期目标 / 是：… (广东) into one paragraph, and one passage', () => {
    const goal = '今年经济社会发展的主要预期目标是：地区生产总值增长4.5%—5%';
    expect(paragraphWith('广东省', goal)).toHaveLength(1);
    expect(paragraphWith('广东省', '主要预期目标')[0].text).toContain('主要预期目标是：');
    expect(paragraphWith('广东省', '“十五五”时期经济社会发展的主要目标是：地区生产总值年均增长5%左右')).toHaveLength(1);
    const passages = buildPassages('guangdong', report('广东省').doc.paragraphs);
    expect(passages.some((p) => p.text.includes(goal))).toBe(true);
    // No paragraph is left holding only the broken pieces.
    expect(report('广东省').doc.paragraphs.filter((p) => ['主要预期目标', '主要目标', '2.5'].includes(p.text))).toEqual([]);
  });

  it('joins the other breaks found in the reports', () => {
    expect(paragraphWith('广东省', '督察整改取得明显成效，PM2.5年平均浓度保持在20微克/立方米左右')).toHaveLength(1);
    expect(paragraphWith('广东省', '以PM2.5浓度持续下降为主线')).toHaveLength(1);
    expect(report('广东省').doc.paragraphs[1]).toMatchObject({ text: '——2026年1月26日在广东省第十四届人民代表大会第五次会议上', level: 0 });
    expect(paragraphWith('天津市', '中国电子增资麒麟软件，协和天津基地建设顺利推进')).toHaveLength(1);
    const item = paragraphWith('四川省', '“双向揭榜挂帅”：');
    expect(item).toHaveLength(1);
    expect(item[0].text).toContain('由技术供给方带团队、带技术揭榜；“成果找市场”');
    expect(item[0].text.endsWith('由成果需求方带资金、带场景揭榜。')).toBe(true);
    const heading = paragraphWith('云南省', '改革开放持续深化、互促共进');
    expect(heading).toEqual([expect.objectContaining({ text: '（三）改革开放持续深化、互促共进。', level: 2 })]);
  });

  it('appends nothing to a heading: every heading is one line of the file, but for the two broken in it', () => {
    // 云南's （三） heading was itself broken at its marker (（ / 三）…), and 四川's glossary item
    // 7. (level 3, term and definition on one line) was broken inside an open quotation “双向 / 揭榜 / 挂帅”….
    const expected = new Set(['（三）改革开放持续深化、互促共进。']);
    for (const [region, { doc, rawLines }] of reports) {
      const single = new Set(rawLines);
      for (const p of doc.paragraphs) {
        if (p.level === 0 || single.has(p.text)) continue;
        if (region === '四川省' && p.text.startsWith('7.“双向揭榜挂帅”：')) continue;
        expect(expected.has(p.text), `${region} #${p.n} L${p.level}: ${p.text.slice(0, 60)}`).toBe(true);
      }
    }
  });

  it('numbers every report 1..n with no gaps', () => {
    for (const { doc } of reports.values()) expect(doc.paragraphs.map((p) => p.n)).toEqual(doc.paragraphs.map((_, i) => i + 1));
  });

  it('joins a small, known number of lines per report', () => {
    const counts: Record<string, number> = {};
    for (const region of reports.keys()) counts[region] = joinsIn(region).joins;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`line joins per report (total ${total}):`, Object.entries(counts).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${n}`).join(', '));
    expect(counts).toEqual({
      ...Object.fromEntries([...reports.keys()].map((r) => [r, 0])),
      广东省: 9, // subtitle 1, PM / 2.5 / … twice (2 + 2), …的 / 主要目标 / 是： and …的 / 主要预期目标 / 是： (2 + 2)
      四川省: 6, // glossary item 7.: “双向 / 揭榜 / 挂帅”… / 揭榜 / ；… / 揭榜 / 。
      天津市: 1, // …麒麟软件， / 协和天津基地…
      云南省: 1, // （ / 三）改革开放…
    });
  });
});

/** How many raw lines from `start` concatenate (no separator, or one space between Latin/digits) to `text`; 0 if none. */
function spans(rawLines: string[], start: number, text: string): number {
  let acc = rawLines[start];
  let k = 1;
  while (acc.length < text.length && start + k < rawLines.length) {
    acc = joinText(acc, rawLines[start + k]);
    k++;
  }
  return acc === text ? k : 0;
}

describe('joinBrokenLines on hostile input (issue #16, finding 14)', () => {
  it('stays linear on a document of lines that never end a sentence', () => {
    // 30,000 lines of 20 characters, each continuing the last: before the joined length was bounded, every
    // join re-scanned the paragraph built so far (about a minute here); now a few seconds at most.
    const lines: Paragraph[] = Array.from({ length: 30_000 }, (_, i) => ({ n: i + 1, text: `，这一行接着上一行写下去没有句号${i}`, level: 0 }));
    const started = performance.now();
    const joined = joinBrokenLines(lines);
    const ms = performance.now() - started;
    expect(ms, `${ms.toFixed(0)} ms`).toBeLessThan(15_000);
    // Still joined, but never into one paragraph longer than any real one could be.
    expect(joined.length).toBeLessThan(lines.length);
    expect(Math.max(...joined.map((p) => p.text.length))).toBeLessThan(12_000);
    expect(joined.map((p) => p.text).join('')).toBe(lines.map((p) => p.text).join(''));
  });
});
