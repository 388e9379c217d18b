/* Backmap Site: the site's search, the same under every engine. A button in the header opens a dialog; the
   index (pagefind/, written after the build by backmap_site/engines/search.py) is loaded only then, and a query fetches
   only the chunks it needs. Keys as in Material: "/", "s" or "f" open it, arrows move through the results,
   Enter opens the first, Escape closes. */
(function () {
  "use strict";
  var root = new URL("../../", document.currentScript.src);  // this file is assets/backmap/search.js
  var pagefind = null;
  /* The index's code and its first chunks arrive on first use only. The plans browser asks it too. */
  window.backmapSearch = engine;
  function engine() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options({ baseUrl: root.pathname }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  var header = document.querySelector(".md-header__inner");
  if (!header) return;
  var PAGE = 10;
  var ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M9.5 3A6.5 6.5 0 0 1 16 ' +
    '9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 ' +
    '9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';

  var open = element("button", "md-header__button bm-search-open", ICON + '<span class="bm-search-open__label">Search</span>');
  open.type = "button";
  open.setAttribute("aria-haspopup", "dialog");
  open.setAttribute("aria-keyshortcuts", "/ s f");
  var dialog = element("dialog", "bm-search md-typeset",
    '<form class="bm-search__form" role="search">' +
    '<label class="bm-search__label" for="bm-search-q">Search this site</label>' +
    '<p class="bm-search__bar"><input type="search" id="bm-search-q" autocomplete="off" spellcheck="false" ' +
    'aria-describedby="bm-search-status" aria-controls="bm-search-results">' +
    '<button type="button" class="bm-button bm-search__close">Close</button></p></form>' +
    '<p class="bm-search__status" id="bm-search-status" role="status" aria-live="polite"></p>' +
    '<ol class="bm-search__results" id="bm-search-results"></ol>' +
    '<p class="bm-search__more"><button type="button" class="bm-button" hidden>More results</button></p>');
  dialog.setAttribute("aria-label", "Search this site");
  header.insertBefore(open, header.querySelector(".md-header__source"));
  document.body.append(dialog);
  var input = dialog.querySelector("input");
  var status = dialog.querySelector(".bm-search__status");
  var list = dialog.querySelector(".bm-search__results");
  var more = dialog.querySelector(".bm-search__more button");
  var results = [];
  var shown = 0;
  var asked = 0;  // the latest query's number: an older answer arriving late is dropped

  function element(tag, className, html) {
    var made = document.createElement(tag);
    made.className = className;
    made.innerHTML = html;
    return made;
  }

  function show() {
    if (dialog.open) return;
    dialog.showModal();
    input.focus();
    input.select();
    engine().catch(unavailable);
  }

  function unavailable() {
    status.textContent = "Search is not available here: the site's search index is made when the site is built.";
  }

  function search() {
    var query = input.value.trim();
    var number = ++asked;
    if (!query) {
      results = [];
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return;
    }
    engine().then(function (module) { return module.search(query); }).then(function (found) {
      if (number !== asked) return;
      results = found.results;
      shown = 0;
      list.replaceChildren();
      status.textContent = results.length === 0 ? "No pages match “" + query + "”."
        : results.length === 1 ? "1 page matches." : results.length + " pages match.";
      return showMore(number);
    }).catch(unavailable);
  }

  function showMore(number) {
    var next = results.slice(shown, shown + PAGE);
    shown += next.length;
    more.hidden = shown >= results.length;
    return Promise.all(next.map(function (result) { return result.data(); })).then(function (pages) {
      if (number !== asked) return;
      list.append.apply(list, pages.map(item));
    });
  }

  /* A result as a link: its title and an excerpt in which only Pagefind's <mark> becomes markup. */
  function item(page) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.className = "bm-plain";
    link.href = page.url;
    var title = document.createElement("span");
    title.className = "bm-search__title";
    title.textContent = page.meta.title || page.url;
    var excerpt = document.createElement("span");
    excerpt.className = "bm-search__excerpt";
    page.excerpt.split(/(<mark>|<\/mark>)/).reduce(function (marking, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      var text = document.createTextNode(decoded(part));
      if (marking) {
        var mark = document.createElement("mark");
        mark.append(text);
        text = mark;
      }
      excerpt.append(text);
      return marking;
    }, false);
    link.append(title, excerpt);
    li.append(link);
    return li;
  }

  var decoder = document.createElement("textarea");
  function decoded(text) {  // Pagefind's excerpts escape the page's text; shown as text, it is never markup
    decoder.innerHTML = text;
    return decoder.value;
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  var typing;
  input.addEventListener("input", function () {
    window.clearTimeout(typing);
    typing = window.setTimeout(search, 120);
  });
  dialog.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) window.location.href = first.href;
  });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {  // a search field would clear itself first; Escape closes, as in Material
      event.preventDefault();
      dialog.close();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (!all.length || (at === -1 && document.activeElement !== input)) return;
    event.preventDefault();
    var next = at + (event.key === "ArrowDown" ? 1 : -1);
    (next < 0 ? input : all[Math.min(next, all.length - 1)]).focus();
  });
  dialog.querySelector(".bm-search__close").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
  dialog.addEventListener("close", function () {
    // The browser gives focus back to where it was; opened by a key from nowhere in particular, to the button.
    window.setTimeout(function () { if (document.activeElement === document.body) open.focus(); }, 0);
  });
  more.addEventListener("click", function () {
    var first = shown;
    showMore(asked).then(function () { var all = links(); if (all[first]) all[first].focus(); });
  });
  open.addEventListener("click", show);
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || dialog.open) return;
    if (["/", "s", "f"].indexOf(event.key) === -1) return;
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    show();
  });
})();
