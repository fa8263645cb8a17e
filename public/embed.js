/*
 * policy-qa embed: one line on any page of the portal adds a floating 智能问答
 * button that opens a panel with the Q&A in an iframe.
 *
 *   <script src="https://qa.example.gov.cn/embed.js" data-title="智能问答"
 *           data-color="#a3111c" data-lang="zh-CN" data-position="bottom-right" defer></script>
 *
 * The button lives in a shadow root and the panel's content in an iframe, so
 * the host page's CSS cannot reach either. The script first asks the Q&A
 * server's /api/status across origins: only pages on the server's
 * ALLOWED_ORIGINS list get an answer (CORS), and only they may frame /embed
 * (CSP frame-ancestors), so on any other site the button is not shown.
 *
 * On a phone the open panel covers the page (a modal dialog): Tab and
 * Shift+Tab cycle through its close button and the controls in the iframe
 * and never reach the page behind it. The iframe's controls cannot be seen
 * from here, so two invisible focus guards sit around the panel's content:
 * Tab past the iframe's last control lands on the one after it and goes to
 * the close button; Shift+Tab from the close button lands on the one before
 * it and asks the iframe to focus its last control. Escape closes the panel
 * and returns the focus to the button. On a wide screen the panel is a
 * non-modal dialog beside the page, and Tab goes on into the page.
 */
