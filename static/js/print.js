/* A "Print" button: any button with data-print prints the page. An enhancement: the button is
   hidden until this runs, and the browser's own print command does the same. */
(function () {
  "use strict";

  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
