// From the bytes of a file to a parsed document: charset detection (UTF-8, or
// GB18030/GBK as Chinese portals often serve), format dispatch by extension,
// and clear errors for what cannot be read. No file system here: callers pass bytes.
// Statutes in the LawRefBook Markdown layout get their own parser; binary formats
// (DOCX, PDF) are read by text extractors the runtime supplies (`BinaryReaders`).
// Per-document limits (characters, passages) are checked as early as each figure
// is known, so one hostile file costs little before it is refused.
import { PolicyQaError } from '../errors.js';
import type { Paragraph } from '../model/document.js';
import { DEFAULT_SETTINGS } from '../settings.js';
import { cleanText } from '../text/normalize.js';
import { declaredCharset, htmlToText, HtmlTooDeepError } from './html.js';
import { buildPassages } from './passages.js';
import { isLawRefBookMarkdown, parseStatuteMarkdown, withStatuteMetadata } from './statute.js';
import { headerLineUrl } from './source-url.js';
import { parseDocumentLines, type ParsedDocument } from './structure.js';

/** A file ingest cannot read (reported and skipped). 422 should it ever reach a request. */
export class DocumentReadError extends PolicyQaError {
  constructor(message: string) {
    super(422, 'ingest', message);
    this.name = 'DocumentReadError';
  }
}

export const SUPPORTED_EXTENSIONS = ['.txt', '.html', '.htm', '.md', '.markdown', '.docx', '.pdf'] as const;

/** Extensions whose bytes are not text: they need a reader from `BinaryReaders`. */
export const BINARY_EXTENSIONS = ['.docx', '.pdf'] as const;

/**
 * Text extraction for binary formats, supplied by the runtime (on Node:
 * src/adapters/node/binary-documents.ts). Each returns the document's text, one
 * paragraph or line per entry, and throws DocumentReadError for what it cannot read.
 */
export interface BinaryReaders {
  docx?: (bytes: Uint8Array) => Promise<string[]>;
  pdf?: (bytes: Uint8Array) => Promise<string[]>;
}

/** Size above which a document is refused rather than parsed (bytes). */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/**
 * How much one document may hold (MAX_DOCUMENT_CHARS, MAX_DOCUMENT_PASSAGES): a
 * small compressed file can expand to 100 MB of text and 100,000 passages, and
 * everything after extraction (structure, passages, segmentation) costs in
 * proportion. The largest real documents are far below both (docs/reliability.md).
 */
export interface DocumentLimits {
  /** Most characters of extracted text. */
  maxChars: number;
  /** Most passages the document may split into. */
  maxPassages: number;
}

export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = {
  maxChars: DEFAULT_SETTINGS.MAX_DOCUMENT_CHARS,
  maxPassages: DEFAULT_SETTINGS.MAX_DOCUMENT_PASSAGES,
};

const count = (n: number) => n.toLocaleString('en-US');

/** Refuses extracted text over the character limit: checked before structure and passages are worked out. */
export function checkDocumentChars(chars: number, limits: Pick<DocumentLimits, 'maxChars'>): void {
  if (chars > limits.maxChars) {
    throw new DocumentReadError(`text is ${count(chars)} characters, over the limit of ${count(limits.maxChars)} (MAX_DOCUMENT_CHARS)`);
  }
}

/** The characters of a document's lines or paragraphs, for checkDocumentChars. */
export function textLength(texts: readonly (string | Pick<Paragraph, 'text'>)[]): number {
  let n = 0;
  for (const t of texts) n += typeof t === 'string' ? t.length : t.text.length;
  return n;
}

/** Refuses a document that splits into more passages than the limit: counted before any is segmented or indexed. */
export function checkDocumentPassages(paragraphs: Paragraph[], limits: DocumentLimits): void {
  const passages = buildPassages('', paragraphs).length;
  if (passages > limits.maxPassages) {
    throw new DocumentReadError(`splits into ${count(passages)} passages, over the limit of ${count(limits.maxPassages)} (MAX_DOCUMENT_PASSAGES)`);
  }
}

/** Both limits, for a document read earlier (reused unchanged from the previous knowledge base). */
export function checkDocumentLimits(paragraphs: Paragraph[], limits: DocumentLimits): void {
  checkDocumentChars(textLength(paragraphs), limits);
  checkDocumentPassages(paragraphs, limits);
}

const GB_CHARSETS = new Set(['gbk', 'gb2312', 'gb18030', 'x-gbk', 'cp936']);

/** Decodes bytes as UTF-8, or GB18030 when the page declares a GB charset or the bytes are not UTF-8. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const sample = bytes.subarray(0, 8192);
  let nul = 0;
  for (const b of sample) if (b === 0) nul++;
  if (nul > 0) throw new DocumentReadError('binary content (NUL bytes), not a text document');
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const declared = declaredCharset(head);
  const order = declared && GB_CHARSETS.has(declared) ? ['gb18030', 'utf-8'] : ['utf-8', 'gb18030'];
  for (const encoding of order) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      // A cut-off UTF-8 file must not fall through to GB18030 and come out as mojibake.
      if (encoding === 'utf-8' && endsMidCharacter(bytes)) {
        throw new DocumentReadError('truncated: the file ends in the middle of a UTF-8 character (incomplete copy?)');
      }
    }
  }
  throw new DocumentReadError('not valid UTF-8 or GB18030 text');
}

function htmlPage(text: string) {
  try {
    return htmlToText(text);
  } catch (err) {
    if (err instanceof HtmlTooDeepError) throw new DocumentReadError(err.detail);
    throw err;
  }
}

/** Valid UTF-8 up to an incomplete multi-byte sequence at the very end: the mark of a file cut short. */
function endsMidCharacter(bytes: Uint8Array): boolean {
  let i = bytes.length - 1;
  while (i >= 0 && bytes.length - i <= 3 && (bytes[i] & 0xc0) === 0x80) i--;
  if (i < 0) return false;
  const lead = bytes[i];
  const need = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xc2 && lead < 0xe0 ? 2 : 0;
  if (need === 0 || bytes.length - i >= need) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, i));
    return true;
  } catch {
    return false;
  }
}

