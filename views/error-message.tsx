// A friendly error in place of results: never a stack trace.
import { siteHref, type Ui } from './ui.js';

export function ErrorMessage({ ui, title, message }: { ui: Ui; title: string; message: string }) {
  return (
    <section id="results" class="error" role="alert" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      <p>{message}</p>
      <p>
        <a href={ui.embed ? siteHref(ui, '/embed') : '/'}>{ui.t('backHome')}</a>
      </p>
    </section>
  );
}
