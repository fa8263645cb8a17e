// Failed requests, on the portal's pages and in the /embed panel alike (issue #17): htmx swaps nothing on a
// 4xx/5xx or a network failure, so without this the button seemed dead. The notice under the ask box
// (#request-problem) says what happened and what to do, from the messages the server rendered into its
// data- attributes in the visitor's language; the live region (#announcer) reads it out; the form is left as
// it was (question kept, focus where the visitor put it). Loaded after htmx.
(function () {
  'use strict';

  function announce(text) {
    var live = document.getElementById('announcer');
    if (!live) return;
    // Emptied first, so the same message twice in a row is read twice.
    live.textContent = '';
    setTimeout(function () {
      live.textContent = text;
    }, 100);
  }

  /** 猜你想问 is optional: its failures stay silent rather than flash a notice while the visitor types. */
  function isSuggestion(detail) {
    var path = (detail.pathInfo && detail.pathInfo.requestPath) || '';
    return path.indexOf('/suggest') === 0;
  }

  function showProblem(kind, seconds) {
    var box = document.getElementById('request-problem');
    if (!box) return;
    var text = (box.getAttribute('data-' + kind) || box.getAttribute('data-failed') || '').replace('{seconds}', String(seconds || 1));
    box.textContent = text;
    box.hidden = false;
    announce(text);
  }

  function clearProblem() {
    var box = document.getElementById('request-problem');
    if (box && !box.hidden) {
      box.hidden = true;
      box.textContent = '';
    }
  }

  // A 4xx about the question itself (empty, too long) comes as this site's own #results fragment: show it
  // (it is a role="alert" section, read out as it appears).
  document.addEventListener('htmx:beforeSwap', function (event) {
    var d = event.detail;
    var status = d.xhr.status;
    if (status >= 400 && status < 500 && status !== 429 && d.target && d.target.id === 'results' && /id="results"/.test(d.xhr.responseText || '')) {
      d.shouldSwap = true;
      d.isError = false;
    }
  });

  document.addEventListener('htmx:responseError', function (event) {
    var d = event.detail;
    if (isSuggestion(d)) return;
    if (d.xhr.status === 429) showProblem('too-many', parseInt(d.xhr.getResponseHeader('Retry-After') || '', 10));
    else showProblem('failed');
  });
  document.addEventListener('htmx:sendError', function (event) {
    if (!isSuggestion(event.detail)) showProblem('offline');
  });
  document.addEventListener('htmx:timeout', function (event) {
    if (!isSuggestion(event.detail)) showProblem('timeout');
  });
  document.addEventListener('htmx:afterRequest', function (event) {
    if (event.detail.successful && !isSuggestion(event.detail)) clearProblem();
  });
})();
