// The page frame shared by every full page: landmarks, the ask/search form in
// the header, htmx and the stylesheet. htmx only enhances; every link and form
// works as plain HTML.
import type { Child } from 'hono/jsx';
import { AskForm } from './ask-form.js';

export interface LayoutProps {
  title: string;
  query?: string;
  children?: Child;
}

export function Layout({ title, query = '', children }: LayoutProps) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title ? `${title} · 政策问答` : '政策问答 · 智能问答'}</title>
        <link rel="stylesheet" href="/static/style.css" />
        <script src="/static/htmx.min.js" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">跳到主要内容</a>
        <header class="site-header">
          <a class="site-name" href="/">
            政策问答 <span>智能问答</span>
          </a>
          <AskForm query={query} />
        </header>
        <main id="main" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <p>答案均摘自所引用的原文段落；未找到依据时不作回答。</p>
        </footer>
      </body>
    </html>
  );
}
