// 相关法律规定: the statute articles that most likely apply to a legal question,
// best first, each with its law, article number, version and status, and the
// sentence of it that bears most on the question marked. Shown in place of the
// list of sources for a legal question — under the answer when one sentence was
// certain enough to be given as the answer, else on its own with what to do
// next (12348, a lawyer, the configured fallback).
import { escapeHtml } from '../src/text/highlight.js';
import type { AskResponse } from '../src/service.js';
import { MARK_MAX, nowrapHtml, originalPageUrl, StatusMark, withMark } from './citation-list.js';
import { FallbackLink, type Fallback } from './no-answer.js';
import { siteHref, type Ui } from './ui.js';

/** The article's text with its key sentence in <mark> (the whole text escaped; the sentence found verbatim or not marked). */
function articleHtml(text: string, key: string): string {
  const at = key ? text.indexOf(key) : -1;
  if (at < 0) return nowrapHtml(escapeHtml(text));
  return (
    nowrapHtml(escapeHtml(text.slice(0, at))) +
    `<mark class="key-sentence">${nowrapHtml(escapeHtml(key))}</mark>` +
    nowrapHtml(escapeHtml(text.slice(at + key.length)))
  );
}

/** Longest article text shown whole; a longer one shows its key sentence with the text around it cut. */
const ARTICLE_MAX = 360;

function shownText(text: string, key: string): string {
  if ([...text].length <= ARTICLE_MAX) return text;
  const at = text.indexOf(key);
  if (at < 0) return `${text.slice(0, ARTICLE_MAX)}……`;
  const before = at > 60 ? `……${text.slice(at - 40, at)}` : text.slice(0, at);
  const after = text.slice(at + key.length, at + key.length + 80);
  return `${before}${key}${after}${at + key.length + 80 < text.length ? '……' : ''}`;
}

export function ProvisionList({ ui, response, fallback = null }: { ui: Ui; response: AskResponse; fallback?: Fallback | null }) {
  const { t } = ui;
  const answered = response.answer !== null;
  const target = ui.embed ? { target: '_blank', rel: 'noopener' } : {};
  return (
    <div class="provisions">
      <h2>{t('provisionsTitle')}</h2>
      <p class="provisions-intro">{answered ? t('provisionsWithAnswer') : t('provisionsIntro')}</p>
      <p class="provisions-key">{t('provisionKeySentence')}</p>
      <ol class="citations provision-list">
        {response.provisions.map((p, i) => {
          const c = response.citations.find((x) => x.id === p.id);
          if (!c) return null;
          const url = siteHref(ui, withMark(c.url, p.keySentence.slice(0, MARK_MAX)));
          const original = originalPageUrl(c.sourceUrl);
          return (
            <li class="passage provision" id={`cite-${i + 1}`}>
              <p class="passage-source">
                <a href={url} {...target} lang={ui.contentLang}>
                  {p.citation}
                </a>
                <StatusMark ui={ui} result={c} />
              </p>
              <blockquote class="article-text" lang={ui.contentLang}>
                <p dangerouslySetInnerHTML={{ __html: articleHtml(shownText(c.text, p.keySentence), p.keySentence) }} />
              </blockquote>
              <p class="passage-link">
                <a href={url} {...target} data-print={siteHref(ui, c.url)}>
                  {t('viewArticle')}
                </a>
                {original && (
                  <>
                    {' '}
                    <a class="original-page" href={original} rel="noopener noreferrer external" {...(ui.embed ? { target: '_blank' } : {})}>
                      {t('viewOriginalPage')}
                    </a>
                  </>
                )}
              </p>
            </li>
          );
        })}
      </ol>
      {!answered && fallback && (
        <p class="no-answer-next">
          {t('fallbackIntro')} <FallbackLink ui={ui} fallback={fallback} />
        </p>
      )}
    </div>
  );
}
