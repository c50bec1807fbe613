// Inline formsets: add and remove rows, and keep the computed totals up to date as one types.
// The server computes every figure again on save; these totals only help while typing.
(function () {
  "use strict";

  function number(value) {
    var n = parseFloat(String(value).replace(/,/g, ""));
    return isFinite(n) ? n : 0;
  }

  function money(n) {
    return n.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 2 });
  }

  function isDeleted(row) {
    var del = row.querySelector('input[type="checkbox"][name$="-DELETE"]');
    return del && del.checked;
  }

  function updateTotals(container) {
    var rows = container.querySelectorAll("tbody tr[data-row]");
    var activityTotal = 0;
    var linesTotal = 0;
    rows.forEach(function (row) {
      if (isDeleted(row)) return;
      var budget = row.querySelector('[data-sum="activity-budget"]');
      if (budget) activityTotal += number(budget.value);
      var qty = row.querySelector('[data-factor="quantity"]');
      var rate = row.querySelector('[data-factor="rate"]');
      if (qty && rate) {
        var amount = number(qty.value) * number(rate.value);
        linesTotal += amount;
        var cell = row.querySelector("[data-amount]");
        if (cell) cell.textContent = amount ? money(amount) : "-";
      }
    });
    container.querySelectorAll('[data-total="activities"]').forEach(function (el) { el.textContent = money(activityTotal); });
    container.querySelectorAll('[data-total="lines"]').forEach(function (el) { el.textContent = money(linesTotal); });
  }

  function setUp(container) {
    var prefix = container.getAttribute("data-formset");
    var total = container.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var template = container.querySelector("template[data-empty-row]");
    var tbody = container.querySelector("tbody");

    container.addEventListener("click", function (event) {
      var add = event.target.closest("[data-add-row]");
      if (add) {
        var index = parseInt(total.value, 10);
        var html = template.innerHTML.replace(/__prefix__/g, String(index));
        tbody.insertAdjacentHTML("beforeend", html);
        total.value = String(index + 1);
        var first = tbody.lastElementChild.querySelector("input, select, textarea");
        if (first) first.focus();
        updateTotals(container);
      }
      var remove = event.target.closest("[data-remove-row]");
      if (remove) {
        var row = remove.closest("tr[data-row]");
        var del = row.querySelector('input[type="checkbox"][name$="-DELETE"]');
        if (del) del.checked = true;
        row.hidden = true;
        updateTotals(container);
      }
    });
    container.addEventListener("input", function () { updateTotals(container); });
    updateTotals(container);
  }

  document.querySelectorAll("[data-formset]").forEach(setUp);
})();
