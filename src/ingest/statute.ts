// Statutes as the national database of laws and regulations publishes them, in the
// LawRefBook Markdown layout: `# title`, an optional `# subtitle` (the Civil Code's
// book), the adoption/amendment records up to `<!-- INFO END -->`, then `##`/`###`
// headings (编, 分编, 章, 节) and one paragraph per line, articles starting 第X条.
// Also: the version metadata (issuer, version date and note) read from such records
// wherever they appear, the document type told by the collection's folder, and the
// citation label 《title》第X条（2023年9月1日修订）.
import type { DocumentRecord, Paragraph } from '../model/document.js';
import { cleanText, normalizeForMatch } from '../text/normalize.js';
import {
  articleOf,
  continuesHeading,
  headingRank,
  inferDocumentType,
  inferYear,
  isSectionHeading,
  normalizeHeadingText,
  startsStatuteUnit,
  statuteHeading,
  type ParsedDocument,
} from './structure.js';

const INFO_END = /^\s*<!--\s*INFO END\s*-->\s*$/m;

/** True for a LawRefBook statute file: its header of records ends with `<!-- INFO END -->`. */
export function isLawRefBookMarkdown(text: string): boolean {
  return INFO_END.test(text);
}

/** Document types by the collection's folder names. */
const FOLDER_TYPES: Record<string, string> = {
  宪法: '宪法',
  宪法相关法: '法律',
  民法典: '法律',
  民法商法: '法律',
  刑法: '法律',
  行政法: '法律',
  经济法: '法律',
  社会法: '法律',
  诉讼与非诉讼程序法: '法律',
  行政法规: '行政法规',
  司法解释: '司法解释',
  部门规章: '部门规章',
  地方性法规: '地方性法规',
};

function folders(relPath: string): string[] {
  return relPath.split(/[\\/]+/).slice(0, -1);
}

/**
 * The document type its folder in the statute collection gives (宪法, 法律, 行政法规,
 * 司法解释, 部门规章, 地方性法规), the innermost category folder winning; null when no
 * folder of the path is a category (其他/, or a path outside the collection).
 */
export function documentTypeFromPath(relPath: string): string | null {
  const dirs = folders(relPath);
  for (let i = dirs.length - 1; i >= 0; i--) {
    const type = FOLDER_TYPES[dirs[i]];
    if (type) return type;
  }
  return null;
}

/** The issuing department a 部门规章/<department>/ path names. */
function departmentFromPath(relPath: string): string | null {
  const dirs = folders(relPath);
  const i = dirs.lastIndexOf('部门规章');
  return i >= 0 && dirs[i + 1] ? dirs[i + 1] : null;
}

/** The version date a file name carries: `行政复议法(2023-09-01).md` → 2023-09-01. */
function dateFromFileName(relPath: string): string | null {
  const name = relPath.split(/[\\/]/).pop() ?? '';
  const m = name.match(/[(（](\d{4})-(\d{2})-(\d{2})[)）][^(（]*$/);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

// ---------------------------------------------------------------------------
// Adoption, amendment and effective records

/** One record of a statute's history: `2023年9月1日 第十四届全国人民代表大会常务委员会第五次会议修订`. */
export interface VersionRecord {
  /** YYYY-MM-DD */
  date: string;
  /** 通过, 修订, 修正, 公布, 发布, 批准 or 施行; null when the record names none. */
  action: string | null;
  /** The record after its date. */
  text: string;
}

const RECORD_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})日\s*/;
/** A date inside a record line that starts a record of its own (after a space, 根据 or 、). */
const EMBEDDED_DATE = /(?<=\s|根据|、)\s*(?=\d{4}年\d{1,2}月\d{1,2}日)/g;

function recordAction(text: string): string | null {
  // What a quoted act is called (《关于修改…的决定》) is not what this record did.
  const bare = text.replace(/《[^》]*》?/g, '《》').replace(/〈[^〉]*〉?/g, '');
  if (/修订/.test(bare)) return '修订';
  if (/修正(?!案)|修改/.test(bare)) return '修正';
  // "…会议通过的《刑法修正案（十一）》": amended by the act passed that day.
  if (/(?:通过|批准)的《》/.test(bare)) return '修正';
  for (const action of ['通过', '公布', '发布', '批准', '施行']) if (bare.includes(action)) return action;
  // "中华人民共和国国务院令第692号": an order promulgates.
  if (/令\s*第\s*\d+\s*号|第\s*\d+\s*号令/.test(bare)) return '公布';
  return null;
}

