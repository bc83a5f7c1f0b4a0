/* The judge's scoring form: the autosave glue is autosave.js (loaded first), with the server's
   answer shown for a refused save (400, 401, 409); this marks the scores the server refused.
   The server decides everything; this only helps. */
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
    if (!output) {
      return;
    }
    var inputs = form.querySelectorAll("input.judge-score");
    var waiting = output.parentElement.getAttribute("data-waiting");
    function update() {
      var total = weightedTotal(inputs);
      output.textContent = total === null ? waiting : total.toFixed(1) + " / 100";
    }
    form.addEventListener("input", update);
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
    if (form) {
      setupForm(form);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
