// policy-qa portal enhancements (loaded after htmx; everything works without them):
// arrow keys and Escape for the 猜你想问 list, keeping the language/适老化
// links pointing back at the page the visitor is on after htmx changes the URL,
// the 适老化 helpers that need script: the reading guide and 朗读 (read-aloud),
// and the answer card's 复制答案 and 分享链接 (copy to the clipboard).
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
      copy.querySelectorAll('button, h2, .cite-ref, .figure-ref, .answer-figures, .answer-actions').forEach(function (el) {
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

  // ---- 复制答案 and 分享链接: copy the answer (question, attributed answer, link) or the link to the question.
  // The button is hidden until now (a new answer card arrives by htmx: shown then too); the link works without script.
  var revealCopy = function (scope) {
    (scope || document).querySelectorAll('.copy-answer[hidden]').forEach(function (el) {
      el.hidden = false;
    });
  };
  revealCopy(document);
  document.addEventListener('htmx:load', function (event) {
    revealCopy(event.target instanceof Element ? event.target : document);
  });

  var copyText = function (text) {
    if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function' && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain http: the older way, through a selected textarea off screen.
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.className = 'visually-hidden';
      document.body.appendChild(area);
      area.select();
      var done = false;
      try {
        done = document.execCommand('copy');
      } catch (e) {
        done = false;
      }
      area.remove();
      if (done) resolve();
      else reject(new Error('copy failed'));
    });
  };

  var say = function (control, ok) {
    var status = control.closest('.answer-actions');
    status = status && status.querySelector('.copy-status');
    if (!status) return;
    // Emptied first, so the same message said twice is read out twice.
    status.textContent = '';
    window.setTimeout(function () {
      status.textContent = control.getAttribute(ok ? 'data-done' : 'data-failed') || '';
    }, 50);
  };

  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var share = target.closest('.share-link');
    var button = target.closest('.copy-answer');
    if (!share && !button) return;
    if (share && (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button !== 0)) return;
    var card = target.closest('.answer-card');
    var link = card && card.querySelector('.share-link');
    var url = link ? new URL(link.getAttribute('href'), window.location.href).href : window.location.href;
    var text = url;
    if (button) {
      var question = card && card.querySelector('.question');
      var quote = card && card.querySelector('.answer-quote');
      var line = quote ? quote.parentNode.cloneNode(true) : null;
      if (line) {
        line.querySelectorAll('.cite-ref').forEach(function (el) {
          el.remove();
        });
      }
      text = [question ? question.textContent : '', line ? line.textContent : '', url]
        .map(function (part) {
          return part.replace(/\s+/g, ' ').trim();
        })
        .filter(Boolean)
        .join('\n');
    } else {
      event.preventDefault();
    }
    var control = button || share;
    copyText(text).then(
      function () {
        say(control, true);
      },
      function () {
        say(control, false);
      },
    );
  });
})();
