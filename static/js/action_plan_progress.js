// The progress report form: keep the total of "ใช้จ่ายจริง" up to date while typing.
// The server computes every total again on save; this one only helps while typing.
(function () {
  "use strict";

  function number(value) {
    var n = parseFloat(String(value).replace(/,/g, ""));
    return isFinite(n) ? n : 0;
  }

  document.querySelectorAll("[data-progress]").forEach(function (container) {
    function update() {
      var total = 0;
      var any = false;
      container.querySelectorAll('[data-sum="spent"]').forEach(function (input) {
        if (String(input.value).trim() !== "") { any = true; total += number(input.value); }
      });
      container.querySelectorAll('[data-total="spent"]').forEach(function (el) {
        el.textContent = any ? total.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 2 }) : "-";
      });
    }
    container.addEventListener("input", update);
  });
})();