/**
 * Parses record lines: each record starts with a date (full-width digits allowed); a line
 * holding several dated records is split at each date, and lines without a date continue
 * the record before them. Enclosing brackets, as web pages print the records, are dropped.
 */
export function parseVersionRecords(lines: string[]): VersionRecord[] {
  const records: { date: string; text: string }[] = [];
  for (const raw of lines) {
    const line = raw
      .normalize('NFKC')
      .replace(/^\s*[(（]|[)）]\s*$/g, '')
      .trim();
    if (!line) continue;
    for (const segment of line.split(EMBEDDED_DATE)) {
      const s = segment.trim();
      if (!s) continue;
      const m = s.match(RECORD_DATE);
      if (m) {
        records.push({
          date: `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`,
          text: s.slice(m[0].length).trim(),
        });
      } else if (records.length) {
        records[records.length - 1].text += ` ${s}`;
      }
    }
  }
  return records.map((r) => {
    const text = r.text.replace(/[\s)）]+$/, '').trim();
    return { date: r.date, text, action: recordAction(text) };
  });
}

const CN_ORDINAL = '[一二三四五六七八九十百零〇\\d]+';
const NPC = new RegExp(`^(\\S{0,12}?)(?:第${CN_ORDINAL}届)?(全国)?人民代表大会(常务?委员会)?`);
const ORGAN = new RegExp(
  `^(.{2,40}?)(?:令|第\\s*${CN_ORDINAL}\\s*[次号届]|\\d{4}年|(?:常务|部务|部长办公|室务|全体)?会议|审议|批准|发布|公布|通过|修订|施行)`,
);
const ORGAN_ALONE = /^[\u4e00-\u9fff、]{2,20}(?:院|部|委员会|委|局|署|厅|室|中央|政府)$/;

/** The body a record names as adopting or issuing the text, or null. */
export function issuerOfRecord(text: string): string | null {
  const t = text.normalize('NFKC').replace(/^[经由]/, '').trim();
  if (/^最高人民(?:法院|检察院)/.test(t) && t.includes('最高人民法院') && t.includes('最高人民检察院')) {
    return '最高人民法院、最高人民检察院';
  }
  const court = t.match(/^最高人民(?:法院|检察院)/);
  if (court) return court[0];
  const npc = t.match(NPC);
  if (npc && (npc[1] === '' || /[省市州县区盟旗]$/.test(npc[1]))) {
    return `${npc[1]}${npc[2] ?? ''}人民代表大会${npc[3] ? '常务委员会' : ''}`;
  }
  const plain = t.replace(/^中华人民共和国/, '');
  const organ = plain.match(ORGAN)?.[1] ?? (ORGAN_ALONE.test(plain) ? plain : null);
  if (!organ || /[《〈\d]|关于|根据/.test(organ)) return null;
  return organ.replace(/中华人民共和国/g, '').trim().replace(/\s+/g, '、') || null;
}

/** The issuer a title names: 最高人民法院关于…, 国务院关于…, 最高人民法院、最高人民检察院关于…. */
function issuerFromTitle(title: string): string | null {
  const m = title.match(
    /^((?:最高人民法院|最高人民检察院|国务院办公厅|国务院|中共中央办公厅|中共中央|全国人民代表大会常务委员会|全国人民代表大会|中央军事委员会)(?:[、\s]+(?:最高人民法院|最高人民检察院|国务院|中央军事委员会|公安部|司法部))*)\s*关于/,
  );
  return m ? m[1].replace(/\s+/g, '、') : null;
}

const ADOPTING = new Set(['通过', '修订', '修正']);
const ISSUING = new Set(['公布', '发布', '批准']);

/** How a version is cited: the last record that adopts or amends the text (`2023年9月1日修订`). */
export function versionNoteOf(records: VersionRecord[]): string | null {
  const pick =
    records.findLast((r) => r.action && ADOPTING.has(r.action)) ??
    records.findLast((r) => r.action && ISSUING.has(r.action)) ??
    records.findLast((r) => r.action === '施行');
  if (!pick) return null;
  const [y, m, d] = pick.date.split('-').map(Number);
  return `${y}年${m}月${d}日${pick.action}`;
}

export interface StatuteMetadata {
  issuer: string | null;
  versionDate: string | null;
  versionNote: string | null;
  type: string | null;
}

