// 教系统回答 (/admin/teach, issue #18): the questions waiting to be taught
// (unanswered, low-confidence, rated 没用), one question with what it gets now,
// a search of the knowledge base to pick the passages that answer it (a plain
// POST form, no script needed), the taught questions with who and when and a
// remove button each, and the curated answers (问答对) with their form.
import { STAFF_NAME_MAX } from '../src/app/admin-auth.js';
import type { PassageResult } from '../src/search/search.js';
import type { AskResponse } from '../src/service.js';
import { chinaDateTime } from '../src/staff/query-log.js';
import {
  CURATED_ANSWER_MAX,
  CURATED_URL_MAX,
  isExpired,
  TEACH_NOTE_MAX,
  TEACH_PASSAGES_MAX,
  TEACH_QUESTION_MAX,
  type CuratedAnswer,
  type TaughtQuestion,
} from '../src/staff/teachings.js';
import { StaffNav, TableScroll, type StaffUi } from './staff-nav.js';

export type PendingReason = 'unanswered' | 'low' | 'notUseful';

export interface CuratedFormValues {
  id: number | null;
  question: string;
  answer: string;
  sourceUrl: string;
  sourceDate: string;
  reviewedBy: string;
  expires: string;
}

export interface TeachPageProps {
  ui: StaffUi;
  /** false: this server keeps no teachings (no log database). */
  available: boolean;
  /** The question being taught ('' for none). */
  q: string;
  /** What the search box holds (the question by default). */
  find: string;
  /** What q gets now, asked as a visitor would. */
  current: AskResponse | null;
  /** The passage ids q is taught with, if it is. */
  taughtWith: string[];
  results: PassageResult[] | null;
  /** What the last post did: shown at the top (announced). */
  notice: 'taught' | 'removed' | 'curated' | null;
  /** A refused post: why (the form keeps what was typed). */
  error: string | null;
  note: string;
  /** Each taught question with its passages' links (a passage the knowledge base no longer has has none). */
  taught: { teaching: TaughtQuestion; urls: Record<string, string> }[];
  curated: CuratedAnswer[];
  curatedForm: CuratedFormValues;
  curatedDays: number;
  pending: { question: string; reason: PendingReason }[] | null;
  pendingDays: number;
  /** The clock, for expiry. */
  now: number;
}

const PENDING_TEXT = { unanswered: 'teachPendingUnanswered', low: 'teachPendingLow', notUseful: 'teachPendingNotUseful' } as const;

const teachHref = (q: string) => `/admin/teach?q=${encodeURIComponent(q)}`;

/** A passage's link on the site, and how it reads. */
function passageLabel(r: PassageResult): string {
  return [r.title, r.heading.join(' › ')].filter(Boolean).join(' · ');
}

function Now({ ui, current, taughtWith }: { ui: StaffUi; current: AskResponse; taughtWith: string[] }) {
  const { s } = ui;
  const source = current.answer !== null ? current.citations[0] : undefined;
  const fromTaught = source !== undefined && taughtWith.includes(source.id);
  return (
    <div class="teach-now" id="teach-now">
      <h3>{s('teachNowTitle')}</h3>
      {current.curated ? (
        <p>
          <strong class="curated-label">{s('curatedLabel')}</strong>{' '}
          <span lang={ui.contentLang}>{ui.text(current.answer ?? '')}</span>
        </p>
      ) : current.answer === null ? (
        <p class="teach-none">{s('teachNowNone')}</p>
      ) : (
        <>
          <p>
            {fromTaught && <strong class="curated-label">{s('teachNowTaught')}</strong>} <span lang={ui.contentLang}>{ui.text(current.answer)}</span>
          </p>
          {source && (
            <p class="teach-source">
              {s('teachNowSource')}
              <a href={source.url} lang={ui.contentLang} data-passage={source.id}>
                {ui.text(passageLabel(source))}
              </a>{' '}
              · {s('teachNowConfidence', { confidence: current.confidence.toFixed(2) })}
            </p>
          )}
        </>
      )}
    </div>
  );
}

