// teema report: language switch and the quote filter. No network, no
// libraries; the page reads fine without this script (Finnish, all quotes).
(function () {
  'use strict';
  var root = document.documentElement;

  function each(selector, fn) {
    var list = document.querySelectorAll(selector);
    for (var i = 0; i < list.length; i++) { fn(list[i]); }
  }

  function setLang(lang) {
    if (lang !== 'fi' && lang !== 'en') { return; }
    root.classList.remove('lang-fi', 'lang-en');
    root.classList.add('lang-' + lang);
    root.setAttribute('lang', lang);
    each('[data-lang]', function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === lang));
    });
    each('[data-placeholder-' + lang + ']', function (el) {
      el.setAttribute('placeholder', el.getAttribute('data-placeholder-' + lang));
    });
    var title = root.getAttribute('data-title-' + lang);
    if (title) { document.title = title; }
  }

  function applyFilter(text) {
    var q = text.trim().toLocaleLowerCase();
    var shown = 0;
    var total = 0;
    each('.quote', function (quote) {
      var match = q === '' || quote.textContent.toLocaleLowerCase().indexOf(q) !== -1;
      quote.hidden = !match;
      total++;
      if (match) { shown++; }
    });
    each('.has-quotes', function (box) {
      var visible = box.querySelectorAll('.quote:not([hidden])').length;
      box.classList.toggle('nomatch', q !== '' && visible === 0);
    });
    var status = document.getElementById('filter-status');
    if (status) {
      status.hidden = q === '';
      each('.filter-shown', function (el) { el.textContent = String(shown); });
      each('.filter-total', function (el) { el.textContent = String(total); });
    }
    return shown;
  }

  each('[data-lang]', function (b) {
    b.addEventListener('click', function () { setLang(b.getAttribute('data-lang')); });
  });
  var input = document.getElementById('filter');
  if (input) {
    input.addEventListener('input', function () { applyFilter(input.value); });
  }
  var hash = window.location.hash.replace('#', '');
  setLang(hash === 'en' ? 'en' : 'fi');
  // For tests and bookmarklets: window.teemaReport.filter('aukiolo').
  window.teemaReport = { filter: applyFilter, setLang: setLang };
}());
