/* The form builder (templates/entries/forms/): small enhancements of pages that work without
   JavaScript.
   - On a field's or a step's page, only the options of the chosen type (or kind) are shown
     (fieldsets marked data-for-types / data-for-kinds); without JavaScript all are.
   - On the builder, Up and Down swap the list through htmx: the focus stays on the button pressed
     (or its pair, once at the top or the bottom) and the change is announced.
   - Steps and fields can be dragged within their list: the drop submits the hidden form
     #builder-drag with the new position, like Up and Down. */
(function () {
  "use strict";

  // --- Options of the chosen type ---------------------------------------------------------------
  function showOptions(form) {
    var type = form.querySelector("select[name=type]");
    var kind = form.querySelector("input[name=kind]:checked");
    form.querySelectorAll("[data-for-types]").forEach(function (set) {
      set.hidden = !!type && set.dataset.forTypes.split(" ").indexOf(type.value) < 0;
    });
    form.querySelectorAll("[data-for-kinds]").forEach(function (set) {
      set.hidden = !!kind && set.dataset.forKinds.split(" ").indexOf(kind.value) < 0;
    });
  }

  document.querySelectorAll("form[data-builder-options]").forEach(function (form) {
    showOptions(form);
    form.addEventListener("change", function (event) {
      if (event.target.name === "type" || event.target.name === "kind") {
        showOptions(form);
      }
    });
  });

  // --- Focus and announcement after a swap ---------------------------------------------------------
  var pressed = null;

  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    pressed = active && active.id ? {id: active.id, other: active.dataset.builderOther} : null;
  });

  document.addEventListener("htmx:afterSettle", function () {
    var builder = document.getElementById("builder");
    if (!builder) {
      return;
    }
    var status = document.getElementById("builder-status");
    var error = document.getElementById("builder-error");
    var announce = document.getElementById("builder-announce");
    if (announce) {
      announce.textContent = error ? error.textContent.trim() : (status ? status.textContent : "");
    }
    if (error) {
      error.focus();
      return;
    }
    if (pressed) {
      var again = document.getElementById(pressed.id);
      if (!again || again.disabled) {
        again = pressed.other ? document.getElementById(pressed.other) : null;
      }
      if (again && !again.disabled && document.activeElement !== again) {
        again.focus();
      }
      pressed = null;
    }
  });

  // --- Dragging ------------------------------------------------------------------------------------
  var dragged = null;

  function enableDragging() {
    if (!document.getElementById("builder-drag")) {
      return;
    }
    document.querySelectorAll("[data-builder-list] > [data-builder-key]").forEach(function (item) {
      item.draggable = true;
      item.classList.add("builder-draggable");
    });
  }

  // The item of the dragged one's list that ``node`` is in (or null).
  function sibling(node) {
    while (node && node !== document) {
      if (node.parentElement === dragged.parentElement && node.dataset &&
          node.dataset.builderKey) {
        return node;
      }
      node = node.parentElement;
    }
    return null;
  }

  function clearMarks() {
    document.querySelectorAll(".builder-over").forEach(function (item) {
      item.classList.remove("builder-over");
    });
  }

  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest("[data-builder-key]");
    if (!item || !item.draggable || item !== event.target) {
      return;
    }
    dragged = item;
    item.classList.add("builder-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.builderKey);
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) {
      return;
    }
    var over = sibling(event.target);
    if (over) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      clearMarks();
      if (over !== dragged) {
        over.classList.add("builder-over");
      }
    }
  });

  document.addEventListener("drop", function (event) {
    if (!dragged) {
      return;
    }
    var over = sibling(event.target);
    if (!over || over === dragged) {
      return;
    }
    event.preventDefault();
    var items = Array.prototype.filter.call(dragged.parentElement.children, function (child) {
      return child.dataset && child.dataset.builderKey;
    });
    var form = document.getElementById("builder-drag");
    form.elements.kind.value = dragged.parentElement.dataset.builderList;
    form.elements.key.value = dragged.dataset.builderKey;
    form.elements.position.value = String(items.indexOf(over));
    pressed = null;
    form.requestSubmit();
  });

  document.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("builder-dragging");
    }
    dragged = null;
    clearMarks();
  });

  document.addEventListener("htmx:afterSettle", enableDragging);
  enableDragging();
})();
