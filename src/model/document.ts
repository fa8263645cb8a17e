// The knowledge base's data model: documents made of numbered paragraphs, and
// passages — the searchable, citable units — each carrying its heading path.

export interface Paragraph {
  /** 1-based place in the document; the anchor is `#p-{n}`. */
  n: number;
  text: string;
  /** 0 for body text, otherwise the heading's depth (1 = 一、, 2 = （一）, …; statutes: 编, 分编, 章, 节). */
  level: number;
  /** 第X条 (or 第X条之一) when this paragraph starts a statute article. */
  article?: string | null;
}

/** Whether a span of text looks back on what was done (工作回顾) or ahead to what is planned (工作安排, 下一步). */
export type Stance = 'reviewed' | 'planned';

/** The years a section speaks for, inclusive, and its stance. */
export interface Period {
  from: number;
  to: number;
  stance: Stance;
}

/** A run of paragraphs (from its heading to the next section) with the period it speaks for. */
export interface SectionFrame {
  /** First paragraph number of the section (its heading). */
  from: number;
  /** Its heading text, for `npm run ingest`'s report and for staff. */
  heading: string;
  period: Period | null;
  /** The heading (or opening words) named the years itself, rather than the document's frame implying them. */
  named?: boolean;
}

/**
 * What a document speaks for, inferred at ingest (src/ingest/frame.ts) or set by
 * staff in a sidecar file: the region (GB/T 2260 code and name; '0' 全国 for
 * national law), the kind of document, the years it reviews and plans, and the
 * period of each section. Passages inherit their section's frame.
 */
export interface DocumentFrame {
  /** GB/T 2260 code of the region the document speaks for ('44' 广东省, '4417' 阳江市, '0' 全国), or null when unknown. */
  regionCode: string | null;
  /** The region's full name (广东省, 阳江市, 全国). */
  region: string | null;
  /** 政府工作报告, 法治政府建设年度报告, 统计公报, 法律, 行政法规, 地方性法规 … or null. */
  kind: string | null;
  /** The years the document as a whole looks back on (a 2026 government work report: 2025). */
  reviewed: Period | null;
  /** The years it plans (a 2026 government work report: 2026). */
  planned: Period | null;
  /** Sections in paragraph order; a paragraph belongs to the last section starting at or before it. */
  sections: SectionFrame[];
  /** Body paragraphs that state problems and shortcomings (同时我们清醒地看到…, 存在的问题 sections). */
  problemParagraphs: number[];
  /** Fields set by staff (sidecar *.meta.json) rather than inferred. */
  overridden: string[];
  /**
   * Whether the text is still the one in force, decided at ingest across the whole library
   * (src/ingest/build.ts lawStatuses, docs/statutes.md#status); absent = current as far as the library knows.
   * Kept in the frame's JSON so knowledge bases built before it still load (they read as current).
   */
  status?: LawStatus;
  /**
   * The document's page on its publisher's portal (an absolute http(s) address), linked as 查看原文网页: from the
   * sidecar's `url`, else the page's canonical link or 原文链接 header line (src/ingest/source-url.ts); absent = none known.
   * Kept in the frame's JSON, like `status`, so knowledge bases built before it still load (without a link).
   */
  sourceUrl?: string;
}

/** A law that is no longer the text in force: an older version (历史版本) or one repealed and replaced (已废止, 已被《…》取代). */
export interface LawStatus {
  state: 'superseded' | 'repealed';
  /** The document in force that takes its place, when the library has it. */
  replacedBy: { id: string; title: string } | null;
  /** How it was decided: a newer file of the same title, a later law's 同时废止 clause, or a 试行/暂行 title the final law drops. */
  basis: 'version' | 'repeal-clause' | 'title';
}

export interface DocumentRecord {
  id: string;
  title: string;
  /** A second title line, e.g. the Civil Code's book (物权编). */
  subtitle: string | null;
  /** Source (来源) as the page states it, e.g. 阳江市人民政府办公室. */
  source: string | null;
  /** Publish date (时间) as YYYY-MM-DD, when the page states one. */
  publishedAt: string | null;
  /** The year the document reports on or was issued in. */
  year: number | null;
  /** 报告, 条例, 规定, 办法, 通知 … when it can be told from the title. */
  type: string | null;
  /** Issuing body where stated (全国人民代表大会常务委员会, 国务院, 公安部 …). */
  issuer: string | null;
  /** The date of this version (YYYY-MM-DD): file-name date, else the last adoption/amendment date. */
  versionDate: string | null;
  /** How the version is cited: 2023年9月1日修订. */
  versionNote: string | null;
  /** Where it came from, relative to the ingest root. */
  path: string;
  paragraphs: Paragraph[];
}

/**
 * A document as a reader parsed it, before it has an id in a knowledge base. `sourceUrl` is the original
 * address the document itself gives (canonical link, 原文链接 line); ingest keeps it in the frame.
 */
export type ParsedDocument = Omit<DocumentRecord, 'id' | 'path'> & { sourceUrl?: string };

export interface Passage {
  /** `{docId}:{paragraph}` or `{docId}:{paragraph}.{part}` when a long paragraph was split. */
  id: string;
  docId: string;
  paragraph: number;
  part: number;
  /** Heading path from the top of the document down to this passage's own lead heading. */
  heading: string[];
  text: string;
  /** 第X条 for statute articles, else null. */
  article: string | null;
}

/** The link to a passage inside its document. */
export function passageUrl(p: Pick<Passage, 'docId' | 'paragraph'>): string {
  return `/doc/${encodeURIComponent(p.docId)}?hl=${p.paragraph}#p-${p.paragraph}`;
}
