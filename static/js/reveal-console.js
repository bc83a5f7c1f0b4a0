/* The reveal's operator console: keyboard shortcuts (Right, Space or Page Down: next; Left or
   Page Up: previous; B: blackout on or off), never taken from someone typing in a field, and
   htmx told to show a refused step (400, or 409 when the show has moved on) in place. */
(function () {
  "use strict";

  var KEYS = {
    ArrowRight: "reveal-next", PageDown: "reveal-next", " ": "reveal-next",
    ArrowLeft: "reveal-previous", PageUp: "reveal-previous",
    b: "reveal-blackout", B: "reveal-blackout"
  };

  function typing(target) {
    if (!target || !target.closest) { return false; }
    return target.isContentEditable ||
      target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  function activates(target, key) {
    // Space on a button, a link or a disclosure activates it: leave that to the browser.
    return key === " " && target && target.closest &&
      target.closest("button, a, summary, [role=button]") !== null;
  }

  document.addEventListener("keydown", function (event) {
    var id = KEYS[event.key];
    if (!id || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey ||
        event.repeat || typing(event.target) || activates(event.target, event.key)) {
      return;
    }
    var button = document.getElementById(id);
    if (!button || button.disabled) { return; }
    event.preventDefault();
    button.click();
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if ((status === 400 || status === 409) && document.getElementById("reveal-console")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
}());
