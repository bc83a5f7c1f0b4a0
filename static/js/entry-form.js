/* The application form: live word and character counters, and the glue around htmx autosave
   (show why a save failed, wait for a running autosave before a button submits the form, warn
   before leaving with unsaved changes). The server decides everything; this only helps. */
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
      var count = unit === "words" ? countWords(input.value) : input.value.trim().length;
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

  function setupForm(form) {
    var status = document.getElementById("save-status");
    var inFlight = 0;
    var pendingSubmitter = null;
    var submitting = false;
    var changedAt = 0; // when the form last changed (0: nothing unsaved)
    var sentAt = 0;

    form.querySelectorAll("[data-count-for]").forEach(function (counter) {
      setupCounter(counter, form);
    });

    function showFailure(message) {
      if (status) {
        status.innerHTML = "";
        var span = document.createElement("span");
        span.className = "text-danger fw-semibold";
        span.textContent = message;
        status.appendChild(span);
      }
    }

    function changed() { changedAt = Date.now(); }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);

    form.addEventListener("htmx:beforeRequest", function (event) {
      if (submitting) {
        event.preventDefault(); // the page is being submitted: that save carries everything
        return;
      }
      inFlight += 1;
      sentAt = Date.now();
    });

    form.addEventListener("htmx:afterRequest", function (event) {
      inFlight = Math.max(0, inFlight - 1);
      var xhr = event.detail.xhr;
      if (xhr && xhr.status === 200 && changedAt <= sentAt) {
        changedAt = 0; // saved, and nothing typed since the save was sent
      }
      if (inFlight === 0 && pendingSubmitter !== null) {
        var submitter = pendingSubmitter;
        pendingSubmitter = null;
        // let htmx finish swapping the new version number in first
        window.setTimeout(function () { submit(submitter); }, 0);
      }
    });

    // 401 (session expired) and 409 (changed elsewhere, or closed) carry a message to show.
    form.addEventListener("htmx:beforeSwap", function (event) {
      var code = event.detail.xhr.status;
      if (code === 401 || code === 409) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    });

    form.addEventListener("htmx:responseError", function (event) {
      var code = event.detail.xhr.status;
      if (code !== 401 && code !== 409) {
        showFailure(form.getAttribute("data-msg-failed"));
      }
    });

    form.addEventListener("htmx:sendError", function () {
      showFailure(form.getAttribute("data-msg-offline"));
    });

    function submit(submitter) {
      submitting = true;
      if (form.requestSubmit) {
        form.requestSubmit(submitter || undefined);
      } else {
        form.submit();
      }
    }

    form.addEventListener("submit", function (event) {
      if (submitting) {
        return;
      }
      if (inFlight > 0) {
        // An autosave is on its way: submit once it is back, with the version it returns.
        event.preventDefault();
        pendingSubmitter = event.submitter || null;
        return;
      }
      submitting = true;
    });

    window.addEventListener("beforeunload", function (event) {
      if (changedAt && !submitting) {
        event.preventDefault();
        event.returnValue = form.getAttribute("data-msg-leave");
      }
    });
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
