/* facilitate: keep the "now" banner in step with the facilitator, without reloading the page. */
(function () {
  "use strict";
  var url = document.body.getAttribute("data-state");
  if (!url || !window.fetch) { return; }
  var PERIOD = 2500;

  function setText(id, text) {
    var el = document.getElementById(id);
    if (el && el.textContent !== text) { el.textContent = text; }
  }

  function show(el, visible) {
    if (el) { el.hidden = !visible; }
  }

  function apply(state) {
    setText("step", state.step_title || "");
    setText("round", state.round_label || "");
    setText("question", state.question || "");
    show(document.getElementById("question-box"), !!state.question);
    show(document.getElementById("closed"), !state.submissions_open);
    show(document.getElementById("form"), state.submissions_open);
    var links = document.querySelectorAll("[data-kind]");
    for (var i = 0; i < links.length; i++) {
      show(links[i], links[i].getAttribute("data-kind") === state.step_kind);
    }
    document.body.setAttribute("data-version", String(state.version));
  }

  function tick() {
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) { if (state) { apply(state); } })
      .catch(function () { /* the laptop may be away for a moment: try again later */ })
      .then(function () { window.setTimeout(tick, PERIOD); });
  }

  window.setTimeout(tick, PERIOD);
})();