function Pending({ ui, pending, days }: { ui: StaffUi; pending: TeachPageProps['pending']; days: number }) {
  const { s } = ui;
  if (pending === null) return null;
  return (
    <section aria-labelledby="teach-pending-title" class="teach-section">
      <h2 id="teach-pending-title">{s('teachPendingTitle')}</h2>
      <p>{s('teachPendingIntro', { days })}</p>
      {pending.length === 0 ? (
        <p class="empty">{s('teachPendingEmpty')}</p>
      ) : (
        <ul class="teach-pending">
          {pending.map((p) => (
            <li>
              <span lang={ui.contentLang}>{ui.text(p.question)}</span> <span class="teach-why">（{s(PENDING_TEXT[p.reason])}）</span>{' '}
              <a href={teachHref(p.question)} aria-label={s('teachThisLabel', { question: ui.text(p.question) })}>
                {s('teachThis')}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TaughtList({ ui, taught }: { ui: StaffUi; taught: TeachPageProps['taught'] }) {
  const { s } = ui;
  return (
    <section aria-labelledby="teach-taught-title" class="teach-section">
      <h2 id="teach-taught-title">{s('teachTaughtTitle')}</h2>
      {taught.length === 0 ? (
        <p class="empty">{s('teachTaughtEmpty')}</p>
      ) : (
        <TableScroll label={s('tableOf', { title: s('teachTaughtTitle') })}>
          <table class="staff-table teach-table">
            <thead>
              <tr>
                <th scope="col">{s('teachQuestionLabel')}</th>
                <th scope="col">{s('teachColPassages')}</th>
                <th scope="col">{s('teachColNote')}</th>
                <th scope="col">{s('teachColWho')}</th>
                <th scope="col">{s('teachColWhen')}</th>
                <th scope="col">{s('teachColActions')}</th>
              </tr>
            </thead>
            <tbody>
              {taught.map(({ teaching: t, urls }) => (
                <tr id={`taught-${t.id}`}>
                  <th scope="row" lang={ui.contentLang}>
                    <a href={teachHref(t.question)}>{ui.text(t.question)}</a>
                  </th>
                  <td class="citation">
                    <ul class="teach-ids">
                      {t.passageIds.map((id) => (
                        <li>
                          {urls[id] ? (
                            <a href={urls[id]}>{id}</a>
                          ) : (
                            <>
                              {id} {s('teachMissingPassage')}
                            </>
                          )}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td lang={ui.contentLang}>{t.note}</td>
                  <td>{t.createdBy}</td>
                  <td class="nowrap">{chinaDateTime(t.createdAt)}</td>
                  <td>
                    <form method="post" action="/admin/teach/remove" class="teach-inline">
                      <input type="hidden" name="id" value={String(t.id)} />
                      <button type="submit" class="secondary" aria-label={s('teachRemoveLabel', { question: ui.text(t.question) })}>
                        {s('teachRemove')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

function CuratedSection({ ui, curated, form, days, now }: { ui: StaffUi; curated: CuratedAnswer[]; form: CuratedFormValues; days: number; now: number }) {
  const { s } = ui;
  return (
    <section aria-labelledby="curated-title" class="teach-section">
      <h2 id="curated-title">{s('curatedTitle')}</h2>
      <p>{s('curatedIntro')}</p>
      <form method="post" action="/admin/teach/curated" class="teach-form" id="curated-form">
        {form.id !== null && (
          <p class="teach-editing">
            {s('curatedEditing', { id: form.id })} <a href="/admin/teach#curated-title">{s('curatedCancel')}</a>
            <input type="hidden" name="id" value={String(form.id)} />
          </p>
        )}
        <p>
          <label for="curated-question">{s('teachQuestionLabel')}</label>
          <input id="curated-question" name="question" type="text" required maxlength={TEACH_QUESTION_MAX} value={form.question} lang={ui.contentLang} />
        </p>
        <p>
          <label for="curated-answer">{s('curatedAnswerLabel', { max: CURATED_ANSWER_MAX })}</label>
          <textarea id="curated-answer" name="answer" required maxlength={CURATED_ANSWER_MAX} rows={5} lang={ui.contentLang}>
            {form.answer}
          </textarea>
        </p>
        <p>
          <label for="curated-url">{s('curatedSourceUrl')}</label>
          <input id="curated-url" name="sourceUrl" type="url" required maxlength={CURATED_URL_MAX} value={form.sourceUrl} placeholder="https://" />
        </p>
        <p>
          <label for="curated-date">{s('curatedSourceDate')}</label>
          <input id="curated-date" name="sourceDate" type="date" required value={form.sourceDate} />
        </p>
        <p>
          <label for="curated-reviewer">{s('curatedReviewedBy')}</label>
          <input id="curated-reviewer" name="reviewedBy" type="text" maxlength={STAFF_NAME_MAX} value={form.reviewedBy} autocomplete="name" />
        </p>
        <p>
          <label for="curated-expires">{s('curatedExpires', { days })}</label>
          <input id="curated-expires" name="expires" type="date" value={form.expires} />
        </p>
        <p>
          <button type="submit">{s('curatedSave')}</button>
        </p>
      </form>
      {curated.length === 0 ? (
        <p class="empty">{s('curatedEmpty')}</p>
      ) : (
        <TableScroll label={s('tableOf', { title: s('curatedTitle') })}>
          <table class="staff-table teach-table">
            <thead>
              <tr>
                <th scope="col">{s('teachQuestionLabel')}</th>
                <th scope="col">{s('curatedColAnswer')}</th>
                <th scope="col">{s('curatedColSource')}</th>
                <th scope="col">{s('curatedColReviewed')}</th>
                <th scope="col">{s('curatedColExpires')}</th>
                <th scope="col">{s('teachColActions')}</th>
              </tr>
            </thead>
            <tbody>
              {curated.map((c) => {
                const expired = isExpired(c, now);
                return (
                  <tr id={`curated-${c.id}`} class={expired ? 'curated-expired' : undefined}>
                    <th scope="row" lang={ui.contentLang}>
                      {ui.text(c.question)}
                    </th>
                    <td lang={ui.contentLang}>{ui.text(c.answer.length > 120 ? `${c.answer.slice(0, 120)}…` : c.answer)}</td>
                    <td class="citation">
                      <a href={c.sourceUrl} rel="noopener noreferrer">
                        {c.sourceUrl}
                      </a>{' '}
                      {c.sourceDate}
                    </td>
                    <td>
                      {c.reviewedBy} {chinaDateTime(c.reviewedAt)}
                    </td>
                    <td>
                      {chinaDateTime(c.expiresAt)} <strong class={expired ? 'curated-state expired' : 'curated-state'}>{expired ? s('curatedExpired') : s('curatedActive')}</strong>
                    </td>
                    <td>
                      <a href={`/admin/teach?edit=${c.id}#curated-form`} aria-label={s('curatedEditLabel', { question: ui.text(c.question) })}>
                        {s('curatedEdit')}
                      </a>
                      <form method="post" action="/admin/teach/curated/remove" class="teach-inline">
                        <input type="hidden" name="id" value={String(c.id)} />
                        <button type="submit" class="secondary" aria-label={s('teachRemoveLabel', { question: ui.text(c.question) })}>
                          {s('teachRemove')}
                        </button>
                      </form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

export function TeachPage(props: TeachPageProps) {
  const { ui, available, q, find, current, taughtWith, results, notice, error } = props;
  const { s } = ui;
  return (
    <section id="results" class="staff-page teach-page" aria-labelledby="teach-title">
      <StaffNav ui={ui} current="teach" admin />
      <h1 id="teach-title">{s('teachTitle')}</h1>
      <p>{s('teachIntro')}</p>
      {!available && (
        <p class="teach-error" role="alert">
          {s('teachUnavailable')}
        </p>
      )}
      {error && (
        <p class="teach-error" role="alert" id="teach-error">
          {s('teachError', { error })}
        </p>
      )}
      {notice === 'removed' && (
        <p class="teach-notice" role="status">
          {s('teachRemoved')}
        </p>
      )}
      {notice === 'curated' && (
        <p class="teach-notice" role="status">
          {s('curatedSaved')}
        </p>
      )}
      <form method="get" action="/admin/teach" class="staff-filter teach-ask">
        <p>
          <label for="teach-q">{s('teachQuestionLabel')}</label>
          <input id="teach-q" name="q" type="search" maxlength={TEACH_QUESTION_MAX} value={q} lang={ui.contentLang} />
          <button type="submit">{s('teachShow')}</button>
        </p>
      </form>
      {q && current && (
        <section aria-labelledby="teach-question-title" class="teach-section">
          <h2 id="teach-question-title" lang={ui.contentLang}>
            {ui.text(q)}
          </h2>
          {notice === 'taught' && (
            <p class="teach-notice" role="status" id="teach-saved">
              {s('teachSaved')}
            </p>
          )}
          <Now ui={ui} current={current} taughtWith={taughtWith} />
          {available && (
            <>
              <h3 id="teach-search-title">{s('teachSearchTitle')}</h3>
              <form method="get" action="/admin/teach#teach-search-title" class="staff-filter">
                <input type="hidden" name="q" value={q} />
                <p>
                  <label for="teach-find">{s('teachSearchLabel')}</label>
                  <input id="teach-find" name="find" type="search" maxlength={TEACH_QUESTION_MAX} value={find} lang={ui.contentLang} />
                  <button type="submit">{s('teachSearchButton')}</button>
                </p>
              </form>
              {results && results.length === 0 && <p class="empty">{s('teachResultsEmpty')}</p>}
              {results && results.length > 0 && (
                <form method="post" action="/admin/teach" class="teach-form" id="teach-pick">
                  <input type="hidden" name="question" value={q} />
                  <fieldset>
                    <legend>{s('teachPickLegend', { max: TEACH_PASSAGES_MAX })}</legend>
                    <ol class="teach-results">
                      {results.map((r, i) => (
                        <li>
                          <input type="checkbox" id={`pick-${i}`} name="passage" value={r.id} checked={taughtWith.includes(r.id)} />
                          <label for={`pick-${i}`}>
                            <span class="teach-result-title" lang={ui.contentLang}>
                              {ui.text(passageLabel(r))}
                            </span>
                            <span class="teach-result-text" lang={ui.contentLang}>
                              {ui.text(r.text.length > 220 ? `${r.text.slice(0, 220)}…` : r.text)}
                            </span>
                          </label>{' '}
                          <a href={r.url} class="teach-result-link" aria-label={`${r.id}`}>
                            {r.id}
                          </a>
                        </li>
                      ))}
                    </ol>
                  </fieldset>
                  <p>
                    <label for="teach-note">{s('teachNote')}</label>
                    <input id="teach-note" name="note" type="text" maxlength={TEACH_NOTE_MAX} value={props.note} />
                  </p>
                  <p>
                    <button type="submit">{s('teachSave')}</button>
                  </p>
                </form>
              )}
            </>
          )}
        </section>
      )}
      {available && <Pending ui={ui} pending={props.pending} days={props.pendingDays} />}
      {available && <TaughtList ui={ui} taught={props.taught} />}
      {available && <CuratedSection ui={ui} curated={props.curated} form={props.curatedForm} days={props.curatedDays} now={props.now} />}
    </section>
  );
}
