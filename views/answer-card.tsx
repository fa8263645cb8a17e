// The #results fragment for a question: the extractive answer with its key
// fact highlighted and numbered citations, or an honest "没有找到答案"; then
// 有用/没用 feedback (when the question was logged) and 相关问题. The answer is
// one uninterrupted quote: facts that are reported figures are linked to their
// records on /figures in a 相关数据 line after it (not inside the embed), and
// dates and figures never break across lines. Then 复制答案 and 分享链接 (a
// permalink to the question). Blocks that belong with the answer (相关法律规定)
// go after <AnswerBlock>, before the sources.
import { escapeHtml } from '../src/text/highlight.js';
import { staffTranslator } from '../src/i18n/staff.js';
import type { AskResponse } from '../src/service.js';
import { MARK_MAX, PassageItem, StatusMark, nowrapRanges, nowrapText } from './citation-list.js';
import { FeedbackForm } from './feedback-form.js';
import { FallbackLink, coverageText, neverMentioned, neverMentionedText, type Fallback, type LibraryCoverage } from './no-answer.js';
import { QuestionList } from './question-list.js';
import { ProvisionList } from './provisions.js';
import { askHref, type Ui } from './ui.js';
import { HINT_EXAMPLES, isMostlyLatin } from '../src/i18n/english.js';

/** A fact's figure record: where it is and how the link reads. */
interface FigureLink {
  fact: string;
  href: string;
  label: string;
}

/** 相关数据：108件、30件、29.6%: the answer's reported figures, each a link to its record, after the answer (not inside it). */
function FigureLinks({ ui, links }: { ui: Ui; links: FigureLink[] }) {
  if (links.length === 0) return null;
  return (
    <p class="answer-figures">
      {ui.t('answerFigures')}
      {links.map((l, i) => (
        <>
          {i > 0 && '、'}
          <a href={l.href} aria-label={l.label} lang={ui.contentLang} class="nowrap">
            {l.fact}
          </a>
        </>
      ))}
    </p>
  );
}

/**
 * 复制答案 (a button that needs script: public/portal.js shows it and copies the question, the answer and the link)
 * and 分享链接, a plain link to the question's own page that works without script (with it, the click copies it).
 * The confirmation is read out from the status line beside them.
 */
function AnswerActions({ ui, question }: { ui: Ui; question: string }) {
  const { t } = ui;
  return (
    <p class="answer-actions">
      <button type="button" class="copy-answer needs-script" hidden data-done={t('copyAnswerDone')} data-failed={t('copyFailed')}>
        {t('copyAnswer')}
      </button>
      <a class="share-link" href={askHref(ui, question)} data-print={`/ask?q=${question}`} data-done={t('shareLinkDone')} data-failed={t('copyFailed')}>
        {t('shareLink')}
      </a>
      <span class="copy-status" role="status"></span>
    </p>
  );
}

/** The answer itself: heading, 朗读, the attributed quote, its figures, the source's status, how a year was read, copy and share. */
function AnswerBlock({ ui, response, answer, source, scope, figureLinks }: { ui: Ui; response: AskResponse; answer: string; source: AskResponse['citations'][number] | undefined; scope: string | null; figureLinks: FigureLink[] }) {
  const { t } = ui;
  const understood = response.understood?.relativeYears ?? [];
  return (
    <div class="answer">
      <h2>{t('answerTitle')}</h2>
      {/* 朗读: shown by public/portal.js only where the browser has speechSynthesis (html.can-speak); reads the answer's first paragraph. */}
      {!ui.embed && (
        <button type="button" class="read-aloud" data-stop={t('readAloudStop')} data-start={t('readAloud')}>
          {t('readAloud')}
        </button>
      )}
      <p>
        {source && <Attribution ui={ui} source={source} scope={scope} />}
        <span class="answer-quote" lang={ui.contentLang} dangerouslySetInnerHTML={{ __html: answerHtml(answer, response.facts) }} />
        <a class="cite-ref" href="#cite-1" aria-label={t('citeRefLabel', { n: 1 })}>
          [1]
        </a>
      </p>
      <FigureLinks ui={ui} links={figureLinks} />
      {source && source.status && source.status !== 'current' && (
        <p class="answer-source">
          <StatusMark ui={ui} result={source} lead="" />
        </p>
      )}
      {understood.map((u) => (
        <p class="answer-understood">{t('understoodYear', u)}</p>
      ))}
      {!ui.embed && <AnswerActions ui={ui} question={response.question} />}
    </div>
  );
}

/**
 * A curated answer (问答对, /admin/teach): staff's own text, not a quote, so marked 人工审核 with its source page,
 * the source's date and who reviewed it until when (src/staff/teachings.ts; never served once expired).
 */
function CuratedAnswerBlock({ ui, response, answer }: { ui: Ui; response: AskResponse; answer: string }) {
  const s = staffTranslator(ui.lang);
  const curated = response.curated!;
  const day = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
  const hostOf = (url: string) => {
    try {
      return new URL(url).host;
    } catch {
      return '';
    }
  };
  return (
    <div class="answer curated-answer">
      <h2>
        {ui.t('answerTitle')} <span class="curated-label">{s('curatedLabel')}</span>
      </h2>
      <p class="answer-quote" lang={ui.contentLang}>
        {answer}
      </p>
      <p class="curated-source">
        {s('curatedSourceLine')}
        <a href={curated.sourceUrl} rel="noopener noreferrer" class="curated-link">
          {s('curatedSourceLink')} {hostOf(curated.sourceUrl)}
        </a>
        {' · '}
        <span class="nowrap">{s('curatedDateLine', { date: curated.sourceDate })}</span>
      </p>
      <p class="curated-review">{s('curatedReviewLine', { who: curated.reviewedBy, date: day(curated.reviewedAt), expires: day(curated.expiresAt) })}</p>
      {!ui.embed && <AnswerActions ui={ui} question={response.question} />}
    </div>
  );
}

