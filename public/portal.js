// policy-qa portal enhancements (loaded after htmx; everything works without them):
// arrow keys and Escape for the 猜你想问 list, and keeping the language/适老化
// links pointing back at the page the visitor is on after htmx changes the URL.
(function () {
  'use strict';

  function suggestionLinks() {
    var box = document.getElementById('suggestions');
    if (!box || box.hidden) return [];
    return Array.prototype.slice.call(box.querySelectorAll('a'));
  }

  function hideSuggestions() {
    var box = document.getElementById('suggestions');
    if (!box) return;
    box.hidden = true;
    box.textContent = '';
  }

  document.addEventListener('keydown', function (event) {
    var target = event.target;
    if (!(target instanceof HTMLElement)) return;
    var input = document.getElementById('q');
    var links = suggestionLinks();
    if (target === input) {
      if (event.key === 'ArrowDown' && links.length) {
        event.preventDefault();
        links[0].focus();
      } else if (event.key === 'Escape') {
        hideSuggestions();
      }
      return;
    }
    var at = links.indexOf(target);
    if (at === -1) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      var next = at + (event.key === 'ArrowDown' ? 1 : -1);
      if (next < 0) input && input.focus();
      else links[Math.min(next, links.length - 1)].focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      hideSuggestions();
      input && input.focus();
    }
  });

  // The preference links carry back=<this page>; htmx pushes new URLs without reloading.
  document.addEventListener('htmx:pushedIntoHistory', function () {
    var url = new URL(window.location.href);
    url.searchParams.delete('lang');
    url.searchParams.delete('elder');
    var here = url.pathname + url.search;
    document.querySelectorAll('.preferences a[href^="/prefs"]').forEach(function (a) {
      var link = new URL(a.getAttribute('href'), window.location.origin);
      link.searchParams.set('back', here);
      a.setAttribute('href', link.pathname + link.search);
    });
  });
})();
