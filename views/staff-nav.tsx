// What the staff pages (承诺与部署, 数据, 问答统计) share: the portal's Ui plus
// their own messages, the links between them, and a scrollable wrapper that
// keeps wide tables from widening a phone screen.
import type { Child } from 'hono/jsx';
import type { StaffTranslate } from '../src/i18n/staff.js';
import type { Ui } from './ui.js';

export interface StaffUi extends Ui {
  /** The staff pages' messages (src/i18n/staff.ts). */
  s: StaffTranslate;
}

export type StaffPageName = 'commitments' | 'figures' | 'admin' | 'teach' | 'library';

export function StaffNav({ ui, current, admin }: { ui: StaffUi; current: StaffPageName; admin: boolean }) {
  const links: [StaffPageName, string, string][] = [
    ['commitments', '/commitments', ui.s('navCommitments')],
    ['figures', '/figures', ui.s('navFigures')],
  ];
  if (admin) links.push(['admin', '/admin', ui.s('navAdmin')]);
  if (admin) links.push(['library', '/admin/library', ui.s('navLibrary')]);
  if (admin) links.push(['teach', '/admin/teach', ui.s('navTeach')]);
  return (
    <nav class="staff-nav" aria-label={ui.s('staffNav')}>
      <ul>
        {links.map(([name, href, label]) => (
          <li>
            <a href={href} aria-current={name === current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A table that scrolls sideways on its own (keyboard-focusable, labelled) instead of the page. */
export function TableScroll({ label, children }: { label: string; children?: Child }) {
  return (
    <div class="table-scroll" role="region" aria-label={label} tabindex={0}>
      {children}
    </div>
  );
}

export interface FilterOption {
  value: string;
  label: string;
}

/** One labelled <select> of a staff filter form: 全部 first, then the options (the chosen one selected). */
export function SelectField({ ui, id, name, label, value, options, content = false }: { ui: StaffUi; id: string; name: string; label: string; value: string; options: FilterOption[]; content?: boolean }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={name}>
        <option value="">{ui.s('filterAll')}</option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value} lang={content ? ui.contentLang : undefined}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The filter form of a staff list: plain GET without JavaScript; with htmx only the list is swapped. */
export function StaffFilter({
  ui,
  action,
  q,
  year,
  doc,
  years,
  docs,
}: {
  ui: StaffUi;
  action: string;
  q: string;
  year: string;
  doc: string;
  years: string[];
  docs: FilterOption[];
}) {
  const { s } = ui;
  return (
    <form
      class="staff-filter"
      role="search"
      aria-label={s('filterLegend')}
      action={action}
      method="get"
      hx-get={action}
      hx-target="#staff-list"
      hx-select="#staff-list"
      hx-swap="outerHTML"
      hx-push-url="true"
      hx-trigger="submit, change"
    >
      <div class="field">
        <label for="staff-q">{s('filterQuery')}</label>
        <input id="staff-q" name="q" type="search" value={ui.text(q)} maxlength={500} autocomplete="off" />
      </div>
      <SelectField ui={ui} id="staff-year" name="year" label={s('filterYear')} value={year} options={years.map((y) => ({ value: y, label: y }))} />
      <SelectField ui={ui} id="staff-doc" name="doc" label={s('filterDoc')} value={doc} options={docs} content />
      <button type="submit">{s('filterButton')}</button>
    </form>
  );
}

/** Previous/next links for a staff list; plain links, so paging works without JavaScript. */
export function Pager(props: { ui: Ui; offset: number; limit: number; total: number; page: (offset: number) => string }) {
  const { ui, offset, limit, total, page } = props;
  if (offset <= 0 && offset + limit >= total) return null;
  return (
    <nav class="pager" aria-label={ui.t('pagerLabel')}>
      {offset > 0 && <a href={page(Math.max(0, offset - limit))}>{ui.t('pagerPrevious')}</a>}
      {offset + limit < total && <a href={page(offset + limit)}>{ui.t('pagerNext')}</a>}
    </nav>
  );
}
