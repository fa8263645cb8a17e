// The #results fragment for a question: the extractive answer with its key
// fact highlighted and numbered citations, or an honest "没有找到答案"; then
// 有用/没用 feedback (when the question was logged) and 相关问题. A fact that is a
// reported figure is followed by a small link to its record on /figures (not
// inside the embed).
import { escapeHtml } from '../src/text/highlight.js';
import { staffTranslator } from '../src/i18n/staff.js';
import type { AskResponse } from '../src/service.js';
import { PassageItem, StatusMark } from './citation-list.js';
import { FeedbackForm } from './feedback-form.js';
import { FallbackLink, coverageText, neverMentioned, neverMentionedText, type Fallback, type LibraryCoverage } from './no-answer.js';
import { QuestionList } from './question-list.js';
import { askHref, type Ui } from './ui.js';
import { HINT_EXAMPLES, isMostlyLatin } from '../src/i18n/english.js';

/** A fact's figure record: where it is and how the link reads. */
interface FigureLink {
  href: string;
  label: string;
  text: string;
}

function markFacts(answer: string, facts: string[], links: Map<string, FigureLink> = new Map()): string {
  const present = facts.filter((f) => f && answer.includes(f));
  if (present.length === 0) return escapeHtml(answer);
  const pattern = new RegExp(present.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  let html = '';
  let last = 0;
  for (const m of answer.matchAll(pattern)) {
    const at = m.index ?? 0;
    const link = links.get(m[0]);
    html +=
      escapeHtml(answer.slice(last, at)) +
      `<mark class="fact">${escapeHtml(m[0])}</mark>` +
      (link ? `<a class="figure-ref" href="${escapeHtml(link.href)}" aria-label="${escapeHtml(link.label)}">${escapeHtml(link.text)}</a>` : '');
    last = at + m[0].length;
  }
  return html + escapeHtml(answer.slice(last));
}

/** 广东省 · 2026年计划: what the answer's source speaks for, when its document has a frame. */
function scopeLabel(ui: Ui, region: string | null, period: AskResponse['citations'][number]['period']): string | null {
  const parts: string[] = [];
  if (region) parts.push(ui.text(region));
  if (period) {
    const years = period.from === period.to ? `${period.from}年` : `${period.from}—${period.to}年`;
    parts.push(ui.t(period.stance === 'planned' ? 'periodPlanned' : 'periodReviewed', { years }));
  }
  return parts.length ? parts.join(' · ') : null;
}

/** An English question: ask in Chinese, with Chinese questions to start from (examples stay Chinese: they are asked as they are). */
function AskInChinese({ ui, examples }: { ui: Ui; examples: readonly string[] }) {
  const shown = examples.slice(0, HINT_EXAMPLES);
  return (
    <div class="ask-in-chinese" role="note">
      <p>
        <strong>{ui.t('askInChinese')}</strong>
        {shown.length > 0 && ` ${ui.t('askInChineseExamples')}`}
      </p>
      {shown.length > 0 && (
        <ul lang={ui.contentLang}>
          {shown.map((q) => (
            <li>
              <a href={askHref(ui, ui.text(q))}>{ui.text(q)}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Where and when the answer comes from, said before it: 据《2026年广东省政府工作报告》（广东省 · 2026年计划）,
 * or for a statute its citation with article and version: 据《中华人民共和国劳动合同法》第七条（2012年12月28日修正 · 全国）.
 */
function Attribution({ ui, source, scope }: { ui: Ui; source: AskResponse['citations'][number]; scope: string | null }) {
  const cited = source.article ? ui.text(source.citation) : `《${ui.text(source.title)}》`;
  // One bracket for the version and the scope: 第九十条（2021年12月24日通过 · 全国）; plain brackets in English.
  const [open, close] = ui.lang === 'en' ? [' (', ')'] : ['（', '）'];
  const full = !scope ? cited : cited.endsWith('）') ? `${cited.slice(0, -1)} · ${scope}）` : `${cited}${open}${scope}${close}`;
  // The document's name is Chinese content; the words around it are the interface's.
  const [before, after] = ui.t('answerAccording', { source: '\u0000' }).split('\u0000');
  return (
    <span class="answer-attribution">
      {before}
      <span lang={ui.contentLang}>{full}</span>
      {after}
    </span>
  );
}

/**
 * A refusal's reason is shown when it is written for people (the library's coverage: it opens in Chinese), not a
 * rule's internal English ("the sources never mention 护照" contains Chinese too, and was once shown as it is).
 */
function readableReason(reason: string | null): string | null {
  return reason && /^[\u4e00-\u9fff]/.test(reason) ? reason : null;
}

export interface AnswerCardProps {
  ui: Ui;
  /** Already in the interface's script. */
  response: AskResponse;
  /** The logged question's id, for feedback; null when nothing is logged. */
  feedbackId?: string | null;
  /** 相关问题, already in the interface's script. */
  related?: string[];
  /** On a no-answer: what the knowledge base holds, said when the reason does not already say it. */
  library?: LibraryCoverage;
  /** Chinese example questions (EXAMPLE_QUESTIONS, else from the library's documents), offered when the question is in English. */
  examples?: readonly string[];
  /** On a no-answer: the configured next step (FALLBACK_URL), or null when none is set. */
  fallback?: Fallback | null;
}

export function AnswerCard({ ui, response, feedbackId = null, related = [], library, fallback = null, examples = [] }: AnswerCardProps) {
  const { t } = ui;
  const { answer, citations } = response;
  const source = answer !== null ? citations[0] : undefined;
  const sourceScope = source ? scopeLabel(ui, source.region ?? null, source.period ?? null) : null;
  const reason = readableReason(response.reason);
  const unmentioned = reason ? null : neverMentioned(response.reason);
  const understood = response.understood?.relativeYears ?? [];
  const figureLinks = new Map<string, FigureLink>();
  if (!ui.embed) {
    const s = staffTranslator(ui.lang);
    for (const f of response.figures ?? []) {
      const fact = response.facts[f.index];
      if (fact) figureLinks.set(fact, { href: `/figures?id=${encodeURIComponent(f.id)}#f-${f.id}`, label: s('figureRecordLabel', { fact }), text: s('figureRecordText') });
    }
  }
  return (
    <section id="results" class="answer-card" aria-labelledby="answer-title">
      <h1 id="answer-title" class="question" lang={ui.contentLang}>
        {ui.text(response.question)}
      </h1>
      {isMostlyLatin(response.question) && <AskInChinese ui={ui} examples={examples} />}
      {answer !== null ? (
        <div class="answer">
          <h2>{t('answerTitle')}</h2>
          {/* 朗读: shown by public/portal.js only where the browser has speechSynthesis (html.can-speak); reads this .answer. */}
          {!ui.embed && (
            <button type="button" class="read-aloud" data-stop={t('readAloudStop')} data-start={t('readAloud')}>
              {t('readAloud')}
            </button>
          )}
          <p>
            {source && <Attribution ui={ui} source={source} scope={sourceScope} />}
            <span lang={ui.contentLang} dangerouslySetInnerHTML={{ __html: markFacts(answer, response.facts, figureLinks) }} />
            <a class="cite-ref" href="#cite-1" aria-label={t('citeRefLabel', { n: 1 })}>
              [1]
            </a>
          </p>
          {source && source.status && source.status !== 'current' && (
            <p class="answer-source">
              <StatusMark ui={ui} result={source} lead="" />
            </p>
          )}
          {understood.map((u) => (
            <p class="answer-understood">{t('understoodYear', u)}</p>
          ))}
        </div>
      ) : (
        <div class="no-answer">
          <h2>{t('noAnswerTitle')}</h2>
          {reason && (
            <p class="no-answer-scope" lang={ui.contentLang}>
              {t('noAnswerScope', { reason: ui.text(reason) })}
            </p>
          )}
          {understood.map((u) => (
            <p class="answer-understood">{t('understoodYear', u)}</p>
          ))}
          {unmentioned && <p class="no-answer-scope">{neverMentionedText(ui, unmentioned)}</p>}
          {!reason && library && <p class="no-answer-coverage">{coverageText(ui, library)}</p>}
          <p>{citations.length > 0 ? t('noAnswerText') : t('noAnswerNextStep')}</p>
          {fallback && (
            <p class="no-answer-next">
              {t('fallbackIntro')} <FallbackLink ui={ui} fallback={fallback} />
            </p>
          )}
        </div>
      )}
      {citations.length > 0 && (
        <>
          <h2>{answer !== null ? t('sourcesTitle') : t('relatedPassagesTitle')}</h2>
          <ol class="citations">
            {citations.map((c, i) => (
              <PassageItem ui={ui} result={c} number={i + 1} />
            ))}
          </ol>
        </>
      )}
      {feedbackId && <FeedbackForm ui={ui} id={feedbackId} question={response.question} />}
      <QuestionList ui={ui} id="related-title" title={t('relatedQuestionsTitle')} questions={related.map((text) => ({ text }))} />
    </section>
  );
}
