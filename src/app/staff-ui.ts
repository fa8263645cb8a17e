// The interface of a staff page (数据, 承诺与部署, /admin and its teaching and
// library pages): language as on the portal (?lang=, the remembered cookie,
// Accept-Language), the 适老化 switches /prefs remembers, never the embed.
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { resolveLang, translator } from '../i18n/index.js';
import { staffTranslator } from '../i18n/staff.js';
import { contentConverter } from '../i18n/traditional.js';
import type { StaffUi } from '../../views/staff-nav.js';

export function staffUi(c: Context): StaffUi {
  const { lang } = resolveLang({
    query: c.req.query('lang'),
    remembered: getCookie(c, 'pqa_lang'),
    acceptLanguage: c.req.header('Accept-Language'),
  });
  const url = new URL(c.req.url);
  url.searchParams.delete('lang');
  url.searchParams.delete('elder');
  return {
    lang,
    t: translator(lang),
    s: staffTranslator(lang),
    text: contentConverter(lang),
    contentLang: lang === 'en' ? 'zh-CN' : undefined,
    embed: false,
    elder: getCookie(c, 'pqa_elder') === '1',
    contrast: getCookie(c, 'pqa_contrast') === '1',
    guide: getCookie(c, 'pqa_guide') === '1',
    here: url.pathname + url.search,
    embedQuery: '',
  };
}
