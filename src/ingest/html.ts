// Portal pages to paragraph lines. A streaming parser (no DOM, no recursion),
// so even absurdly nested markup costs linear time; navigation, share widgets,
// scripts and footers are dropped by tag and by class/id before any text is kept.
import { Parser } from 'htmlparser2';
import { PolicyQaError } from '../errors.js';
import { httpUrl } from './source-url.js';

const BLOCK = new Set([
  'p', 'div', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'tr', 'td', 'th', 'section', 'article',
  'table', 'ul', 'ol', 'dd', 'dt', 'dl', 'pre', 'blockquote', 'hr', 'main', 'center', 'title',
]);
const SKIP_TAG = new Set(['script', 'style', 'noscript', 'nav', 'footer', 'header', 'iframe', 'select', 'button', 'form', 'svg', 'template', 'object']);
const SKIP_CLASS = /(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|share|bdshare|breadcrumb|crumb|toolbar|sidebar|banner|copyright|topbar|header|search|print|qrcode|fontsize|position|location)(?:$|[\s_\d-])/i;
// Void elements never get a closing tag event worth tracking.
const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'area', 'base', 'col', 'embed', 'param', 'source', 'track', 'wbr']);

/**
 * Deeper nesting than this is refused: no real page comes near it (browsers
 * themselves flatten past 512), and such a file is broken or hostile. The
 * parser would cope, but the file is reported rather than quietly indexed.
 */
export const MAX_HTML_DEPTH = 10_000;

/** Thrown for a page nested deeper than MAX_HTML_DEPTH; read-document turns it into a DocumentReadError (same message). */
export class HtmlTooDeepError extends PolicyQaError {
  constructor() {
    super(422, 'ingest', `HTML nested more than ${MAX_HTML_DEPTH} elements deep; not a page this reader accepts`);
    this.name = 'HtmlTooDeepError';
  }
}

export interface HtmlText {
  lines: string[];
  /** Title from <meta name="ArticleTitle">, <h1> or <title>. */
  title: string | null;
  /** Source and date from the portal's meta tags, when present. */
  source: string | null;
  publishedAt: string | null;
  /** The page's own address: <link rel="canonical" href>, else <meta property="og:url">, when absolute http(s). */
  sourceUrl: string | null;
}

/** The charset an HTML page declares in its first bytes, if any (lower case). */
export function declaredCharset(head: string): string | null {
  const m = head.match(/<meta[^>]+charset\s*=\s*["']?([\w-]+)/i);
  return m ? m[1].toLowerCase() : null;
}

export function htmlToText(html: string): HtmlText {
  const lines: string[] = [];
  let current = '';
  let skipDepth = 0;
  const stack: boolean[] = []; // per open element: does it start a skipped subtree?
  const meta: Record<string, string> = {};
  let inTitle = false;
  let titleText = '';
  let inH1 = false;
  let h1Text = '';
  const canonical: string[] = [];

  const flush = () => {
    const line = current.replace(/\s+/g, ' ').trim();
    if (line) lines.push(line);
    current = '';
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'meta') {
          const key = (attrs.name ?? attrs.property ?? '').toLowerCase();
          if (key && attrs.content) meta[key] = attrs.content;
          return;
        }
        if (name === 'link' && canonical.length === 0 && attrs.href && /(?:^|\s)canonical(?:\s|$)/i.test(attrs.rel ?? '')) canonical.push(attrs.href);
        if (BLOCK.has(name)) flush();
        if (name === 'title') inTitle = true;
        if (name === 'h1') inH1 = true;
        if (VOID.has(name)) return;
        const skip = SKIP_TAG.has(name) || SKIP_CLASS.test(`${attrs.class ?? ''} ${attrs.id ?? ''}`);
        stack.push(skip);
        if (stack.length > MAX_HTML_DEPTH) throw new HtmlTooDeepError();
        if (skip) skipDepth++;
      },
      ontext(text) {
        if (inTitle) {
          titleText += text;
          return;
        }
        if (skipDepth > 0) return;
        if (inH1) h1Text += text;
        current += text;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (name === 'h1') inH1 = false;
        if (VOID.has(name)) {
          if (BLOCK.has(name)) flush();
          return;
        }
        if (stack.pop()) skipDepth--;
        if (BLOCK.has(name)) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();

  const date = (meta.pubdate ?? meta['article:published_time'] ?? '').match(/(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})/);
  return {
    lines,
    title: (meta.articletitle ?? h1Text.trim()) || titleText.trim() || null,
    source: meta.contentsource ?? null,
    publishedAt: date ? `${date[1]}-${date[2].padStart(2, '0')}-${date[3].padStart(2, '0')}` : null,
    // Relative or non-http(s) addresses are not kept (an og:url may still give an absolute one).
    sourceUrl: httpUrl(canonical[0]) ?? httpUrl(meta['og:url']),
  };
}
