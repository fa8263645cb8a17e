// The one polite live region of a page. It stays in the DOM while htmx swaps
// results around it; fragments update its text out of band, so screen readers
// hear a short summary ("已找到答案：…") instead of the whole card.
export function Announcer({ text, oob = false }: { text: string; oob?: boolean }) {
  return (
    <div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" hx-swap-oob={oob ? 'innerHTML' : undefined}>
      {text}
    </div>
  );
}
