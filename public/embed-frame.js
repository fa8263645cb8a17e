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
