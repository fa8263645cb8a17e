// The #results fragment for a search: ranked passages with highlighted
// snippets and plain links for paging (htmx-enhanced, work without JS).
import type { SearchResponse } from '../src/core/service.js';
import { PassageItem } from './citation-list.js';

export function SearchResults({ response }: { response: SearchResponse }) {
  const { query, total, limit, offset, results } = response;
  const page = (o: number) => `/search?q=${encodeURIComponent(query)}&offset=${o}`;
  return (
    <section id="results" class="search-results" aria-live="polite" aria-labelledby="results-title">
      <h1 id="results-title">
        “{query}” 的搜索结果 <span class="count">共 {total} 条</span>
      </h1>
      {results.length === 0 ? (
        <p class="empty">没有找到相关段落。请换个说法，或减少关键词。</p>
      ) : (
        <ol class="results" start={offset + 1}>
          {results.map((r) => (
            <PassageItem result={r} />
          ))}
        </ol>
      )}
      {(offset > 0 || offset + limit < total) && (
        <nav class="pager" aria-label="翻页">
          {offset > 0 && (
            <a href={page(Math.max(0, offset - limit))} hx-get={page(Math.max(0, offset - limit))} hx-target="#results" hx-push-url="true">
              上一页
            </a>
          )}
          {offset + limit < total && (
            <a href={page(offset + limit)} hx-get={page(offset + limit)} hx-target="#results" hx-push-url="true">
              下一页
            </a>
          )}
        </nav>
      )}
    </section>
  );
}
