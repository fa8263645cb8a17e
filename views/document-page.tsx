// A whole document: metadata, then every paragraph addressable as #p-N, with
// headings shown as headings and the cited paragraph highlighted.
import type { DocumentRecord } from '../src/core/model.js';
import { splitLead } from '../src/core/structure.js';

export function DocumentView({ doc, highlight }: { doc: DocumentRecord; highlight: number | null }) {
  return (
    <article class="document" aria-labelledby="doc-title">
      <h1 id="doc-title">{doc.title}</h1>
      <p class="doc-meta">
        {doc.source && <span>来源：{doc.source}</span>}
        {doc.publishedAt && <span>时间：{doc.publishedAt}</span>}
        {doc.type && <span>类型：{doc.type}</span>}
      </p>
      {doc.paragraphs.map((p) => {
        const cited = p.n === highlight;
        const cls = `para${p.level > 0 ? ` level-${Math.min(p.level, 5)}` : ''}${cited ? ' cited' : ''}`;
        if (p.level > 0) {
          const { lead, rest } = splitLead(p.text);
          if (!rest) {
            const Tag = p.level === 1 ? 'h2' : p.level === 2 ? 'h3' : 'h4';
            return (
              <Tag id={`p-${p.n}`} class={cls}>
                {p.text}
              </Tag>
            );
          }
          if (rest !== p.text) {
            return (
              <p id={`p-${p.n}`} class={cls} aria-current={cited ? 'true' : undefined}>
                <a class="para-number" href={`#p-${p.n}`} aria-label={`第${p.n}段`}>¶{p.n}</a>
                <strong>{p.text.slice(0, p.text.length - rest.length)}</strong>
                {rest}
              </p>
            );
          }
          void lead;
        }
        return (
          <p id={`p-${p.n}`} class={cls} aria-current={cited ? 'true' : undefined}>
            <a class="para-number" href={`#p-${p.n}`} aria-label={`第${p.n}段`}>¶{p.n}</a>
            {p.text}
          </p>
        );
      })}
    </article>
  );
}