(function () {
  'use strict';
  if (document.querySelector('[data-policy-qa-embed]')) return;

  var script =
    document.currentScript ||
    (function () {
      var all = document.querySelectorAll('script[src*="embed.js"]');
      return all[all.length - 1];
    })();
  if (!script || !script.src) return;

  var base = new URL(script.src, window.location.href).origin;
  var data = script.dataset || {};

  var LABELS = {
    'zh-CN': { title: '智能问答', close: '关闭' },
    'zh-TW': { title: '智慧問答', close: '關閉' },
    en: { title: 'Policy Q&A', close: 'Close' },
  };

  function pickLang(raw) {
    var tag = String(raw || '').toLowerCase();
    if (tag.indexOf('en') === 0) return 'en';
    if (/^zh-(tw|hk|mo|hant)/.test(tag)) return 'zh-TW';
    return 'zh-CN';
  }

  // #rgb or #rrggbb only; the text colour is black or white, whichever contrasts more.
  function pickColors(raw) {
    var m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(raw || '').trim());
    if (!m) return { accent: '#a3111c', ink: '#ffffff', given: '' };
    var hex = m[1].length === 3 ? m[1].replace(/./g, '$&$&') : m[1];
    var lum = [0, 2, 4]
      .map(function (i) {
        var c = parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
      })
      .reduce(function (sum, c, i) {
        return sum + c * [0.2126, 0.7152, 0.0722][i];
      }, 0);
    var onWhite = 1.05 / (lum + 0.05);
    var onBlack = (lum + 0.05) / 0.05;
    return { accent: '#' + hex.toLowerCase(), ink: onWhite >= onBlack ? '#ffffff' : '#000000', given: hex.toLowerCase() };
  }

  var lang = pickLang(data.lang || document.documentElement.lang);
  var labels = LABELS[lang];
  var title = String(data.title || labels.title).slice(0, 40);
  var colors = pickColors(data.color);
  var left = data.position === 'bottom-left';

  var CSS =
    ':host{all:initial}' +
    '*{box-sizing:border-box}' +
    '.launcher{position:fixed;bottom:16px;' + (left ? 'left' : 'right') + ':16px;z-index:2147483000;' +
    'min-height:48px;min-width:48px;padding:0 20px;border:2px solid ' + colors.ink + ';border-radius:24px;' +
    'background:' + colors.accent + ';color:' + colors.ink + ';font:700 16px/1.2 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;' +
    'cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3)}' +
    '.launcher:focus-visible,.close:focus-visible{outline:3px solid #1f6feb;outline-offset:3px}' +
    '.panel{position:fixed;bottom:76px;' + (left ? 'left' : 'right') + ':16px;z-index:2147483001;' +
    'width:min(400px,calc(100vw - 32px));height:min(600px,calc(100vh - 100px));display:flex;flex-direction:column;' +
    'background:#fff;border:1px solid #767676;border-radius:8px;overflow:hidden;box-shadow:0 4px 24px rgba(0,0,0,.3)}' +
    '.panel[hidden]{display:none}' +
    '.bar{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:0 4px 0 16px;' +
    'background:' + colors.accent + ';color:' + colors.ink + ';font:700 16px/1.2 system-ui,"PingFang SC","Microsoft YaHei",sans-serif}' +
    '.close{min-width:44px;min-height:44px;border:0;background:transparent;color:inherit;font:700 24px/1 system-ui,sans-serif;cursor:pointer}' +
    'iframe{flex:1;width:100%;border:0;background:#fff}' +
    '.guard{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;outline:0}' +
    '@media (max-width:480px){.panel{inset:8px 8px 72px 8px;width:auto;height:auto}}';

  function mount() {
    var host = document.createElement('div');
    host.setAttribute('data-policy-qa-embed', '');
    var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;

    var sheetApplied = false;
    try {
      // A constructed stylesheet works under host pages whose CSP forbids inline <style>.
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
      sheetApplied = true;
    } catch (e) {
      sheetApplied = false;
    }
    if (!sheetApplied) {
      var style = document.createElement('style');
      style.textContent = CSS;
      root.appendChild(style);
    }

    var launcher = document.createElement('button');
    launcher.type = 'button';
    launcher.className = 'launcher';
    launcher.textContent = title;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-controls', 'policy-qa-panel');

    var panel = document.createElement('div');
    panel.className = 'panel';
    panel.id = 'policy-qa-panel';
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', title);
    panel.hidden = true;

    var bar = document.createElement('div');
    bar.className = 'bar';
    var heading = document.createElement('span');
    heading.textContent = title;
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'close';
    close.setAttribute('aria-label', labels.close);
    close.textContent = '×';
    bar.appendChild(heading);
    bar.appendChild(close);

    var frame = document.createElement('iframe');
    frame.title = title;

    // Focus guards (the trap on phones): reached only by Tab or Shift+Tab, they pass the focus on at once.
    function guard() {
      var el = document.createElement('span');
      el.className = 'guard';
      el.tabIndex = 0;
      return el;
    }
    var guardBefore = guard();
    var guardAfter = guard();
    panel.appendChild(guardBefore);
    panel.appendChild(bar);
    panel.appendChild(frame);
    panel.appendChild(guardAfter);
    root.appendChild(launcher);
    root.appendChild(panel);
    document.body.appendChild(host);

    function focusFrame() {
      frame.focus();
      if (frame.contentWindow) frame.contentWindow.postMessage({ type: 'policy-qa:focus' }, base);
    }

    // The breakpoint where the panel covers the screen (the CSS @media below 480 px).
    var narrow = window.matchMedia ? window.matchMedia('(max-width:480px)') : { matches: false };
    function modal() {
      return !panel.hidden && narrow.matches;
    }
    // On a phone the panel is modal and the guards are Tab stops; on a wide screen neither.
    function markModal() {
      if (narrow.matches) panel.setAttribute('aria-modal', 'true');
      else panel.removeAttribute('aria-modal');
      guardBefore.tabIndex = guardAfter.tabIndex = narrow.matches ? 0 : -1;
    }
    markModal();
    if (narrow.addEventListener) narrow.addEventListener('change', markModal);
    guardAfter.addEventListener('focus', function () {
      // Tab past the iframe's last control: round to the close button on a phone, on into the page otherwise.
      if (modal()) close.focus();
    });
    guardBefore.addEventListener('focus', function (event) {
      // Tab from the launcher below the panel: into the panel, at its close button.
      if (event.relatedTarget === launcher) {
        close.focus();
        return;
      }
      // Shift+Tab from the close button: round to the iframe's last control on a phone, back to the button otherwise.
      if (!modal()) {
        launcher.focus();
        return;
      }
      frame.focus();
      if (frame.contentWindow) frame.contentWindow.postMessage({ type: 'policy-qa:focus-last' }, base);
    });
    // A focus that still escapes to the page (a click, a screen reader's jump) is brought back while the panel covers it.
    document.addEventListener('focusin', function (event) {
      if (modal() && event.target !== host) close.focus();
    });

    function open() {
      markModal();
      panel.hidden = false;
      launcher.setAttribute('aria-expanded', 'true');
      if (!frame.getAttribute('src')) {
        var params = new URLSearchParams({ lang: lang, title: title, header: '0' });
        if (colors.given) params.set('color', colors.given);
        frame.addEventListener('load', focusFrame, { once: true });
        frame.src = base + '/embed?' + params.toString();
      } else {
        focusFrame();
      }
    }

    function hide() {
      panel.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      launcher.focus();
    }

    launcher.addEventListener('click', function () {
      if (panel.hidden) open();
      else hide();
    });
    close.addEventListener('click', hide);
    root.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && !panel.hidden) hide();
    });
    window.addEventListener('message', function (event) {
      if (event.origin !== base || event.source !== frame.contentWindow) return;
      if (event.data && event.data.type === 'policy-qa:close' && !panel.hidden) hide();
    });
  }

  function start() {
    fetch(base + '/api/status', { mode: 'cors', credentials: 'omit' })
      .then(function () {
        mount();
      })
      .catch(function () {
        console.warn(
          'policy-qa embed: ' + base + ' does not allow this site (' + window.location.origin + '); add it to ALLOWED_ORIGINS there. The Q&A button is not shown.',
        );
      });
  }

  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
