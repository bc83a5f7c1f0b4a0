/* "Select all" for a table of checkboxes: the box #select-all ticks or clears every named checkbox
   inside the element its aria-controls names, and shows "some" (indeterminate) when only part is
   ticked. An enhancement: without JavaScript the box stays hidden and each row is ticked alone. */
(function () {
  "use strict";

  var all = document.getElementById("select-all");
  var body = all && document.getElementById(all.getAttribute("aria-controls"));
  var boxes = body ? body.querySelectorAll('input[type="checkbox"][name]') : [];
  if (!boxes.length) {
    return;
  }
  all.hidden = false;
  function sync() {
    var ticked = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
    all.checked = ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  }
  all.addEventListener("change", function () {
    boxes.forEach(function (b) { b.checked = all.checked; });
  });
  boxes.forEach(function (b) { b.addEventListener("change", sync); });
  sync();
})();