/** Version metadata from a statute's records, its path and its title. */
export function statuteMetadata(records: VersionRecord[], relPath: string, title: string): StatuteMetadata {
  let fromRecords = records[0] ? issuerOfRecord(records[0].text) : null;
  // "最高人民法院审判委员会第1444次会议、2008年5月8日最高人民检察院…会议通过": adopted jointly.
  if (fromRecords && records[0].text.endsWith('、') && records[1]) {
    const other = issuerOfRecord(records[1].text);
    if (other && other !== fromRecords) fromRecords = `${fromRecords}、${other}`;
  }
  const type = documentTypeFromPath(relPath) ?? inferDocumentType(title);
  // Administrative regulations are the State Council's by definition (立法法); a department's
  // rules are filed under 部门规章/<department>/.
  const issuer =
    fromRecords ?? issuerFromTitle(title) ?? departmentFromPath(relPath) ?? (type === '行政法规' ? '国务院' : null);
  return {
    issuer,
    versionDate: dateFromFileName(relPath) ?? records.at(-1)?.date ?? null,
    versionNote: versionNoteOf(records),
    type,
  };
}

/** The paragraphs before a statute's first article or heading that are dated records (（2023年9月1日…修订）). */
function recordParagraphs(paragraphs: Paragraph[]): string[] {
  const found: string[] = [];
  for (const p of paragraphs) {
    if (p.article || p.level > 0) break;
    const t = p.text.normalize('NFKC').replace(/^\s*[(（]\s*/, '');
    if (RECORD_DATE.test(t) && t.length <= 2000) found.push(p.text);
  }
  return found;
}

/**
 * Completes a statute read from a web page, text or office file: the records printed
 * under its title (（2023年9月1日第十四届…修订）) give issuer, version date and note;
 * the folder gives the type. Documents without articles are returned unchanged.
 */
export function withStatuteMetadata(doc: ParsedDocument, relPath: string): ParsedDocument {
  if (!doc.paragraphs.some((p) => p.article)) return doc;
  const meta = statuteMetadata(parseVersionRecords(recordParagraphs(doc.paragraphs)), relPath, doc.title);
  const versionDate = meta.versionDate ?? doc.versionDate;
  return {
    ...doc,
    issuer: doc.issuer ?? meta.issuer,
    source: doc.source ?? meta.issuer,
    versionDate,
    publishedAt: doc.publishedAt ?? versionDate,
    versionNote: doc.versionNote ?? meta.versionNote,
    year: doc.year ?? (versionDate ? Number(versionDate.slice(0, 4)) : null),
    type: documentTypeFromPath(relPath) ?? doc.type,
  };
}

// ---------------------------------------------------------------------------
// LawRefBook Markdown

/**
 * Parses one LawRefBook statute file. `relPath` (relative to the collection, or any path
 * that keeps its folders) gives the type (by folder), the version date (by file name)
 * and, for 部门规章/<department>/, the issuer when the records name none.
 */
export function parseStatuteMarkdown(text: string, relPath: string): ParsedDocument {
  const lines = cleanText(text).split(/\r?\n/);
  const end = lines.findIndex((l) => INFO_END.test(l));
  const header = end >= 0 ? lines.slice(0, end) : [];
  const body = end >= 0 ? lines.slice(end + 1) : lines;

  const titles: string[] = [];
  const recordLines: string[] = [];
  for (const raw of header) {
    const line = raw.trim();
    if (!line) continue;
    const h = line.match(/^#\s+(.*)$/);
    if (h) titles.push(h[1].trim());
    else if (!/^<!--.*-->$/.test(line)) recordLines.push(line);
  }

  // Body: headings by their text (第X编/分编/章/节), other headings by their # depth
  // placed where this file's statute headings of that depth sit.
  type Line = { text: string; depth: number };
  const items: Line[] = [];
  for (const raw of body) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (!line || /^<!--.*-->$/.test(line)) continue;
    const h = line.match(/^(#{1,6})\s*(.*)$/);
    if (h) {
      const heading = normalizeHeadingText(h[2]);
      if (heading) items.push({ text: heading, depth: h[1].length });
      continue;
    }
    items.push({ text: line, depth: 0 });
  }
  if (titles.length === 0 && items[0] && items[0].depth === 0 && !articleOf(items[0].text)) {
    titles.push(items.shift()!.text);
  }
  // A heading broken over two lines ("### 第六节 调取、查封、扣押物证、书证" + "和视听资料、电子数据").
  for (let i = items.length - 2; i >= 1; i--) {
    const [prev, it, next] = [items[i - 1], items[i], items[i + 1]];
    if (prev.depth > 0 && it.depth === 0 && statuteHeading(prev.text) && continuesHeading(it.text, next.depth > 0 || startsStatuteUnit(next.text))) {
      prev.text += it.text;
      items.splice(i, 1);
    }
  }
  const levelAtDepth = new Map<number, number>();
  for (const it of items) {
    const level = it.depth > 0 ? statuteHeading(it.text)?.level : undefined;
    if (level !== undefined && !levelAtDepth.has(it.depth)) levelAtDepth.set(it.depth, level);
  }
  const hasArticles = items.some((it) => it.depth === 0 && articleOf(it.text));
  const hasHeadings = items.some((it) => it.depth > 0);

  const paragraphs: Paragraph[] = items.map((it, i): Paragraph => {
    const n = i + 1;
    if (it.depth > 0) {
      return { n, text: it.text, level: statuteHeading(it.text)?.level ?? levelAtDepth.get(it.depth) ?? it.depth + 1 };
    }
    const article = articleOf(it.text);
    if (article) return { n, text: it.text, level: 0, article };
    // A statute line that reads like a heading but has no # (第二章 总则 on its own).
    const heading = statuteHeading(it.text);
    if (heading && hasArticles) return { n, text: heading.text, level: heading.level };
    const next = items[i + 1];
    if (hasArticles && isSectionHeading(it.text, next !== undefined && (next.depth > 0 || startsStatuteUnit(next.text)))) {
      return { n, text: normalizeHeadingText(it.text), level: levelAtDepth.get(2) === 3 ? 4 : 3 };
    }
    // Texts numbered 一、二、… instead of by article (notices, replies) keep their outline
    // as reports do, unless the file already marks its headings with #.
    return { n, text: it.text, level: hasArticles || hasHeadings ? 0 : headingRank(it.text) };
  });

  const title = titles[0] ?? (relPath.split(/[\\/]/).pop() ?? '').replace(/\.[^.]+$/, '').replace(/[(（]\d{4}-\d{2}-\d{2}[)）]$/, '');
  let records = parseVersionRecords(recordLines);
  // No records in the header: some files print them under the title instead, in brackets.
  if (records.length === 0) records = parseVersionRecords(recordParagraphs(paragraphs));
  const meta = statuteMetadata(records, relPath, title);
  return {
    title,
    subtitle: titles[1] ?? null,
    source: meta.issuer,
    publishedAt: meta.versionDate,
    year: meta.versionDate ? Number(meta.versionDate.slice(0, 4)) : inferYear(title, null),
    type: meta.type,
    issuer: meta.issuer,
    versionDate: meta.versionDate,
    versionNote: meta.versionNote,
    paragraphs,
  };
}

// ---------------------------------------------------------------------------
// Repeal clauses

/** A 《title》, with titles quoted inside it as 〈〉 (《广东省实施〈中华人民共和国土地管理法〉办法》). */
const QUOTED_TITLE = /《((?:[^《》〈〉]|〈[^〈〉]*〉)+)》/g;

/**
 * The laws a statute repeals on taking effect, by the titles its closing article quotes:
 * 本法自2022年6月5日起施行。《中华人民共和国环境噪声污染防治法》同时废止 → [中华人民共和国环境噪声污染防治法].
 * Only the sentence that says 同时废止 counts (titles in the article's other sentences are not repealed),
 * and a clause without a 《title》 (本法施行前的规定同时废止) names nothing. LawRefBook's files carry no
 * status of their own, so this clause in the later law is the one general signal that a law was replaced.
 */
export function repealedTitles(paragraphs: Pick<Paragraph, 'text' | 'level'>[]): string[] {
  const titles: string[] = [];
  for (const p of paragraphs) {
    if (p.level !== 0 || !p.text.includes('同时废止')) continue;
    for (const sentence of p.text.split(/[。；;]/)) {
      const at = sentence.indexOf('同时废止');
      if (at < 0) continue;
      for (const m of sentence.slice(0, at).matchAll(QUOTED_TITLE)) {
        const title = m[1].replace(/〈/g, '《').replace(/〉/g, '》').trim();
        if (title && !titles.includes(title)) titles.push(title);
      }
    }
  }
  return titles;
}
