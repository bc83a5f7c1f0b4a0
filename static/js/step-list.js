/* The application form's list of steps (entries/entrant/_step_nav.html) is a <details>: folded
   on a phone into the line "Step 3 of 7: Impact", always open from 992 px, where it sits beside
   the form. Autosave replaces the list (an htmx out-of-band swap, to show each step's new
   state); the entrant's choice to keep it open or folded survives that. */
(function () {
  "use strict";

  var wide = window.matchMedia("(min-width: 992px)");
  var chosen = null; // what the entrant chose on a narrow screen (null: folded, as served)

  function details() {
    return document.querySelector("#step-list > details");
  }

  function apply() {
    var list = details();
    if (!list) {
      return;
    }
    var open = wide.matches ? true : chosen === true;
    if (list.open !== open) {
      list.dataset.applying = "1";
      list.open = open;
    }
  }

  // "toggle" does not bubble; listen while it goes down instead.
  document.addEventListener("toggle", function (event) {
    var list = details();
    if (event.target !== list) {
      return;
    }
    if (list.dataset.applying) {
      delete list.dataset.applying;
      return;
    }
    if (!wide.matches) {
      chosen = list.open;
    }
  }, true);

  document.addEventListener("htmx:oobAfterSwap", apply);
  document.addEventListener("htmx:afterSwap", apply);
  if (wide.addEventListener) {
    wide.addEventListener("change", apply);
  }
  apply();
})();
