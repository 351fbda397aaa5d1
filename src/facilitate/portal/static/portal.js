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

  // the countdown: the laptop's figure at each poll, counted down here every second between
  var clock = { remaining: null, running: false, at: 0 };
  var box = document.getElementById("countdown");
  if (box && box.getAttribute("data-remaining") !== "") {
    clock.remaining = Number(box.getAttribute("data-remaining"));
    clock.running = box.getAttribute("data-running") === "1";
    clock.at = Date.now();
  }

  function mmss(seconds) {
    var sign = seconds < 0 ? "-" : "";
    var total = Math.abs(Math.round(seconds));
    var m = Math.floor(total / 60), s = total % 60;
    return sign + (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }

  function drawClock() {
    if (clock.remaining === null) { return; }
    var left = clock.remaining - (clock.running ? (Date.now() - clock.at) / 1000 : 0);
    setText("countdown", mmss(left));
    var holder = document.getElementById("countdown-box");
    if (holder) { holder.classList.toggle("overtime", left < 0); }
  }

  function apply(state) {
    setText("step", state.step_title || "");
    setText("round", state.round_label || "");
    setText("question", state.question || "");
    show(document.getElementById("question-box"), !!state.question);
    show(document.getElementById("closed"), !state.submissions_open);
    if (state.closed_text) { setText("closed", state.closed_text); }
    show(document.getElementById("form"), state.submissions_open);
    show(document.getElementById("over"), !!state.over);
    var count = state.countdown;
    clock.remaining = count ? count.remaining_s : null;
    clock.running = !!(count && count.running);
    clock.at = Date.now();
    show(document.getElementById("countdown-box"), !!count);
    show(document.getElementById("paused"), !!count && !count.running);
    drawClock();
    var links = document.querySelectorAll("[data-kind]");
    for (var i = 0; i < links.length; i++) {
      var kinds = " " + links[i].getAttribute("data-kind") + " ";
      show(links[i], kinds.indexOf(" " + state.step_kind + " ") >= 0);
    }
    document.body.setAttribute("data-version", String(state.version));
    // the facilitator revealed (or hid) the vote's count: show the page as it now stands
    var results = document.getElementById("vote-results");
    if (results && state.results_shown !== null && state.results_shown !== undefined &&
        results.getAttribute("data-shown") !== (state.results_shown ? "1" : "0")) {
      window.location.reload();
    }
    // the facilitator put the next statement on the floor: show it (an answer being chosen
    // is not lost, the buttons post at once)
    // the proposal on the scale, a new poll, or the distribution shown: show the page anew
    var scale = document.getElementById("scale-state");
    if (scale && state.scale !== null && state.scale !== undefined &&
        scale.getAttribute("data-scale") !== state.scale) {
      window.location.reload();
    }
    var floor = document.getElementById("statement-floor");
    if (floor && state.statement !== undefined &&
        floor.getAttribute("data-statement") !== String(state.statement === null ? "" : state.statement)) {
      window.location.reload();
    }
  }

  function tick() {
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) { if (state) { apply(state); } })
      .catch(function () { /* the laptop may be away for a moment: try again later */ })
      .then(function () { window.setTimeout(tick, PERIOD); });
  }

  window.setTimeout(tick, PERIOD);
  window.setInterval(drawClock, 1000);
})();
