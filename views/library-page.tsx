// 文件库管理 (/admin/library, issue #18 item 4): the documents the knowledge base
// serves, the uploads waiting to be published, an upload form, the preview of one
// upload (its inferred frame, the passages it becomes, a form to correct the frame),
// the background rebuild's progress (htmx polls the status fragment while it runs;
// without script a refresh link does the same) and the audit list. Plain forms
// throughout: every action works without JavaScript.
import type { AuditEntry, LibraryAction, LibraryUpload, RebuildStatus } from '../src/staff/library-audit.js';
import { chinaDateTime } from '../src/staff/query-log.js';
import type { StaffMessageKey } from '../src/i18n/staff.js';
import { StaffNav, TableScroll, type StaffUi } from './staff-nav.js';

/** A document the knowledge base serves now, as the list shows it. */
export interface ServedDocument {
  id: string;
  title: string;
  region: string | null;
  kind: string | null;
  reviewed: string | null;
  planned: string | null;
  passages: number;
  /** The library upload it came from (withdrawable), if any. */
  uploadId: string | null;
}

export interface LibraryPageProps {
  ui: StaffUi;
  /** False on Workers: nothing to manage here, say so. */
  available: boolean;
  documents: ServedDocument[];
  /** How many the knowledge base holds (documents lists at most a page of them). */
  documentTotal: number;
  uploads: LibraryUpload[];
  status: RebuildStatus;
  audit: AuditEntry[];
  maxBytes: number;
  extensions: readonly string[];
  /** A refused action's message, shown at the top. */
  error?: string | null;
  /** What just happened (uploaded, discarded …). */
  notice?: string | null;
}

const ACTION_TEXT: Record<LibraryAction, StaffMessageKey> = {
  upload: 'libActionUpload',
  reject: 'libActionReject',
  correct: 'libActionCorrect',
  publish: 'libActionPublish',
  withdraw: 'libActionWithdraw',
  discard: 'libActionDiscard',
  'rebuild-failed': 'libActionFailed',
};

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

function Notices({ ui, error, notice }: { ui: StaffUi; error?: string | null; notice?: string | null }) {
  return (
    <>
      {error && (
        <p class="error" role="alert" id="library-error">
          {ui.s('libErrorPrefix')} {error}
        </p>
      )}
      {notice && (
        <p class="library-notice" role="status">
          {notice}
        </p>
      )}
    </>
  );
}

/** The rebuild's state; polled every second by htmx while it runs (hx-get on itself), a refresh link otherwise. */
export function RebuildStatusView({ ui, status }: { ui: StaffUi; status: RebuildStatus }) {
  const { s } = ui;
  const running = status.state === 'running';
  const stage = status.stage === 'read' ? s('libStageRead') : status.stage === 'index' ? s('libStageIndex') : status.stage === 'reload' ? s('libStageReload') : s('libStageQueued');
  const percent = status.total > 0 ? Math.round((status.done / status.total) * 100) : 0;
  return (
    <section
      id="library-status"
      class={`library-status ${status.state}`}
      aria-labelledby="library-status-title"
      {...(running ? { 'hx-get': '/admin/library/status', 'hx-trigger': 'every 1s', 'hx-swap': 'outerHTML' } : {})}
    >
      <h2 id="library-status-title">{s('libStatusTitle')}</h2>
      <div role="status">
        {status.state === 'idle' && <p>{s('libStatusIdle')}</p>}
        {running && (
          <>
            <p>
              {s(status.action === 'withdraw' ? 'libStatusWithdrawing' : 'libStatusPublishing', { file: status.fileName ?? '' })} {stage}
              {status.total > 0 && ` ${status.done}/${status.total}`}
            </p>
            <progress max={100} value={percent} aria-label={s('libProgressLabel')}>
              {percent}%
            </progress>
            <p>
              <a href="/admin/library#library-status">{s('libRefresh')}</a>
            </p>
          </>
        )}
        {status.state === 'done' && (
          <p>
            {s(status.action === 'withdraw' ? 'libStatusWithdrawn' : 'libStatusPublished', { file: status.fileName ?? '' })}{' '}
            {s('libStatusSummary', { documents: status.documents, passages: status.passages })}
          </p>
        )}
        {status.state === 'failed' && (
          <p class="error">
            {s('libStatusFailed', { file: status.fileName ?? '' })} {status.message}
          </p>
        )}
      </div>
    </section>
  );
}

