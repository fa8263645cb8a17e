// The portal's front page: what the knowledge base holds and example questions.
import type { DocumentSummary } from '../src/core/store.js';

const EXAMPLES = [
  '2021年市政府办结了多少件行政复议申请？',
  '开办企业可以一窗通办吗？',
  '法治政府建设还存在哪些问题？',
  '2022年有哪些工作打算？',
];

export function Home({ documents }: { documents: DocumentSummary[] }) {
  return (
    <section id="results" aria-labelledby="home-title">
      <h1 id="home-title">有问题，直接问</h1>
      <p>回答只摘自知识库中的政府报告和法规原文，并注明出处段落。</p>
      <h2>可以这样问</h2>
      <ul class="examples">
        {EXAMPLES.map((q) => (
          <li>
            <a href={`/ask?q=${encodeURIComponent(q)}`} hx-get={`/ask?q=${encodeURIComponent(q)}`} hx-target="#results" hx-push-url="true">
              {q}
            </a>
          </li>
        ))}
      </ul>
      <h2>知识库收录的文件（{documents.length}）</h2>
      <ul class="documents">
        {documents.slice(0, 50).map((d) => (
          <li>
            <a href={`/doc/${encodeURIComponent(d.id)}`}>{d.title}</a>
            {d.publishedAt && <span class="date"> · {d.publishedAt}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
