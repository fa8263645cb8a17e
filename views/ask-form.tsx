// The one box to ask or search. Without JavaScript it submits to /ask or
// /search (full pages); with htmx the same buttons swap the result into #results.
export function AskForm({ query = '' }: { query?: string }) {
  return (
    <form class="ask-form" action="/ask" method="get" role="search">
      <label for="q" class="visually-hidden">
        输入问题或关键词
      </label>
      <input
        id="q"
        name="q"
        type="search"
        value={query}
        maxlength={500}
        placeholder="例如：2021年市政府办结了多少件行政复议申请？"
        autocomplete="off"
        required
      />
      <button type="submit" hx-get="/ask" hx-include="closest form" hx-target="#results" hx-push-url="true">
        问答
      </button>
      <button
        type="submit"
        formaction="/search"
        class="secondary"
        hx-get="/search"
        hx-include="closest form"
        hx-target="#results"
        hx-push-url="true"
      >
        搜索
      </button>
    </form>
  );
}
