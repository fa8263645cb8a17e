// A whole document: metadata, then every paragraph addressable as #p-N, with
// headings shown as headings and the cited paragraph highlighted — by colour,
// an outline and a visible 引用段落 label, so not by colour alone.
import type { DocumentFrame, DocumentRecord } from '../src/model/document.js';
import { StatusMark } from './citation-list.js';
import { documentTypeLabel } from '../src/i18n/english.js';
import { splitLead } from '../src/text/sentences.js';
import type { Ui } from './ui.js';

export function DocumentView({ ui, doc, highlight }: { ui: Ui; doc: DocumentRecord & { frame?: Pick<DocumentFrame, 'status'> }; highlight: number | null }) {
  const { t, text } = ui;
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
            return (
              <p id={`p-${p.n}`} class={cls} aria-current={cited ? 'true' : undefined}>
                {citedLabel(cited)}
                {number(p.n)}
                <strong>{text(p.text.slice(0, leadLength))}</strong>
                {text(p.text.slice(leadLength))}
              </p>
            );
          }
        }
        return (
          <p id={`p-${p.n}`} class={cls} aria-current={cited ? 'true' : undefined}>
            {citedLabel(cited)}
            {number(p.n)}
            {text(p.text)}
          </p>
        );
      })}
    </article>
  );
}
