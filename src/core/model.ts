// The knowledge base's data model: documents made of numbered paragraphs, and
// passages — the searchable, citable units — each carrying its heading path.

export interface Paragraph {
  /** 1-based place in the document; the anchor is `#p-{n}`. */
  n: number;
  text: string;
  /** 0 for body text, otherwise the heading's depth (1 = 一、, 2 = （一）, …). */
  level: number;
}

export interface DocumentRecord {
  id: string;
  title: string;
  /** Source (来源) as the page states it, e.g. 阳江市人民政府办公室. */
  source: string | null;
  /** Publish date (时间) as YYYY-MM-DD, when the page states one. */
  publishedAt: string | null;
  /** The year the document reports on or was issued in. */
  year: number | null;
  /** 报告, 条例, 规定, 办法, 通知 … when it can be told from the title. */
  type: string | null;
  /** Where it came from, relative to the ingest root. */
  path: string;
  paragraphs: Paragraph[];
}

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
