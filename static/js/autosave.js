/* The glue around an htmx autosave form, shared by the application form and the judge's scoring
   form: show why a save failed (the server's message for the codes it explains, otherwise a
   generic one, or "offline"), wait for a running autosave before a button submits the form (so
   the submit carries the version the save returned), and warn before leaving with unsaved
   changes. The server decides everything; this only helps.

   window.prizeAutosave(form, {shownCodes: [401, 409]}): the form carries the messages in
   data-msg-failed, data-msg-offline and data-msg-leave; #save-status shows them. */
(function () {
  "use strict";

  window.prizeAutosave = function (form, options) {
    var shownCodes = (options && options.shownCodes) || [401, 409];
    var status = document.getElementById("save-status");
    var inFlight = 0;
    var pendingSubmitter = null;
    var submitting = false;
    var changedAt = 0; // when the form last changed (0: nothing unsaved)
    var sentAt = 0;

    function showFailure(message) {
      if (!status) {
        return;
      }
      status.innerHTML = "";
      var span = document.createElement("span");
      span.className = "text-danger fw-semibold";
      span.textContent = message;
      status.appendChild(span);
    }

    function submit(submitter) {
      submitting = true;
      if (form.requestSubmit) {
        form.requestSubmit(submitter || undefined);
      } else {
        form.submit();
      }
    }

    // This tab's writer id (prize/writers.py): kept across reloads of the tab, new in a new
    // tab, so the server tells this tab's own earlier saves from another tab's or person's.
    function writerId() {
      var id = "";
      try { id = window.sessionStorage.getItem("prize-writer") || ""; } catch (e) { id = ""; }
      if (!/^[A-Za-z0-9-]{8,64}$/.test(id)) {
        id = window.crypto && window.crypto.randomUUID ? window.crypto.randomUUID()
          : "w" + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
        try { window.sessionStorage.setItem("prize-writer", id); } catch (e) { /* private */ }
      }
      return id;
    }
    var writer = form.querySelector("input[name=writer]");
    if (!writer) {
      writer = document.createElement("input");
      writer.type = "hidden";
      writer.name = "writer";
      form.appendChild(writer);
    }
    writer.value = writerId();

    function changed() { changedAt = Date.now(); }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);

    form.addEventListener("htmx:beforeRequest", function (event) {
      if (submitting) {
        event.preventDefault(); // the page is being submitted: that request carries everything
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
        // let htmx swap the new version number in first
        window.setTimeout(function () { submit(submitter); }, 0);
      }
    });

    // The server's message says why a save was refused: show it instead of dropping it.
    form.addEventListener("htmx:beforeSwap", function (event) {
      if (shownCodes.indexOf(event.detail.xhr.status) !== -1) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    });

    form.addEventListener("htmx:responseError", function (event) {
      if (shownCodes.indexOf(event.detail.xhr.status) === -1) {
        showFailure(form.getAttribute("data-msg-failed"));
      }
    });

    form.addEventListener("htmx:sendError", function () {
      showFailure(form.getAttribute("data-msg-offline"));
    });

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
  };
})();