function UploadForm({ ui, maxBytes, extensions, busy }: { ui: StaffUi; maxBytes: number; extensions: readonly string[]; busy: boolean }) {
  const { s } = ui;
  return (
    <section aria-labelledby="library-upload-title">
      <h2 id="library-upload-title">{s('libUploadTitle')}</h2>
      <p id="library-upload-help">{s('libUploadHelp', { types: extensions.join(' '), size: megabytes(maxBytes) })}</p>
      <form class="staff-filter library-upload" action="/admin/library/upload" method="post" enctype="multipart/form-data">
        <div class="field">
          <label for="library-file">{s('libFileLabel')}</label>
          <input id="library-file" name="file" type="file" accept={extensions.join(',')} required aria-describedby="library-upload-help" />
        </div>
        <button type="submit" disabled={busy}>
          {s('libUploadButton')}
        </button>
      </form>
    </section>
  );
}

function AuditList({ ui, audit }: { ui: StaffUi; audit: AuditEntry[] }) {
  const { s } = ui;
  return (
    <section aria-labelledby="library-audit-title">
      <h2 id="library-audit-title">{s('libAuditTitle')}</h2>
      {audit.length === 0 ? (
        <p class="empty">{s('emptyList')}</p>
      ) : (
        <TableScroll label={s('tableOf', { title: s('libAuditTitle') })}>
          <table class="staff-table library-audit">
            <thead>
              <tr>
                <th scope="col">{s('libColWhen')}</th>
                <th scope="col">{s('libColWho')}</th>
                <th scope="col">{s('libColWhat')}</th>
                <th scope="col">{s('libColFile')}</th>
                <th scope="col">{s('libColDetail')}</th>
              </tr>
            </thead>
            <tbody>
              {audit.map((a) => (
                <tr>
                  <td>{chinaDateTime(a.at)}</td>
                  <td>{a.who}</td>
                  <td>{s(ACTION_TEXT[a.action] ?? 'libActionUpload')}</td>
                  <th scope="row" class="citation">
                    {a.document}
                  </th>
                  <td class="citation">{a.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

export function LibraryPage(props: LibraryPageProps) {
  const { ui, available, documents, documentTotal, uploads, status, audit } = props;
  const { s } = ui;
  const busy = status.state === 'running';
  const staged = uploads.filter((u) => u.state === 'staged');
  return (
    <section id="results" class="staff library" aria-labelledby="staff-title">
      <StaffNav ui={ui} current="library" admin />
      <h1 id="staff-title">{s('libTitle')}</h1>
      <p>{s('libIntro')}</p>
      {!available ? (
        <p class="error" role="status">
          {s('libUnavailable')}
        </p>
      ) : (
        <>
          <Notices ui={ui} error={props.error} notice={props.notice} />
          <RebuildStatusView ui={ui} status={status} />
          <UploadForm ui={ui} maxBytes={props.maxBytes} extensions={props.extensions} busy={false} />
          <section aria-labelledby="library-staged-title">
            <h2 id="library-staged-title">{s('libStagedTitle')}</h2>
            {staged.length === 0 ? (
              <p class="empty">{s('libStagedEmpty')}</p>
            ) : (
              <ul class="library-staged">
                {staged.map((u) => (
                  <li>
                    <a href={`/admin/library/doc/${u.id}`} lang={ui.contentLang}>
                      {ui.text(u.frame.title)}
                    </a>{' '}
                    <span class="muted">
                      {u.fileName} · {s('libPassages', { count: u.passageCount })} · {u.uploadedBy} · {chinaDateTime(u.uploadedAt)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
      <section aria-labelledby="library-docs-title">
        <h2 id="library-docs-title">{s('libPublishedTitle', { count: documentTotal })}</h2>
        {documents.length < documentTotal && <p class="muted">{s('libDocsShown', { count: documents.length })}</p>}
        <TableScroll label={s('tableOf', { title: s('libPublishedTitle', { count: documentTotal }) })}>
          <table class="staff-table library-docs">
            <thead>
              <tr>
                <th scope="col">{s('libColTitle')}</th>
                <th scope="col">{s('libColRegion')}</th>
                <th scope="col">{s('libColKind')}</th>
                <th scope="col">{s('libColYears')}</th>
                <th scope="col">{s('libColPassages')}</th>
                <th scope="col">{s('popularColActions')}</th>
              </tr>
            </thead>
            <tbody>
              {documents.map((d) => (
                <tr>
                  <th scope="row" lang={ui.contentLang}>
                    <a href={`/doc/${encodeURIComponent(d.id)}`}>{ui.text(d.title)}</a>
                  </th>
                  <td lang={ui.contentLang}>{d.region ? ui.text(d.region) : '—'}</td>
                  <td lang={ui.contentLang}>{d.kind ? ui.text(d.kind) : '—'}</td>
                  <td>{s('libYears', { reviewed: d.reviewed ?? '—', planned: d.planned ?? '—' })}</td>
                  <td>{d.passages}</td>
                  <td>
                    {d.uploadId && available ? (
                      <form class="library-inline" action={`/admin/library/doc/${d.uploadId}/withdraw`} method="post">
                        <button type="submit" class="secondary" disabled={busy} aria-label={s('libWithdrawLabel', { title: ui.text(d.title) })}>
                          {s('libWithdraw')}
                        </button>
                      </form>
                    ) : (
                      <span class="muted">{s('libFromCorpus')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      {available && <AuditList ui={ui} audit={audit} />}
    </section>
  );
}

export interface UploadPreviewProps {
  ui: StaffUi;
  upload: LibraryUpload;
  status: RebuildStatus;
  error?: string | null;
  notice?: string | null;
  /** The correction form's values as sent, when they were refused. */
  form?: Record<string, string>;
}

/** One upload: its inferred frame, the passages it becomes, the correction form, publish / discard / withdraw. */
export function UploadPreview({ ui, upload, status, error, notice, form }: UploadPreviewProps) {
  const { s } = ui;
  const f = upload.frame;
  const busy = status.state === 'running';
  const value = (name: 'title' | 'url' | 'region' | 'kind' | 'reviewedYear' | 'plannedYear') => form?.[name] ?? (upload.correction[name] !== undefined ? String(upload.correction[name]) : '');
  const set = (field: string) => (f.overridden.includes(field) ? ` ${s('libCorrected')}` : '');
  const base = `/admin/library/doc/${upload.id}`;
  return (
    <section id="results" class="staff library" aria-labelledby="staff-title">
      <StaffNav ui={ui} current="library" admin />
      <p>
        <a href="/admin/library">{s('libBack')}</a>
      </p>
      <h1 id="staff-title" lang={ui.contentLang}>
        {ui.text(f.title)}
      </h1>
      <p class="muted">
        {upload.fileName} · {megabytes(upload.bytes)} · {s(upload.state === 'published' ? 'libStatePublished' : 'libStateStaged')} · {upload.uploadedBy} ·{' '}
        {chinaDateTime(upload.uploadedAt)}
      </p>
      <Notices ui={ui} error={error} notice={notice} />
      <RebuildStatusView ui={ui} status={status} />
      <section aria-labelledby="library-frame-title">
        <h2 id="library-frame-title">{s('libFrameTitle')}</h2>
        <dl class="library-frame">
          <dt>{s('libColTitle')}</dt>
          <dd lang={ui.contentLang}>
            {ui.text(f.title)}
            {set('title')}
          </dd>
          <dt>{s('libColRegion')}</dt>
          <dd lang={ui.contentLang}>
            {f.region ? ui.text(f.region) : s('libUnknown')}
            {set('region')}
          </dd>
          <dt>{s('libColKind')}</dt>
          <dd lang={ui.contentLang}>
            {f.kind ? ui.text(f.kind) : s('libUnknown')}
            {set('kind')}
          </dd>
          <dt>{s('libReviewed')}</dt>
          <dd>
            {f.reviewed ?? s('libUnknown')}
            {set('reviewedYear')}
          </dd>
          <dt>{s('libPlanned')}</dt>
          <dd>
            {f.planned ?? s('libUnknown')}
            {set('plannedYear')}
          </dd>
          <dt>{s('libColPassages')}</dt>
          <dd>{s('libSections', { passages: upload.passageCount, sections: f.sections, plans: f.planSections })}</dd>
        </dl>
        <h3 id="library-correct-title">{s('libCorrectTitle')}</h3>
        <p id="library-correct-help">{s('libCorrectHelp')}</p>
        <form class="staff-filter library-correct" action={`${base}/frame`} method="post" aria-labelledby="library-correct-title">
          <div class="field">
            <label for="frame-title">{s('libColTitle')}</label>
            <input id="frame-title" name="title" type="text" maxlength={200} value={value('title')} placeholder={f.title} />
          </div>
          <div class="field">
            <label for="frame-region">{s('libColRegion')}</label>
            <input id="frame-region" name="region" type="text" maxlength={40} value={value('region')} placeholder={f.region ?? ''} aria-describedby="library-correct-help" />
          </div>
          <div class="field">
            <label for="frame-kind">{s('libColKind')}</label>
            <input id="frame-kind" name="kind" type="text" maxlength={40} value={value('kind')} placeholder={f.kind ?? ''} />
          </div>
          <div class="field">
            <label for="frame-reviewed">{s('libReviewed')}</label>
            <input id="frame-reviewed" name="reviewedYear" type="text" inputmode="numeric" pattern="[0-9]{4}" maxlength={4} value={value('reviewedYear')} />
          </div>
          <div class="field">
            <label for="frame-planned">{s('libPlanned')}</label>
            <input id="frame-planned" name="plannedYear" type="text" inputmode="numeric" pattern="[0-9]{4}" maxlength={4} value={value('plannedYear')} />
          </div>
          <div class="field">
            <label for="frame-url">{s('libColUrl')}</label>
            <input id="frame-url" name="url" type="url" maxlength={2000} value={value('url')} placeholder="https://" />
          </div>
          <button type="submit" disabled={busy}>
            {s('libCorrectButton')}
          </button>
        </form>
      </section>
      <section aria-labelledby="library-actions-title">
        <h2 id="library-actions-title">{s('libActionsTitle')}</h2>
        <p>{s(upload.state === 'published' ? 'libRepublishHelp' : 'libPublishHelp')}</p>
        <div class="library-actions">
          <form class="library-inline" action={`${base}/publish`} method="post">
            <button type="submit" disabled={busy}>
              {s(upload.state === 'published' ? 'libRepublish' : 'libPublish')}
            </button>
          </form>
          {upload.state === 'staged' ? (
            <form class="library-inline" action={`${base}/discard`} method="post">
              <button type="submit" class="secondary" disabled={busy}>
                {s('libDiscard')}
              </button>
            </form>
          ) : (
            <form class="library-inline" action={`${base}/withdraw`} method="post">
              <button type="submit" class="secondary" disabled={busy}>
                {s('libWithdraw')}
              </button>
            </form>
          )}
        </div>
      </section>
      <section aria-labelledby="library-passages-title">
        <h2 id="library-passages-title">{s('libPassagesTitle', { shown: upload.passages.length, count: upload.passageCount })}</h2>
        <ol class="library-passages">
          {upload.passages.map((p) => (
            <li lang={ui.contentLang}>
              {p.heading.length > 0 && <p class="muted">{ui.text(p.heading.join(' › '))}</p>}
              <p>{ui.text(p.text)}</p>
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
}
