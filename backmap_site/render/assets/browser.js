/* Backmap Site: the plans browser. Filters and sorts the plans of plans/browser.json (each plan's card and
   facets) and shows the first 50 that match, then 50 more on demand: the page holds no more cards than that,
   however many plans the site has. The text query asks the site's search (search.js), which tells which plans'
   pages match; the URL query holds the state (repeated keys: OR within a facet; facets: AND; sort). */
(function () {
  "use strict";
  var form = document.getElementById("bm-filters");
  if (!form) return;
  var PAGE = 50;
  var status = document.getElementById("bm-status");
  var sort = document.getElementById("bm-sort");
  var list = document.getElementById("bm-results");
  var more = document.getElementById("bm-more");
  var drawer = document.getElementById("bm-drawer");
  var wide = window.matchMedia("(min-width: 60em)");
  var facets, plans, shown = PAGE;
  var cards = {};  // each plan's card, drawn once: the page's own first cards, then the others as they show
  var words = { query: "", plans: null };  // the plans whose pages the text query matches (null: every plan)

  fetch(form.getAttribute("data-index")).then(function (response) { return response.json(); }).then(start);

  function start(index) {
    facets = index.facets;
    list.querySelectorAll("[data-plan]").forEach(function (card) { cards[card.getAttribute("data-plan")] = card; });
    plans = index.plans.map(function (plan, order) {
      var sets = {};
      facets.forEach(function (facet) { sets[facet] = new Set(plan[facet]); });
      return { record: plan, sets: sets, order: order };
    });
    var params = new URLSearchParams(window.location.search);
    form.querySelectorAll("input[type=checkbox]").forEach(function (input) {
      input.checked = params.getAll(input.name).indexOf(input.value) !== -1;
    });
    form.elements.q.value = params.get("q") || "";
    sort.value = params.get("sort") || "";
    if (sort.selectedIndex === -1) sort.value = "";
    form.querySelectorAll(".bm-facet").forEach(function (details) {
      if (details.querySelector("input:checked")) details.open = true;
    });
    drawer.open = wide.matches;  // a side panel on wide screens, a drawer on phones
    wide.addEventListener("change", function () { drawer.open = wide.matches; });
    form.hidden = false;
    document.getElementById("bm-tools").hidden = false;
    var pager = document.getElementById("bm-pager");
    if (pager) pager.hidden = true;  // "Show more" instead of the pages
    form.addEventListener("input", restart);
    form.addEventListener("submit", function (event) { event.preventDefault(); restart(); });
    form.addEventListener("reset", function () { window.setTimeout(restart, 0); });
    sort.addEventListener("change", restart);
    more.querySelector("button").addEventListener("click", function () {
      var first = shown;
      shown += PAGE;
      update().then(function () {
        var link = list.children[first] && list.children[first].querySelector("a");
        if (link) link.focus();  // the keyboard goes on where the new plans begin
      });
    });
    update();
  }

  // Level order is the page's; titles alphabetically; recently updated first, plans without a date last.
  var orders = {
    "": function (a, b) { return a.order - b.order; },
    title: function (a, b) { return a.record.title.localeCompare(b.record.title) || a.order - b.order; },
    updated: function (a, b) {
      return (a.record.updated < b.record.updated) - (a.record.updated > b.record.updated) || a.order - b.order;
    }
  };

  function selection() {
    var selected = {};
    facets.forEach(function (facet) {
      selected[facet] = Array.prototype.map.call(
        form.querySelectorAll("input[name='" + facet + "']:checked"), function (input) { return input.value; });
    });
    return selected;
  }

  /* The ids of the plans whose pages match the query, from the search's `plan` filter (search.py). */
  function matching(query) {
    if (!query) return Promise.resolve(null);
    if (words.query === query) return Promise.resolve(words.plans);
    return window.backmapSearch().then(function (search) {
      return search.filters().then(function () { return search.search(query); });  // counts need the filters loaded
    }).then(function (found) {
      var counts = (found && found.filters && found.filters.plan) || {};
      var ids = new Set(Object.keys(counts).filter(function (id) { return counts[id] > 0; }));
      words = { query: query, plans: ids };
      return ids;
    });
  }

  function restart() {
    shown = PAGE;
    update();
  }

  var asked = 0;
  function update() {
    var query = form.elements.q.value.trim();
    var number = ++asked;
    form.setAttribute("data-asked", number);
    if (query && words.query !== query) status.textContent = "Searching…";
    return matching(query).then(function (ids) {
      if (number === asked) show(ids, number);
    }, function () {
      if (number !== asked) return;
      show(null, number);
      status.textContent = "The text search is not available here; the filters still are.";
    });
  }

  function show(ids, number) {
    var selected = selection();
    var counts = {};
    facets.forEach(function (facet) { counts[facet] = new Map(); });
    var visible = [];
    plans.forEach(function (plan) {
      var textMatches = ids === null || ids.has(plan.record.id);
      var failed = facets.filter(function (facet) {
        var values = selected[facet];
        return values.length && !values.some(function (value) { return plan.sets[facet].has(value); });
      });
      if (textMatches && failed.length === 0) visible.push(plan);
      if (!textMatches || failed.length > 1) return;
      // A value's count: the plans it would leave, given the other facets and the search.
      facets.forEach(function (facet) {
        if (failed.length && failed[0] !== facet) return;
        plan.sets[facet].forEach(function (value) {
          counts[facet].set(value, (counts[facet].get(value) || 0) + 1);
        });
      });
    });
    visible.sort(orders[sort.value]);
    list.replaceChildren.apply(list, visible.slice(0, shown).map(function (plan) { return card(plan.record); }));
    var left = visible.length - Math.min(shown, visible.length);
    more.hidden = left === 0;
    more.querySelector("button").textContent = "Show " + Math.min(PAGE, left) + " more plans";
    form.querySelectorAll(".bm-count").forEach(function (badge) {
      var count = counts[badge.getAttribute("data-facet")].get(badge.getAttribute("data-value")) || 0;
      var text = "(" + count + ")";
      if (badge.textContent !== text) badge.textContent = text;
    });
    var message = visible.length === plans.length ? plans.length + " plans" : visible.length + " of " + plans.length + " plans";
    if (left) message += ", the first " + Math.min(shown, visible.length) + " shown";
    if (sort.value) message += ", sorted by " + sort.selectedOptions[0].textContent.toLowerCase();
    if (status.textContent !== message) status.textContent = message;
    var query = new URLSearchParams();
    var chosen = 0;
    facets.forEach(function (facet) {
      selected[facet].forEach(function (value) { query.append(facet, value); chosen += 1; });
    });
    document.getElementById("bm-selected").textContent = chosen ? "(" + chosen + " selected)" : "";
    if (form.elements.q.value.trim()) query.append("q", form.elements.q.value.trim());
    if (sort.value) query.append("sort", sort.value);
    var search = query.toString();
    window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    form.setAttribute("data-shown", number);  // what was asked is on the page
  }

  /* A plan's card, as the page draws it (the `card` macro of templates/_macros.md.j2). */
  function card(record) {
    if (cards[record.id]) return cards[record.id];
    var item = element("li", "bm-card");
    item.setAttribute("data-plan", record.id);
    if (record.updated) item.setAttribute("data-updated", record.updated);
    var title = element("h2", "bm-card__title");
    var link = document.createElement("a");
    link.href = record.id + "/";
    link.textContent = record.title;
    title.append(link);
    item.append(title, element("p", "bm-card__meta", record.meta), element("p", "bm-card__summary", record.summary));
    record.tags.forEach(function (tag) { item.append(element("p", "bm-card__tags", tag)); });
    cards[record.id] = item;
    return item;
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }
})();
