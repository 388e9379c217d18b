/* Backmap Site: the plans browser. Filters and sorts the server-rendered cards with the static index in
   plans/browser.json; the URL query holds the state (repeated keys: OR within a facet; facets: AND; sort). */
(function () {
  "use strict";
  var form = document.getElementById("bm-filters");
  if (!form) return;
  var status = document.getElementById("bm-status");
  var sort = document.getElementById("bm-sort");
  var list = document.getElementById("bm-results");
  var drawer = document.getElementById("bm-drawer");
  var wide = window.matchMedia("(min-width: 60em)");
  var facets, plans;

  var index = fetch(form.getAttribute("data-index")).then(function (response) { return response.json(); });
  // Start once Material has read the URL (see the note on the plans page), then restore the query.
  function ready() { window.setTimeout(function () { index.then(start); }, 0); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();

  function start(index) {
    facets = index.facets;
    var cards = {};
    document.querySelectorAll("[data-plan]").forEach(function (card) { cards[card.getAttribute("data-plan")] = card; });
    plans = index.plans.map(function (plan, order) {
      var sets = {};
      facets.forEach(function (facet) { sets[facet] = new Set(plan[facet]); });
      var card = cards[plan.id];
      return { card: card, sets: sets, text: plan.text, order: order,
               title: card.querySelector(".bm-card__title").textContent.trim(),
               updated: card.getAttribute("data-updated") || "" };
    });
    var params = new URLSearchParams(window.bmQuery !== undefined ? window.bmQuery : window.location.search);
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
    form.addEventListener("input", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    sort.addEventListener("change", function () { arrange(); update(); });
    if (sort.value) arrange();  // the page comes in the default order
    update();
  }

  // Level order is the page's; titles alphabetically; recently updated first, plans without a date last.
  var orders = {
    "": function (a, b) { return a.order - b.order; },
    title: function (a, b) { return a.title.localeCompare(b.title) || a.order - b.order; },
    updated: function (a, b) {
      return (a.updated < b.updated) - (a.updated > b.updated) || a.order - b.order;
    }
  };

  function arrange() {
    var sorted = plans.slice().sort(orders[sort.value]);
    list.append.apply(list, sorted.map(function (plan) { return plan.card; }));
  }

  function selection() {
    var selected = {};
    facets.forEach(function (facet) {
      selected[facet] = Array.prototype.map.call(
        form.querySelectorAll("input[name='" + facet + "']:checked"), function (input) { return input.value; });
    });
    return selected;
  }

  function update() {
    var selected = selection();
    var words = form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var counts = {};
    facets.forEach(function (facet) { counts[facet] = new Map(); });
    var shown = 0;
    plans.forEach(function (plan) {
      var textMatches = words.every(function (word) { return plan.text.indexOf(word) !== -1; });
      var failed = facets.filter(function (facet) {
        var values = selected[facet];
        return values.length && !values.some(function (value) { return plan.sets[facet].has(value); });
      });
      var visible = textMatches && failed.length === 0;
      if (plan.card.hidden === visible) plan.card.hidden = !visible;
      if (visible) shown += 1;
      if (!textMatches || failed.length > 1) return;
      // A value's count: the plans it would leave, given the other facets and the search.
      facets.forEach(function (facet) {
        if (failed.length && failed[0] !== facet) return;
        plan.sets[facet].forEach(function (value) {
          counts[facet].set(value, (counts[facet].get(value) || 0) + 1);
        });
      });
    });
    form.querySelectorAll(".bm-count").forEach(function (badge) {
      var count = counts[badge.getAttribute("data-facet")].get(badge.getAttribute("data-value")) || 0;
      var text = "(" + count + ")";
      if (badge.textContent !== text) badge.textContent = text;
    });
    var message = shown === plans.length ? plans.length + " plans" : shown + " of " + plans.length + " plans";
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
  }
})();
