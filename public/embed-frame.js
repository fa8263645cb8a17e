// Inside the /embed iframe: take the focus when the panel opens, and tell the
// embedding page to close the panel when the visitor presses Escape (key
// presses inside an iframe never reach the page around it).
(function () {
  'use strict';
  if (window.parent === window) return;

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || !event.data || event.data.type !== 'policy-qa:focus') return;
    var input = document.getElementById('q');
    if (input) input.focus();
  });

  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape') return;
    // The message carries nothing but the request to close, so any parent may read it.
    window.parent.postMessage({ type: 'policy-qa:close' }, '*');
  });
})();

// Failed requests in the panel (issue #17), as on the portal (public/portal.js, kept in step): a 429, a
// timeout or a lost connection is said in the notice under the ask box and read out by the live region,
// from the messages the server rendered in the panel's language; the question stays in the box.
(function () {
  'use strict';

  function announce(text) {
    var live = document.getElementById('announcer');
    if (!live) return;
    live.textContent = '';
    setTimeout(function () {
      live.textContent = text;
    }, 100);
  }

  function showProblem(kind, seconds) {
    var box = document.getElementById('request-problem');
    if (!box) return;
    var text = (box.getAttribute('data-' + kind) || box.getAttribute('data-failed') || '').replace('{seconds}', String(seconds || 1));
    box.textContent = text;
    box.hidden = false;
    announce(text);
  }

  document.addEventListener('htmx:beforeSwap', function (event) {
    var d = event.detail;
    var status = d.xhr.status;
    if (status >= 400 && status < 500 && status !== 429 && d.target && d.target.id === 'results' && /id="results"/.test(d.xhr.responseText || '')) {
      d.shouldSwap = true;
      d.isError = false;
    }
  });
  document.addEventListener('htmx:responseError', function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status === 429) showProblem('too-many', parseInt(xhr.getResponseHeader('Retry-After') || '', 10));
    else showProblem('failed');
  });
  document.addEventListener('htmx:sendError', function () {
    showProblem('offline');
  });
  document.addEventListener('htmx:timeout', function () {
    showProblem('timeout');
  });
  document.addEventListener('htmx:afterRequest', function (event) {
    var box = document.getElementById('request-problem');
    if (event.detail.successful && box && !box.hidden) {
      box.hidden = true;
      box.textContent = '';
    }
  });
})();
