/* The staff page that hides passages from judges: words selected in an answer can be copied into
   the "Hide a passage" form (its passage and its answer), which then has the focus. An
   enhancement: without JavaScript the passage is typed or pasted. */
(function () {
  "use strict";

  var form = document.getElementById("passage-form");
  if (!form) {
    return;
  }
  var text = form.querySelector('[name="text"]');
  var where = form.querySelector('[name="field"]');
  var chosen = {field: null, words: ""};

  function answerOf(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    return element ? element.closest(".redaction-text[data-field]") : null;
  }

  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed) {
      return;
    }
    var start = answerOf(selection.anchorNode);
    if (start && start === answerOf(selection.focusNode)) {
      chosen = {field: start.getAttribute("data-field"),
                words: selection.toString().replace(/\s+/g, " ").trim()};
    }
  });

  document.querySelectorAll(".js-only").forEach(function (element) {
    element.hidden = false;
  });
  document.querySelectorAll(".redaction-copy").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = button.getAttribute("data-field");
      if (chosen.field === field && chosen.words) {
        text.value = chosen.words.slice(0, 300);
        where.value = field;
      }
      text.focus();
    });
  });
})();
