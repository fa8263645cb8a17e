// Numbered citations: document title, heading path, date and a link to the
// exact paragraph. Shared by the answer card and the search results.
import type { PassageResult } from '../src/core/search.js';

export function HeadingPath({ heading }: { heading: string[] }) {
  if (heading.length === 0) return null;
  return (
    <p class="heading-path">
      {heading.map((h, i) => (
        <>
          {i > 0 && <span aria-hidden="true"> › </span>}
          <span>{h}</span>
        </>
      ))}
    </p>
  );
}

export function PassageItem({ result, number }: { result: PassageResult; number?: number }) {
  return (
    <li class="passage" id={number ? `cite-${number}` : undefined}>
      <p class="passage-source">
        {number !== undefined && <span class="cite-number">[{number}]</span>}
        <a href={result.url}>{result.title}</a>
        {result.article && <span class="article"> {result.article}</span>}
        {result.date && <span class="date"> · {result.date}</span>}
      </p>
      <HeadingPath heading={result.heading} />
      <p class="snippet" dangerouslySetInnerHTML={{ __html: result.snippet }} />
      <p class="passage-link">
        <a href={result.url}>查看原文（第{result.paragraph}段）</a>
      </p>
    </li>
  );
}
