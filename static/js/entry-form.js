/* The application form: live word and character counters; the autosave glue is autosave.js
   (loaded first). The server decides everything; this only helps. */
(function () {
  "use strict";

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  function countWords(text) {
    var words = (text || "").trim().match(/\S+/g);
    return words ? words.length : 0;
  }

  // As the server counts (entries/schema.py): line breaks as one character, the text trimmed,
  // and characters as code points, so an emoji or an accented letter counts once (a string's
  // length in JavaScript counts UTF-16 units, two for an emoji).
  function countCharacters(text) {
    return Array.from((text || "").replace(/\r\n/g, "\n").trim()).length;
  }

  function setupCounter(counter, form) {
    var input = document.getElementById(counter.getAttribute("data-count-for"));
    if (!input) {
      return;
    }
    var limit = parseInt(counter.getAttribute("data-limit"), 10);
    var unit = counter.getAttribute("data-unit");
    var visible = counter.querySelector(".word-count-visible");
    var live = counter.querySelector(".word-count-live");
    var template = form.getAttribute(unit === "words" ? "data-msg-words" : "data-msg-characters");
    var overTemplate = form.getAttribute("data-msg-over");
    var timer = null;
    var lastSpoken = null;

    function update() {
      var count = unit === "words" ? countWords(input.value) : countCharacters(input.value);
      var text = format(template, { count: count, limit: limit });
      if (count > limit) {
        text += " — " + format(overTemplate, { over: count - limit });
      }
      visible.textContent = text;
      counter.classList.toggle("text-danger", count > limit);
      counter.classList.toggle("fw-semibold", count > limit);
      // Screen readers hear the count once typing pauses, not at every key.
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        if (text !== lastSpoken) {
          live.textContent = text;
          lastSpoken = text;
        }
      }, 1000);
    }

    input.addEventListener("input", update);
    update();
    lastSpoken = visible.textContent;
  }

  // Conditional fields ("show_if"): a field is shown only while an earlier answer has one of
  // some values. Without this script every field shows, with a note saying when it applies.
  function answerValues(form, key, type) {
    var inputs = Array.prototype.filter.call(form.elements, function (el) {
      return el.name === key;
    });
    if (!inputs.length) {
      return null; // the answer is on another step: the server said what it is
    }
    if (type === "boolean") {
      return inputs.some(function (el) { return el.checked; }) ? ["yes"] : ["no"];
    }
    var values = [];
    inputs.forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) {
          values.push(el.value);
        }
      } else if (el.value) {
        values.push(el.value);
      }
    });
    return values;
  }

  function setupConditions(form) {
    var wrappers = Array.prototype.slice.call(form.querySelectorAll("[data-show-if]"));
    if (!wrappers.length) {
      return;
    }
    var live = document.createElement("div");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    form.appendChild(live);

    function update(announce) {
      var said = [];
      // In the form's order: a condition depends on an earlier field, itself perhaps hidden.
      wrappers.forEach(function (wrapper) {
        var key = wrapper.getAttribute("data-show-if");
        var wanted = JSON.parse(wrapper.getAttribute("data-show-values") || "[]");
        var values = answerValues(form, key, wrapper.getAttribute("data-show-type"));
        var controller = document.getElementById("wrap-" + key);
        var shown;
        if (values === null) {
          shown = wrapper.getAttribute("data-shown") !== "false";
        } else {
          shown = !(controller && controller.hidden) && values.some(function (v) {
            return wanted.indexOf(v) !== -1;
          });
        }
        if (wrapper.hidden === shown) {
          wrapper.hidden = !shown; // hidden: out of sight and out of the accessibility tree
          said.push(wrapper.getAttribute(shown ? "data-msg-shown" : "data-msg-hidden"));
        }
      });
      if (announce && said.length) {
        live.textContent = said.join(" ");
      }
    }

    form.addEventListener("change", function () { update(true); });
    form.addEventListener("input", function (event) {
      if (event.target.tagName === "SELECT") {
        update(true);
      }
    });
    update(false);
  }

  function setupForm(form) {
    setupConditions(form);
    form.querySelectorAll("[data-count-for]").forEach(function (counter) {
      setupCounter(counter, form);
    });
    // 401 (session expired), 409 (changed elsewhere, or closed) and 422 (an answer longer
    // than the form allows) carry a message to show.
    // The preview of a form (staff) tries answers without saving: it loads no autosave.
    if (typeof window.prizeAutosave === "function") {
      window.prizeAutosave(form, { shownCodes: [401, 409, 422] });
    }
  }

  function init() {
    var form = document.getElementById("step-form");
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
