/* Backmap Site: the plans browser. Filters the server-rendered cards with the static index in
   plans/browser.json; the URL query holds the state (repeated keys: OR within a facet; facets: AND). */
(function () {
  "use strict";
  var form = document.getElementById("bm-filters");
  if (!form) return;
  var status = document.getElementById("bm-status");
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
    plans = index.plans.map(function (plan) {
      var sets = {};
      facets.forEach(function (facet) { sets[facet] = new Set(plan[facet]); });
      return { card: cards[plan.id], sets: sets, text: plan.text };
    });
    var params = new URLSearchParams(window.bmQuery !== undefined ? window.bmQuery : window.location.search);
    form.querySelectorAll("input[type=checkbox]").forEach(function (input) {
      input.checked = params.getAll(input.name).indexOf(input.value) !== -1;
    });
    form.elements.q.value = params.get("q") || "";
    form.querySelectorAll("details").forEach(function (details) {
      if (details.querySelector("input:checked")) details.open = true;
    });
    form.hidden = false;
    form.addEventListener("input", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    update();
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
    if (status.textContent !== message) status.textContent = message;
    var query = new URLSearchParams();
    facets.forEach(function (facet) {
      selected[facet].forEach(function (value) { query.append(facet, value); });
    });
    if (form.elements.q.value.trim()) query.append("q", form.elements.q.value.trim());
    var search = query.toString();
    window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }
})();
