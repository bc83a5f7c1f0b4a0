/* The judge's scoring form: the autosave glue is autosave.js (loaded first), with the server's
   answer shown for a refused save (400, 401, 409); this marks the scores the server refused.
   The server decides everything; this only helps. */
(function () {
  "use strict";

  function setupForm(form) {
    window.prizeAutosave(form, { shownCodes: [400, 401, 409] });

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
