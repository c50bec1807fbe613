// The activity tree of an action plan: move rows up and down. The hidden ORDER field of each
// row follows the rows' order on the page, and the server derives positions (and so the
// numbers 1. / 1.1 / 1)) from it. Adding and removing rows is formset.js's job.
(function () {
  "use strict";

  function renumber(tbody) {
    var n = 0;
    tbody.querySelectorAll("tr[data-row]").forEach(function (row) {
      var order = row.querySelector("input[data-order]");
      n += 1;
      if (order) order.value = String(n);
    });
  }

  document.querySelectorAll("[data-tree]").forEach(function (container) {
    var tbody = container.querySelector("tbody");
    container.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) return;
      var row = button.closest("tr[data-row]");
      if (button.getAttribute("data-move") === "up") {
        var before = row.previousElementSibling;
        while (before && before.hidden) before = before.previousElementSibling;
        if (before) tbody.insertBefore(row, before);
      } else {
        var after = row.nextElementSibling;
        while (after && after.hidden) after = after.nextElementSibling;
        if (after) tbody.insertBefore(after, row);
      }
      renumber(tbody);
      button.focus();
    });
    var form = container.closest("form");
    if (form) form.addEventListener("submit", function () { renumber(tbody); });
  });
})();
