/* The preview of an application form (templates/entries/forms/preview.html) runs the entrant's
   form script (static/js/entry-form.js: conditions, word counts) but tries answers without
   saving them: the autosave it starts is left out here. Loaded before entry-form.js. */
(function () {
  "use strict";
  if (typeof window.prizeAutosave !== "function") {
    window.prizeAutosave = function () {};
  }
})();
