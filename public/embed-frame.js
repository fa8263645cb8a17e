// Inside the /embed iframe: take the focus when the panel opens, and tell the
// embedding page to close the panel when the visitor presses Escape (key
// presses inside an iframe never reach the page around it). The embedding
// page's focus trap (embed.js, on phones) asks for the focus on the last
// control when Shift+Tab wraps backwards from its close button. After an
// answer the ask box is emptied for the next question (the question stands
// above its answer; a follow-up such as 那去年呢？ is typed fresh).
(function () {
  'use strict';

  // The answer replaced the panel's #results: empty the box for the next question (a follow-up).
  document.addEventListener('htmx:afterSwap', function (event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== 'results') return;
    var input = document.getElementById('q');
    var from = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (input && from && from.closest && from.closest('form.ask-form')) input.value = '';
  });

  if (window.parent === window) return;

  var FOCUSABLE = 'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

  function lastFocusable() {
    var all = document.querySelectorAll(FOCUSABLE);
    for (var i = all.length - 1; i >= 0; i--) {
      var el = all[i];
      if (el.offsetParent !== null || el.getClientRects().length > 0) return el;
    }
    return null;
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || !event.data) return;
    if (event.data.type === 'policy-qa:focus') {
      var input = document.getElementById('q');
      if (input) input.focus();
    } else if (event.data.type === 'policy-qa:focus-last') {
      var last = lastFocusable();
      if (last) last.focus();
    }
  });

  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape') return;
    // The message carries nothing but the request to close, so any parent may read it.
    window.parent.postMessage({ type: 'policy-qa:close' }, '*');
  });
})();
