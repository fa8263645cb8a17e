// A whole document: metadata, then every paragraph addressable as #p-N, with
// headings shown as headings (h2 一、 › h3 （一） › h4 1. and below) and the cited
// paragraph highlighted — by colour, an outline and a visible 引用段落 label, so
// not by colour alone. Opened from an answer (?hl=N&mark=…#p-N), the answer's
// words are marked inside the cited paragraph when they stand there verbatim;
// the paragraph is scrolled to with context above it (scroll-margin-top in
// style.css, no script). A document with a page on its publisher's portal links
// to it (查看原文网页).
import type { DocumentFrame, DocumentRecord } from '../src/model/document.js';
import { StatusMark, originalPageUrl } from './citation-list.js';
import { documentTypeLabel } from '../src/i18n/english.js';
import { splitLead } from '../src/text/sentences.js';
import { toSimplified } from '../src/text/normalize.js';
import type { Ui } from './ui.js';

/** Where `mark` (or its conversion to the interface's script) stands in `shown`, or null when it is not there verbatim. */
function findMark(ui: Ui, shown: string, mark: string | null | undefined): [number, number] | null {
  const wanted = mark?.trim();
  if (!wanted) return null;
  // A link made on a 繁體 page opened on a 简体 one (or the other way round) still finds its words.
  for (const candidate of [wanted, ui.text(wanted), ui.text(toSimplified(wanted))]) {
    const at = shown.indexOf(candidate);
    if (at !== -1) return [at, at + candidate.length];
  }
  return null;
}

/** `piece` of a paragraph, starting at `offset` in its shown text, with the marked range (if it falls here) in <mark>. */
function withMarked(piece: string, offset: number, range: [number, number] | null) {
  if (!range) return piece;
  const from = Math.max(range[0] - offset, 0);
  const to = Math.min(range[1] - offset, piece.length);
  if (from >= to) return piece;
  return (
    <>
      {piece.slice(0, from)}
      <mark class="answer-mark">{piece.slice(from, to)}</mark>
      {piece.slice(to)}
    </>
  );
}

export interface DocumentViewProps {
  ui: Ui;
  /** `sourceUrl` (here or in the frame): the document's page on the publisher's portal, when the library knows it. */
  doc: DocumentRecord & { frame?: Pick<DocumentFrame, 'status'> & { sourceUrl?: string | null }; sourceUrl?: string | null };
  highlight: number | null;
  /** The answer's words (?mark=), marked in the highlighted paragraph when found there verbatim. */
  mark?: string | null;
}

export function DocumentView({ ui, doc, highlight, mark = null }: DocumentViewProps) {
  const { t, text } = ui;
  const original = originalPageUrl(doc.sourceUrl ?? doc.frame?.sourceUrl);
  // 历史版本 / 已废止 · 已被《…》取代 under the title, with the link to the text in force.
  const status = doc.frame?.status;
  const replacement = status?.replacedBy ? { docId: status.replacedBy.id, title: status.replacedBy.title, url: `/doc/${encodeURIComponent(status.replacedBy.id)}` } : null;
  const citedLabel = (cited: boolean) =>
    cited ? (
      <span class="para-badge" lang={ui.lang}>
        {t('citedParagraph')}
      </span>
    ) : null;
  const number = (n: number) => (
    <a class="para-number" href={`#p-${n}`} aria-label={t('paragraphLabel', { n })} lang={ui.lang}>
      ¶{n}
    </a>
  );
  return (
    <article class="document" aria-labelledby="doc-title" lang={ui.contentLang}>
      <h1 id="doc-title">{text(doc.title)}</h1>
      <p class="doc-meta">
        {doc.source && <span>{t('docSource', { value: text(doc.source) })}</span>}
        {doc.publishedAt && <span>{t('docDate', { value: doc.publishedAt })}</span>}
        {doc.type && <span>{t('docType', { value: documentTypeLabel(doc.type, ui.lang) })}</span>}
        {original && (
          <span lang={ui.lang}>
            <a class="original-page" href={original} rel="noopener noreferrer external">
              {t('viewOriginalPage')}
            </a>
          </span>
        )}
      </p>
      {status && (
        <p class="doc-status" role="note" lang={ui.lang}>
          <StatusMark ui={ui} result={{ superseded: status.state === 'superseded', status: status.state, replacedBy: replacement }} lead="" />
        </p>
      )}
      {doc.paragraphs.map((p) => {
        const cited = p.n === highlight;
        const cls = `para${p.level > 0 ? ` level-${Math.min(p.level, 5)}` : ''}${cited ? ' cited' : ''}`;
        if (p.level > 0) {
          const { rest } = splitLead(p.text);
          if (!rest) {
            const Tag = p.level === 1 ? 'h2' : p.level === 2 ? 'h3' : 'h4';
            return (
              <Tag id={`p-${p.n}`} class={cls}>
                {citedLabel(cited)}
                {text(p.text)}
              </Tag>
            );
          }
          if (rest !== p.text) {
            // The lead heading in bold (split before conversion, so the cut is exact).
            const leadLength = p.text.length - rest.length;
            const lead = text(p.text.slice(0, leadLength));
            const body = text(p.text.slice(leadLength));
            const range = cited ? findMark(ui, lead + body, mark) : null;
            return (
              <p id={`p-${p.n}`} class={cls} aria-current={cited ? 'true' : undefined}>
                {citedLabel(cited)}
                {number(p.n)}
                <strong>{withMarked(lead, 0, range)}</strong>
                {withMarked(body, lead.length, range)}
              </p>
            );
          }
        }
        const shown = text(p.text);
        return (
          <p id={`p-${p.n}`} class={cls} aria-current={cited ? 'true' : undefined}>
            {citedLabel(cited)}
            {number(p.n)}
            {withMarked(shown, 0, cited ? findMark(ui, shown, mark) : null)}
          </p>
        );
      })}
    </article>
  );
}