function extensionOf(name: string): string {
  const m = name.toLowerCase().match(/\.[a-z0-9]+$/);
  return m ? m[0] : '';
}

/** Markdown (generic documents): headings lose their #, emphasis and links their markup. */
function markdownLines(text: string): { lines: string[]; title: string | null } {
  let title: string | null = null;
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*<!--.*-->\s*$/.test(raw)) continue;
    // 原文链接：https://…_a_b.html as written: the emphasis rule below would eat its underscores.
    if (headerLineUrl(raw)) {
      lines.push(raw);
      continue;
    }
    const h = raw.match(/^#{1,6}\s+(.*)$/);
    if (h && !title && raw.startsWith('# ')) {
      title = h[1].trim();
      continue;
    }
    const line = (h ? h[1] : raw)
      .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[*_`]{1,3}([^*_`]+)[*_`]{1,3}/g, '$1')
      .replace(/^\s*(?:[-*+]|>)\s+/, '');
    lines.push(line);
  }
  return { lines, title };
}

/**
 * Parses one document from its file name and bytes. `relPath` is where it sits relative
 * to the ingest root: a statute's folder tells its type and its file name its version
 * date. DOCX and PDF need `readers`. Rejects with DocumentReadError for what it cannot
 * read and for a document over `limits` (checked as soon as each figure is known).
 */
export async function readDocument(
  fileName: string,
  bytes: Uint8Array,
  relPath: string = fileName,
  readers: BinaryReaders = {},
  limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
): Promise<ParsedDocument> {
  const ext = extensionOf(fileName);
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new DocumentReadError(`unsupported file type "${ext || '(none)'}"`);
  }
  if (bytes.length === 0) throw new DocumentReadError('empty file');
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new DocumentReadError(`file is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${MAX_DOCUMENT_BYTES / 1048576} MB limit`);
  }
  const fallbackTitle = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  let parsed: ParsedDocument;
  if (ext === '.docx' || ext === '.pdf') {
    const reader = ext === '.docx' ? readers.docx : readers.pdf;
    if (!reader) throw new DocumentReadError(`no ${ext.slice(1).toUpperCase()} reader in this runtime`);
    const lines = (await reader(bytes)).map(cleanText);
    checkDocumentChars(textLength(lines), limits);
    parsed = parseDocumentLines(lines, { fallbackTitle });
  } else {
    const text = cleanText(decodeText(bytes));
    if (ext === '.html' || ext === '.htm') {
      const page = htmlPage(text);
      checkDocumentChars(textLength(page.lines), limits);
      parsed = parseDocumentLines(page.lines, { ...page, fallbackTitle });
    } else {
      checkDocumentChars(text.length, limits);
      if ((ext === '.md' || ext === '.markdown') && isLawRefBookMarkdown(text)) {
        // Metadata comes from the file's own record header; nothing to complete.
        const statute = parseStatuteMarkdown(text, relPath);
        if (statute.paragraphs.length === 0) throw new DocumentReadError('no text paragraphs found');
        checkDocumentPassages(statute.paragraphs, limits);
        return statute;
      } else if (ext === '.md' || ext === '.markdown') {
        const md = markdownLines(text);
        parsed = parseDocumentLines(md.lines, { title: md.title, fallbackTitle });
      } else {
        parsed = parseDocumentLines(text.split(/\r?\n/), { fallbackTitle });
      }
    }
  }
  if (parsed.paragraphs.length === 0) throw new DocumentReadError('no text paragraphs found');
  checkDocumentPassages(parsed.paragraphs, limits);
  return withStatuteMetadata(parsed, relPath);
}

/**
 * Joins the visual lines of a PDF page back into paragraphs: a line continues the one
 * before it unless that one ended a sentence or stopped short of the page's text width,
 * or this one starts an article, a heading or an item.
 */
export function reflowLines(lines: string[]): string[] {
  const rows = lines.map((l) => l.replace(/\s+/g, ' ').trim());
  const width = Math.max(0, ...rows.map((l) => l.length));
  const out: string[] = [];
  let prev: string | null = null;
  for (const row of rows) {
    if (!row) {
      prev = null;
      continue;
    }
    const startsUnit = /^(?:[第笫]\s?[一二三四五六七八九十百千零〇两]+\s?[条章节编篇]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}\s*[.．、](?!\d))/.test(row);
    const continues =
      prev !== null && !startsUnit && !/[。！？!?；;：:”」』]$/.test(prev) && prev.length >= Math.floor(width * 0.85);
    if (continues) {
      const joiner = /[A-Za-z0-9,.]$/.test(prev!) && /^[A-Za-z0-9]/.test(row) ? ' ' : '';
      out[out.length - 1] += joiner + row;
    } else {
      out.push(row);
    }
    prev = row;
  }
  return out;
}