/**
 * The answer as HTML: its facts in <mark class="fact">, and each date or figure in a run that does not wrap. A run
 * that straddles a fact's edge grows to hold the fact whole (one that would grow past 24 characters is left to
 * wrap); a run inside a longer fact nests in its mark.
 */
export function answerHtml(answer: string, facts: string[]): string {
  const present = facts.filter((f) => f && answer.includes(f));
  const marked: [number, number][] = [];
  if (present.length > 0) {
    const pattern = new RegExp(present.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    for (const m of answer.matchAll(pattern)) marked.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  }
  const straddles = (a: number, b: number, from: number, to: number) => a < to && b > from && (a < from || b > to) && !(a <= from && b >= to);
  const runs: [number, number][] = [];
  for (const range of nowrapRanges(answer)) {
    let [from, to] = range;
    for (let grown = true; grown; ) {
      grown = false;
      for (const [a, b] of marked) {
        if (straddles(a, b, from, to)) {
          [from, to] = [Math.min(from, a), Math.max(to, b)];
          grown = true;
        }
      }
    }
    if (to - from > 24) continue;
    const last = runs[runs.length - 1];
    if (last && from < last[1]) last[1] = Math.max(last[1], to);
    else runs.push([from, to]);
  }
  // Properly nested spans, outer first (a run around a fact of the same extent).
  interface Span {
    from: number;
    to: number;
    fact: boolean;
  }
  const spans: Span[] = [...marked.map(([from, to]) => ({ from, to, fact: true })), ...runs.map(([from, to]) => ({ from, to, fact: false }))];
  spans.sort((x, y) => x.from - y.from || y.to - x.to || Number(x.fact) - Number(y.fact));
  const render = (from: number, to: number, inside: Span[]): string => {
    let html = '';
    let at = from;
    for (let i = 0; i < inside.length; ) {
      const outer = inside[i];
      let j = i + 1;
      while (j < inside.length && inside[j].from < outer.to) j++;
      const body = render(outer.from, outer.to, inside.slice(i + 1, j));
      html += escapeHtml(answer.slice(at, outer.from));
      html += outer.fact ? `<mark class="fact">${body}</mark>` : `<span class="nowrap">${body}</span>`;
      at = outer.to;
      i = j;
    }
    return html + escapeHtml(answer.slice(at, to));
  };
  return render(0, answer.length, spans);
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
      <span lang={ui.contentLang} dangerouslySetInnerHTML={{ __html: nowrapText(full) }} />
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
  const provisions = (response.provisions?.length ?? 0) > 0;
  const source = answer !== null ? citations[0] : undefined;
  const sourceScope = source ? scopeLabel(ui, source.region ?? null, source.period ?? null) : null;
  const reason = readableReason(response.reason);
  const unmentioned = reason ? null : neverMentioned(response.reason);
  const understood = response.understood?.relativeYears ?? [];
  const figureLinks: FigureLink[] = [];
  if (!ui.embed) {
    const s = staffTranslator(ui.lang);
    for (const f of response.figures ?? []) {
      const fact = response.facts[f.index];
      if (fact && !figureLinks.some((l) => l.fact === fact)) {
        figureLinks.push({ fact, href: `/figures?id=${encodeURIComponent(f.id)}#f-${f.id}`, label: s('figureRecordLabel', { fact }) });
      }
    }
  }
  return (
    <section id="results" class="answer-card" aria-labelledby="answer-title">
      <h1 id="answer-title" class="question" lang={ui.contentLang}>
        {ui.text(response.question)}
      </h1>
      {isMostlyLatin(response.question) && <AskInChinese ui={ui} examples={examples} />}
      {response.curated && answer !== null ? (
        <CuratedAnswerBlock ui={ui} response={response} answer={answer} />
      ) : answer !== null ? (
        <>
          <AnswerBlock ui={ui} response={response} answer={answer} source={source} scope={sourceScope} figureLinks={figureLinks} />
          {/* A legal question: 相关法律规定 in place of the list of sources (the answer's article first). */}
          {provisions && <ProvisionList ui={ui} response={response} />}
        </>
      ) : provisions ? (
        // No sentence certain enough to be the answer: the articles that may apply are the reply, not a refusal.
        <ProvisionList ui={ui} response={response} fallback={fallback} />
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
      {citations.length > 0 && !provisions && (
        <>
          <h2>{answer !== null ? t('sourcesTitle') : t('relatedPassagesTitle')}</h2>
          <ol class="citations">
            {citations.map((c, i) => (
              <PassageItem ui={ui} result={c} number={i + 1} mark={i === 0 && answer !== null ? answer.slice(0, MARK_MAX) : undefined} />
            ))}
          </ol>
        </>
      )}
      {feedbackId && <FeedbackForm ui={ui} id={feedbackId} question={response.question} />}
      <QuestionList ui={ui} id="related-title" title={t('relatedQuestionsTitle')} questions={related.map((text) => ({ text }))} />
    </section>
  );
}
