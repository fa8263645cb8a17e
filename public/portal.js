// policy-qa portal enhancements (loaded after htmx; everything works without them):
// arrow keys and Escape for the 猜你想问 list, keeping the language/适老化
// links pointing back at the page the visitor is on after htmx changes the URL,
// and the 适老化 helpers that need script: the reading guide and 朗读 (read-aloud).
// No message text lives here: it comes from the page, in the visitor's language.
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
    url.searchParams.delete('contrast');
    url.searchParams.delete('guide');
    var here = url.pathname + url.search;
    document.querySelectorAll('.preferences a[href^="/prefs"]').forEach(function (a) {
      var link = new URL(a.getAttribute('href'), window.location.origin);
      link.searchParams.set('back', here);
      a.setAttribute('href', link.pathname + link.search);
    });
  });

  // Failed requests (429, timeout, offline) are said and read out by request-problems.js, shared with the embed.

  var root = document.documentElement;

  // ---- 适老化: the reading guide switch works only with script, so it is shown only now.
  document.querySelectorAll('.needs-script[hidden]').forEach(function (el) {
    el.hidden = false;
  });

  // The reading guide: a band across the page at the pointer, or at the line of whatever has the focus.
  // Positioned through the CSSOM (el.style), which the CSP allows; it never takes a click.
  if (root.classList.contains('guide')) {
    var band = document.createElement('div');
    band.className = 'reading-guide';
    band.setAttribute('aria-hidden', 'true');
    band.hidden = true;
    document.body.appendChild(band);
    var placeAt = function (y) {
      band.hidden = false;
      band.style.top = Math.round(y - band.offsetHeight / 2) + 'px';
    };
    document.addEventListener('pointermove', function (event) {
      placeAt(event.clientY);
    }, { passive: true });
    document.addEventListener('focusin', function (event) {
      var target = event.target;
      if (!(target instanceof HTMLElement) || target === document.getElementById('main')) return;
      var rect = target.getBoundingClientRect();
      // A tall element (a paragraph): its first line, not its middle.
      placeAt(rect.top + Math.min(rect.height, band.offsetHeight || 40) / 2);
    });
  }

  // ---- 朗读: read the answer aloud where the browser can (speechSynthesis); the button stays hidden elsewhere.
  var synth = window.speechSynthesis;
  if (synth && typeof window.SpeechSynthesisUtterance === 'function') {
    root.classList.add('can-speak');
    var speaking = null;
    var reset = function (button) {
      if (!button) return;
      button.textContent = button.getAttribute('data-start') || button.textContent;
      if (speaking === button) speaking = null;
    };
    var stop = function () {
      var button = speaking;
      synth.cancel();
      reset(button);
    };
    document.addEventListener('click', function (event) {
      var button = event.target instanceof Element ? event.target.closest('.read-aloud') : null;
      if (!button) return;
      if (speaking === button) {
        stop();
        return;
      }
      stop();
      var answer = button.closest('.answer');
      if (!answer) return;
      // The answer's words and where they come from, without the button, heading and reference marks.
      var copy = answer.cloneNode(true);
      copy.querySelectorAll('button, h2, .cite-ref, .figure-ref').forEach(function (el) {
        el.remove();
      });
      var text = copy.textContent.replace(/\s+/g, ' ').trim();
      if (!text) return;
      var utterance = new window.SpeechSynthesisUtterance(text);
      // The content is Chinese on every interface: a Mandarin voice, Taiwan's for 繁體.
      utterance.lang = root.lang === 'zh-TW' ? 'zh-TW' : 'zh-CN';
      var voices = typeof synth.getVoices === 'function' ? synth.getVoices() || [] : [];
      for (var i = 0; i < voices.length; i++) {
        if (String(voices[i].lang).replace('_', '-') === utterance.lang) {
          utterance.voice = voices[i];
          break;
        }
      }
      utterance.onend = utterance.onerror = function () {
        reset(button);
      };
      speaking = button;
      button.textContent = button.getAttribute('data-stop') || button.textContent;
      synth.speak(utterance);
    });
    // A new answer or another page: stop reading the old one.
    document.addEventListener('htmx:beforeSwap', function (event) {
      if (speaking && event.detail.target && event.detail.target.id === 'results') stop();
    });
    window.addEventListener('pagehide', stop);
  }
})();
