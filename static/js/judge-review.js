/* The judge's scoring page: the autosave glue is autosave.js (loaded first), with the server's
   answer shown for a refused save (400, 401, 409); this marks the scores the server refused,
   keeps the running total, switches between the entry and the form below the lg width, and
   opens a PDF in the page's viewer. The server decides everything; this only helps: without it
   the page works (both panels stacked, "Read here" reloads the page with the file open). */
(function () {
  "use strict";

  // The weighted total out of 100, as judging/scoring/results.py counts it: each score placed
  // on its scale, weighted, divided by the weights scored; nothing until every required
  // criterion has a valid score.
  function weightedTotal(inputs) {
    var weighted = 0;
    var weights = 0;
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      var raw = input.value.trim();
      var low = parseFloat(input.getAttribute("data-min"));
      var high = parseFloat(input.getAttribute("data-max"));
      var weight = parseFloat(input.getAttribute("data-weight"));
      if (raw === "") {
        if (input.hasAttribute("data-required")) {
          return null;
        }
        continue;
      }
      var value = Number(raw);
      if (!isFinite(value) || value < low || value > high) {
        return null;
      }
      weighted += weight * (value - low) / (high - low);
      weights += weight;
    }
    return weights > 0 ? 100 * weighted / weights : null;
  }

  function setupTotal(form) {
    var output = document.getElementById("running-total");
    var state = document.getElementById("score-state");
    var inputs = form.querySelectorAll("input.judge-score");
    if (!output) {
      return;
    }
    var waiting = output.parentElement.getAttribute("data-waiting");
    function update() {
      var total = weightedTotal(inputs);
      output.textContent = total === null ? waiting : total.toFixed(1) + " / 100";
      if (state) {
        // The switch's "Score" button: how many are scored, and the total once there is one.
        var scored = 0;
        for (var i = 0; i < inputs.length; i++) {
          if (inputs[i].value.trim() !== "") {
            scored += 1;
          }
        }
        state.textContent = state.getAttribute("data-pattern")
          .replace("{scored}", String(scored)).replace("{all}", String(inputs.length))
          + (total === null ? "" : " \u00b7 " + total.toFixed(1));
      }
    }
    form.addEventListener("input", update);
  }

  // --- Phones and tablets: the entry or the form, one at a time -------------------------------

  var WIDE = window.matchMedia("(min-width: 992px)");
  var HEADINGS = { entry: "entry-heading", score: "review-heading" };
  var showPanel = null; // set by setupSwitch: showPanel(name, moveFocus)

  function setupSwitch(layout) {
    var bar = layout.querySelector(".judge-switch");
    if (!bar) {
      return;
    }
    var buttons = bar.querySelectorAll("button[data-panel]");
    var key = "judge-panel:" + window.location.pathname;
    var positions = {}; // where the judge was in each panel, to come back to it

    function remembered() {
      try { return window.sessionStorage.getItem(key); } catch (e) { return null; }
    }
    function remember(name) {
      try { window.sessionStorage.setItem(key, name); } catch (e) { /* private browsing */ }
    }

    function show(name, moveFocus) {
      var current = layout.getAttribute("data-shown");
      var switching = current !== name;
      if (switching && HEADINGS[current] && !WIDE.matches) {
        positions[current] = window.scrollY;
      }
      layout.setAttribute("data-shown", name);
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.getAttribute("data-panel") === name));
      });
      remember(name);
      if (!moveFocus) {
        return;
      }
      document.getElementById(HEADINGS[name]).focus({ preventScroll: true });
      if (WIDE.matches || !switching) {
        return;
      }
      // Back where the judge was in that panel; the first time, its top (under the switch).
      // At once: a smooth scroll (Bootstrap's default) would sweep through the other panel.
      var top = layout.getBoundingClientRect().top + window.scrollY;
      if (positions[name] !== undefined) {
        window.scrollTo({ top: positions[name], behavior: "instant" });
      } else if (window.scrollY > top) {
        window.scrollTo({ top: top, behavior: "instant" });
      }
    }
    showPanel = show;

    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        show(button.getAttribute("data-panel"), true);
      });
    });

    // A link to something in the hidden panel (the skip link's target, #file-viewer) shows it.
    function showTarget() {
      var id = window.location.hash.slice(1);
      var target = id ? document.getElementById(id) : null;
      var panel = target ? target.closest(".judge-panel") : null;
      if (panel) {
        show(panel.id === "score-panel" ? "score" : "entry", false);
      }
      return panel;
    }
    window.addEventListener("hashchange", function () {
      if (showTarget()) {
        document.getElementById(window.location.hash.slice(1)).scrollIntoView(
          { behavior: "instant" });
      }
    });

    var byServer = layout.getAttribute("data-shown");
    var initial = byServer || remembered() || "entry";
    layout.classList.add("is-switchable");
    bar.hidden = false;
    show(HEADINGS[initial] ? initial : "entry", false);
    if (!byServer) {
      showTarget();
    }
    // After a refused submit: the first criterion to correct keeps the focus, now in view.
    var first = document.querySelector("#score-panel [autofocus]");
    if (first && layout.getAttribute("data-shown") === "score") {
      first.focus({ preventScroll: true });
      first.closest(".judge-criterion").scrollIntoView({ block: "center", behavior: "instant" });
    }
  }

  // --- A PDF read in the page -----------------------------------------------------------------

  function setupViewer() {
    var viewer = document.getElementById("file-viewer");
    if (!viewer) {
      return;
    }
    var heading = document.getElementById("file-viewer-heading");
    var name = document.getElementById("file-viewer-name");
    var openLink = document.getElementById("file-viewer-open");
    var download = document.getElementById("file-viewer-download");
    var close = document.getElementById("file-viewer-close");
    var opener = null;

    function frame() {
      return document.getElementById("file-viewer-frame");
    }

    function open(link) {
      var inline = link.getAttribute("data-inline");
      var label = link.getAttribute("data-label");
      name.textContent = label;
      frame().title = label;
      if (frame().getAttribute("src") !== inline) {
        frame().setAttribute("src", inline);
      }
      openLink.href = inline;
      download.href = link.getAttribute("data-download");
      viewer.hidden = false;
      opener = link;
      if (showPanel) {
        showPanel("entry", false);
      }
      window.history.replaceState(null, "",
        window.location.pathname + "?read=" + encodeURIComponent(link.getAttribute("data-read")));
      heading.focus({ preventScroll: true });
      viewer.scrollIntoView({ block: "start", behavior: "instant" });
    }

    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-read]");
      if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey ||
          event.altKey) {
        return; // a new tab or window still gets the page with the file open
      }
      event.preventDefault();
      open(link);
    });

    close.addEventListener("click", function (event) {
      event.preventDefault();
      viewer.hidden = true;
      // A fresh, empty frame: the file stops loading and leaves the page's memory.
      var empty = frame().cloneNode(false);
      empty.removeAttribute("src");
      frame().replaceWith(empty);
      window.history.replaceState(null, "", window.location.pathname);
      if (opener && document.body.contains(opener)) {
        opener.focus();
      } else {
        document.getElementById("entry-heading").focus();
      }
      opener = null;
    });
  }

  function setupForm(form) {
    window.prizeAutosave(form, { shownCodes: [400, 401, 409] });
    setupTotal(form);

    // Sent with every save (HX-Trigger): the new version and the scores that were refused.
    document.body.addEventListener("reviewSaved", function (event) {
      var errors = (event.detail && event.detail.errors) || {};
      form.querySelectorAll("input.judge-score").forEach(function (input) {
        var pk = input.id.replace("score-", "");
        var refused = Object.prototype.hasOwnProperty.call(errors, pk);
        input.classList.toggle("is-invalid", refused);
        if (refused) {
          input.setAttribute("aria-invalid", "true");
        } else {
          input.removeAttribute("aria-invalid");
        }
      });
    });
  }

  function init() {
    var form = document.getElementById("review-form");
    var layout = document.getElementById("judge-layout");
    if (form) {
      setupForm(form);
    }
    if (layout) {
      setupSwitch(layout);
    }
    setupViewer();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
