// Where a document's original page is (issue #17 item 8: 查看原文网页). Three places
// say it, the first that does wins: staff's sidecar `url` (checked by the sidecar
// schema with httpUrl), an HTML page's own <link rel="canonical"> or
// <meta property="og:url"> (html.ts), and a header line at the top of a text
// document — 原文链接：https://… (parseDocumentLines, with headerLineUrl). Only an
// absolute http(s) address is kept: javascript:, data:, relative and
// protocol-relative addresses are refused, so a link the pages show can only lead
// to a web page.

import { httpUrl, MAX_SOURCE_URL_CHARS } from '../text/urls.js';

export { httpUrl, MAX_SOURCE_URL_CHARS };

/**
 * Labels of a header line that gives the document's original address. Only a line that is
 * nothing but one of these, a colon and the address counts: 原文链接：https://… or URL: https://…,
 * not a sentence that mentions a link.
 */
const URL_HEADER = new RegExp(
  '^(?:原文链接|原文连结|原文連結|原文网址|原文網址|原文地址|原始链接|原始網址|来源网址|來源網址|来源链接|來源連結|来源地址|來源地址|网页地址|網頁地址|网址|網址|链接|鏈接|url|link|source url|source)' +
    '\\s*[:：]\\s*<?(https?://[^\\s<>]+?)>?$',
  'i',
);

/**
 * The address a header line gives (原文链接：https://…, 来源网址: https://…, URL: https://…), or null
 * when the line is anything else or the address is not an absolute http(s) one. parseDocumentLines
 * asks this only of the first lines, before the first body paragraph.
 */
export function headerLineUrl(line: string): string | null {
  const text = line.trim();
  if (text.length > MAX_SOURCE_URL_CHARS + 20) return null;
  const m = URL_HEADER.exec(text);
  return m ? httpUrl(m[1]) : null;
}
